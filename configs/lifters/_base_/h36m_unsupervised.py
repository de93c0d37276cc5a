# Lifters that learn from 2D alone. No 3D can reach training: the only dataset is H36M2DPoseDataset,
# which reads 2D files (--data-2d: the detections and/or the ground-truth 2D that
# tools/project_h36m_2d.py writes, comma-separated) and nothing else, and there is no validation loop
# (it would need 3D). tools/test.py scores the exported lifter afterwards.
#
# Model selection without labels: the exported weights are the average of the weights over the second
# half of training (stochastic weight averaging, mmengine's EMAHook), because adversarial training
# oscillates from epoch to epoch (TIPSy's Figure 3) and an average smooths that without any 3D.
_base_ = ['./default_runtime.py']
train_subjects = 'S1,S5,S6,S7'
batch_size = 8192
lr = 2e-4
max_iters = 40000
codec = dict(type='RootScaleCodec', scale='max', unit_mm=900.0)

train_dataloader = dict(
    batch_size=batch_size, num_workers=0, collate_fn=dict(type='lift3d.batch_collate'),
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='H36M2DPoseDataset', data_2d=None, subjects=train_subjects, stride=1, flip_prob=0.5,
                 codec=codec))
val_dataloader = None
val_cfg = None
val_evaluator = None
train_cfg = dict(type='CampaignTrainLoop', max_iters=max_iters, val_interval=10 ** 9)

_adam = dict(type='BF16OptimWrapper', optimizer=dict(type='Adam', lr=lr, betas=(0.5, 0.999)))
optim_wrapper = dict(constructor='SubmoduleOptimWrapperConstructor', generator=_adam,
                     discriminator=_adam)
param_scheduler = None  # a constant rate, as in TIPSy; the weight average does the settling
default_hooks = dict(param_scheduler=None)
model_wrapper_cfg = dict(type='MMSeparateDistributedDataParallel', broadcast_buffers=False, find_unused_parameters=False)
custom_hooks = [
    dict(type='EMAHook', ema_type='StochasticWeightAverage', begin_iter=max_iters // 2, update_buffers=True),
    dict(type='ExportLifterHook'),
]

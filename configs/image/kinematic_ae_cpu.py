# The kinematic autoencoder for 2 CPU cores: 64 px crops, features at 8 x 8, a quarter of the appearance
# width. Same data, losses and optimisers as the GPU config. Batch 32 in the training process (no loader
# workers): 17.6 samples/s against 14.4 at batch 8 (tools/benchmark_training.py on an AMD EPYC, fp32, where
# the ResNet-50 trunk is compute-bound at ~0.5 of the matmul rate). bf16 autocast where the CPU has it.
#   python tools/train.py configs/image/kinematic_ae_cpu.py --data CACHE --work-dir DIR [--resume]
_base_ = ['./kinematic_ae.py']
image_size = 64
max_iters = 150  # 50 turns through the three losses
model = dict(image_size=image_size, stride=8, width=0.25)
train_dataloader = dict(batch_size=32, num_workers=0, persistent_workers=False, dataset=dict(image_size=image_size))
train_cfg = dict(max_iters=max_iters)
_adagrad = dict(type='BF16OptimWrapper', optimizer=dict(type='Adagrad', lr=1e-3))
optim_wrapper = dict(
    _delete_=True, constructor='SubmoduleOptimWrapperConstructor',
    paired=dict(_adagrad, modules=['pose_encoder', 'appearance_encoder', 'learned_map', 'map_encoder', 'decoder']),
    unpaired=dict(_adagrad, modules=['pose_encoder', 'appearance_encoder']),
    prior=dict(_adagrad, modules=['pose_encoder']))
# Log every two turns through the three losses, so each logged loss averages them alike.
default_hooks = dict(checkpoint=dict(interval=30, max_keep_ckpts=2), logger=dict(interval=6))
log_processor = dict(window_size=6)
custom_hooks = [dict(type='ExportLifterHook'), dict(type='ImagePreviewHook', interval=75)]

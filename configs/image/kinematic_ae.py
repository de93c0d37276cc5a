# Kinematic-structure-preserving autoencoder (Kundu et al. 2020) on a prepared video cache, on a GPU:
# 224 px crops, features at 14 x 14, three AdaGrad optimisers (lr 1e-3), one per loss.
#   python tools/prepare_videos.py VIDEOS --out CACHE --crop-size 224    (add synthetic videos for the prior)
#   torchrun --nproc_per_node 8 tools/train.py configs/image/kinematic_ae.py --data CACHE --launcher pytorch
_base_ = ['../lifters/_base_/default_runtime.py']
image_size = 224
batch_size = 32
max_iters = 150000
model = dict(type='KinematicAE', image_size=image_size, stride=16, width=1.0, use_fk=True, use_maps=True,
             use_unpaired=True, lambda_pose=1.0, lambda_app=0.1, pose_weights=None)
train_dataloader = dict(
    batch_size=batch_size, num_workers=8, persistent_workers=True, collate_fn=dict(type='lift3d.batch_collate'),
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='VideoPairDataset', data_root=None, split='paired', min_gap_seconds=1.0, image_size=image_size,
                 with_unpaired=True, prior_samples=20))
train_cfg = dict(type='CampaignTrainLoop', max_iters=max_iters)
_adagrad = dict(type='AmpOptimWrapper', dtype='bfloat16', optimizer=dict(type='Adagrad', lr=1e-3))
optim_wrapper = dict(
    constructor='SubmoduleOptimWrapperConstructor',
    paired=dict(_adagrad, modules=['pose_encoder', 'appearance_encoder', 'learned_map', 'map_encoder', 'decoder']),
    unpaired=dict(_adagrad, modules=['pose_encoder', 'appearance_encoder']),
    prior=dict(_adagrad, modules=['pose_encoder']))
param_scheduler = None
model_wrapper_cfg = dict(type='MMDistributedDataParallel', find_unused_parameters=True)
default_hooks = dict(param_scheduler=None, checkpoint=dict(interval=2000), logger=dict(interval=60))
custom_hooks = [dict(type='ExportLifterHook'), dict(type='ImagePreviewHook', interval=2000)]

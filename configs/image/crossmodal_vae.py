# Cross-modal VAE on a prepared video cache (tools/prepare_videos.py), on a GPU: 128 px crops, bf16
# autocast, batch 128. Synthetic clips in the cache (tools/make_synthetic_videos.py) bring 3D labels.
#   python tools/prepare_videos.py VIDEOS --out CACHE --crop-size 128
#   torchrun --nproc_per_node 8 tools/train.py configs/image/crossmodal_vae.py --data CACHE --launcher pytorch
_base_ = ['../lifters/_base_/default_runtime.py']
image_size = 128
batch_size = 128
max_iters = 100000
model = dict(type='CrossModalVAE', image_size=image_size, latent=64, hidden=512, beta_max=1e-3, beta_warmup=2,
             beta_cycle=10, beta_hold=2, iters_per_epoch=1000, image_weights=None)
train_dataloader = dict(
    batch_size=batch_size, num_workers=8, persistent_workers=True, collate_fn=dict(type='lift3d.batch_collate'),
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='VideoPairDataset', data_root=None, split='all', min_gap_seconds=1.0, image_size=image_size))
train_cfg = dict(type='CampaignTrainLoop', max_iters=max_iters)
optim_wrapper = dict(type='AmpOptimWrapper', dtype='bfloat16', optimizer=dict(type='Adam', lr=2e-4))
param_scheduler = [dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=2e-6, by_epoch=False)]
default_hooks = dict(checkpoint=dict(interval=2000), logger=dict(interval=50))
custom_hooks = [dict(type='ExportLifterHook'), dict(type='ImagePreviewHook', interval=2000)]

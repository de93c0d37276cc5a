# The cross-modal VAE's pose paths first (2D -> 3D, 3D -> 3D, 3D -> 2D, 2D -> 2D), on Human3.6M motion
# capture of S1, S5, S6, S7 (H36MCropPoseDataset: the 2D as in a person crop, the 3D in metres): a million
# poses, where the video cache's renders hold about 80 000, and MLP steps of milliseconds. The image
# campaign then starts from these weights (crossmodal_vae_64px_posefirst.py) and its image encoder learns
# into a latent space that already decodes to poses.
#   python tools/train.py configs/image/crossmodal_vae_64px_poses.py --data-3d h36m_train_3d.npz \
#       --cameras h36m_cameras.json --work-dir POSES --threads 1
# The shipped weights' stage: the same on all five subjects (--cfg-options train_dataloader.dataset.subjects=S1,S5,S6,S7,S8).
_base_ = ['./crossmodal_vae_64px_pseudo_image3d.py']
max_iters = 20000
model = dict(pairs=[('pose2d', 'pose3d'), ('pose3d', 'pose3d'), ('pose2d', 'pose3d'), ('pose3d', 'pose2d'),
                    ('pose2d', 'pose3d'), ('pose2d', 'pose2d')], iters_per_epoch=600)
train_dataloader = dict(batch_size=1024, dataset=dict(_delete_=True, type='H36MCropPoseDataset', data_3d=None,
                                                      cameras=None, subjects='S1,S5,S6,S7'))
train_cfg = dict(max_iters=max_iters)
param_scheduler = [dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=1e-5, by_epoch=False)]
default_hooks = dict(checkpoint=dict(interval=2000, max_keep_ckpts=2), logger=dict(interval=200))
custom_hooks = [dict(type='ExportLifterHook')]  # no image preview: these batches have no images

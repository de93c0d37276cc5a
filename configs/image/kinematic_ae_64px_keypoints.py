# The kinematic autoencoder whose E_P reads where the joints are (spatial_2d), for 2 CPU cores: at 64 px a
# pooled ResNet ends in a 2 x 2 map, too coarse for 2D (the cross-modal VAE's finding, docs/image_branch.md).
# E_P: ResNet-18's stride-8/16 maps -> heatmaps -> soft-argmax 2D -> an MLP to the 40 kinematic parameters
# and the camera; forward kinematics, projection, maps, appearance encoder and decoder as in kinematic_ae.
# Weakly supervised (the seed's variant with 2D labels): the heatmaps' 2D and the projected pose are pulled
# to each crop's keypoints. The MLP first learns from motion capture (kinematic_ae_64px_poses, 10 min);
# the trunk and head may start from a trained cross-modal VAE's (model.keypoint_weights). Same cache as
# crossmodal_vae_64px_pseudo.py:
#   python tools/train.py configs/image/kinematic_ae_64px_poses.py --data-3d h36m_train_3d.npz \
#       --cameras h36m_cameras.json --work-dir POSES --threads 1
#   python tools/train.py configs/image/kinematic_ae_64px_keypoints.py --data CACHE --work-dir W --threads 1 \
#       --time-budget 1h --cfg-options load_from=POSES/iter_10000.pth \
#       [model.keypoint_weights=checkpoints/crossmodal_vae_64px_keypoints.pth] [--resume]
_base_ = ['./kinematic_ae_cpu.py']
max_iters = 9000  # 3000 turns through the three losses
model = dict(spatial_2d=True, weak_2d_weight=1.0)
train_dataloader = dict(dataset=dict(prior_samples=2000))  # labelled renders for the prior step
train_cfg = dict(max_iters=max_iters)
# A tenth of the rate on the trunk and the heatmap head, which may start trained (keypoint_weights):
# AdaGrad's first steps are as large as its rate on every weight alike.
_slow_2d = dict(custom_keys={'image.net': dict(lr_mult=0.1), 'keypoints.': dict(lr_mult=0.1)})
optim_wrapper = dict(paired=dict(paramwise_cfg=_slow_2d), unpaired=dict(paramwise_cfg=_slow_2d),
                     prior=dict(paramwise_cfg=_slow_2d))
default_hooks = dict(checkpoint=dict(interval=600, max_keep_ckpts=2), logger=dict(interval=30))
log_processor = dict(window_size=30)
custom_hooks = [dict(type='ExportLifterHook'), dict(type='ImagePreviewHook', interval=1500)]

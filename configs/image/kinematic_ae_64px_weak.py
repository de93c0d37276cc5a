# The kinematic-structure autoencoder campaign (not shipped yet: docs/image_branch.md): the 2-core config
# (64 px crops, features at 8 x 8) for a campaign of hours, weakly supervised as the seed's variant with 2D
# labels is: the projected pose is also pulled towards each crop's keypoints (the detector's on real clips,
# exact on synthetic renders). The cache is crossmodal_vae_64px_pseudo's (real videos + synthetic
# S1/S5/S6/S7 renders over their backgrounds); the unsupervised variant is this config with
# model.weak_2d_weight=0.
#   python tools/train.py configs/image/kinematic_ae_64px_weak.py --data CACHE --work-dir W \
#       --time-budget 1h30m --threads 1 [--resume]
_base_ = ['./kinematic_ae_cpu.py']
max_iters = 1800  # ~90 min at one thread on an AMD EPYC core (2.9 s an iteration, batch 32)
model = dict(weak_2d_weight=1.0)
train_cfg = dict(max_iters=max_iters)
default_hooks = dict(checkpoint=dict(interval=150, max_keep_ckpts=2), logger=dict(interval=30))
log_processor = dict(window_size=30)
custom_hooks = [dict(type='ExportLifterHook'), dict(type='ImagePreviewHook', interval=600)]

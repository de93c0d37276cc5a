# PoseFlow fitted to 2D as the VAE-GAN encodes it (vae_gan_upright_h36m: root-to-head scale, 700 mm units, each
# pose seen from a virtual camera looking at its root; `--cameras` for the intrinsics): the fixed 2D prior of
# vae_gan_flow_bones_h36m. 3000 iterations at batch 1024 (4 min on one core); NLL -6.8 per pose at the end.
_base_ = ['./pose_flow_upright_h36m.py']
max_iters = 3000
codec = dict(scale='head', unit_mm=700.0)  # merged into the base's perspective codec
model = dict(codec=codec)
train_dataloader = dict(dataset=dict(codec=codec))
train_cfg = dict(max_iters=max_iters)
param_scheduler = [dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=1e-5, by_epoch=False)]

# The cross-modal VAE campaign (not shipped yet: docs/image_branch.md): the 2-core config (64 px crops,
# narrow pose networks, batch 64) for a campaign of hours, with the shipped temporal lifter's 3D of every
# real crop as a soft target (pseudo_weight 1: 37 mm closer to the keypoint pipeline on a held-out real
# video in the 29-minute A/B, docs/image_branch.md). The cache: real videos with pseudo-labels plus
# synthetic S1/S5/S6/S7 renders over the real videos' background medians (S8 stays out for the benchmark):
#   python tools/prepare_videos.py REAL_FOLDER --out CACHE --crop-size 64
#   python tools/make_synthetic_videos.py --data-3d h36m_train_3d.npz --subjects S1,S5,S6,S7 \
#       --out REAL_FOLDER/synthetic --videos 80 --seconds 4 --backgrounds CACHE/backgrounds
#   python tools/prepare_videos.py REAL_FOLDER --out CACHE --crop-size 64      # adds the renders
#   python tools/train.py configs/image/crossmodal_vae_64px_pseudo.py --data CACHE --work-dir W \
#       --time-budget 1h40m --threads 1 [--resume]
_base_ = ['./crossmodal_vae_cpu.py']
max_iters = 5600  # ~90 min at one thread on an AMD EPYC core (0.95 s an iteration)
model = dict(pseudo_weight=1.0, iters_per_epoch=280)  # beta's cycles: every 10 x 280 iterations
train_cfg = dict(max_iters=max_iters)
param_scheduler = [dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=1e-5, by_epoch=False)]
default_hooks = dict(checkpoint=dict(interval=250, max_keep_ckpts=2), logger=dict(interval=28))
custom_hooks = [dict(type='ExportLifterHook'), dict(type='ImagePreviewHook', interval=1000)]

# The cross-modal VAE campaign with its steps weighted toward image -> 3D (not shipped yet:
# docs/image_branch.md). In the base config each of the 7 encoder-decoder pairs trains one step in 7, so
# in 5600 iterations image -> 3D, the path inference takes, saw only ~51 000 crops; here it takes 4 of
# every 10 steps, and every pair that feeds the 3D decoder or the image encoder keeps a turn. Same cache
# and commands as crossmodal_vae_64px_pseudo.py. A/B at 68 min each on 80 876 crops (docs/image_branch.md):
# synthetic S8 P2 120.1 against 121.4 for the 7 pairs in turn, 83.7 against 91.6 on a held-out real video.
_base_ = ['./crossmodal_vae_64px_pseudo.py']
max_iters = 20000  # ~70 min at one thread (0.2 s an iteration on an AMD EPYC core)
model = dict(pairs=[('image', 'pose3d'), ('image', 'image'), ('image', 'pose3d'), ('pose2d', 'pose3d'),
                    ('image', 'pose3d'), ('image', 'pose2d'), ('image', 'pose3d'), ('pose3d', 'pose3d'),
                    ('pose3d', 'pose2d'), ('pose2d', 'pose2d')])
train_cfg = dict(max_iters=max_iters)
param_scheduler = [dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=1e-5, by_epoch=False)]

# The cross-modal VAE campaign from pose paths trained first on motion capture: crossmodal_vae_64px_poses.py
# (about 10 minutes of one core), then this, the image -> 3D weighted campaign of
# crossmodal_vae_64px_pseudo_image3d.py on a video cache, starting from those weights. Same cache and
# commands as crossmodal_vae_64px_pseudo.py, plus:
#   python tools/train.py configs/image/crossmodal_vae_64px_posefirst.py --data CACHE --work-dir W \
#       --time-budget 1h30m --threads 1 --cfg-options load_from=POSES/iter_20000.pth [--resume]
_base_ = ['./crossmodal_vae_64px_pseudo_image3d.py']

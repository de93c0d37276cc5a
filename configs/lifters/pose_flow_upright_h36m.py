# PoseFlow fitted to 2D as the upright lifters see it (tipsy_parts_upright_h36m, vae_gan_upright_h36m's
# perspective codec: each pose from a virtual camera looking at its root; `--cameras` for the intrinsics).
_base_ = ['./pose_flow_h36m.py']
codec = dict(perspective=True)  # merged into the base's codec
model = dict(codec=codec)
train_dataloader = dict(dataset=dict(codec=codec, cameras=None))  # cameras: from --cameras

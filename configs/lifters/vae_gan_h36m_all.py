# The shipped VAE-GAN lifter: vae_gan_upright_h36m (novel views about the world's up, seen in a virtual
# camera looking at the root) on the 2D of all five training subjects. checkpoints/vae_gan_h36m_all.pth
# was trained on 2 CPU cores (ground-truth 2D from tools/project_h36m_2d.py, --cameras for the
# intrinsics, batch 1024, "epochs" of 20 iterations for the beta cycles):
#   1. vae_gan_upright_h36m --cfg-options model.iters_per_epoch=20 train_cfg.max_iters=1200
#      custom_hooks.0.begin_iter=600                                                   (S1,S5,S6,S7)
#   2. this config from step 1's weights: load_from=STEP1/iter_1200.pth model.iters_per_epoch=20
#      train_cfg.max_iters=400 custom_hooks.0.begin_iter=200
#   3. the fixed priors in place of the critic (issue 23; vae_gan_flow_bones_h36m's recipe): FLOW =
#      pose_flow_vae_gan_h36m on the 2D of all five (train_dataloader.dataset.subjects=S1,S5,S6,S7,S8), then
#      vae_gan_flow_bones_h36m from step 2's export: load_from=STEP2/lifter.pth model.prior=FLOW/lifter.pth
#      train_dataloader.dataset.subjects=S1,S5,S6,S7,S8
_base_ = ['./vae_gan_upright_h36m.py']
train_subjects = 'S1,S5,S6,S7,S8'
train_dataloader = dict(dataset=dict(subjects=train_subjects))

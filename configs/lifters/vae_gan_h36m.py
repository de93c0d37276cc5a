# VAE-GAN lifter (KTH thesis): hidden 1024, latent 512, one residual block (the discriminator none: one fewer); beta cyclically annealed to 1e-3 (10-epoch
# warm-up, 40-epoch cycles, the last 10 held); discriminator 3 steps per VAE step; train S1,S5,S6,S7.
# w_90=0.3 adds TIPSy's 90-degree consistency, which the thesis does not have. Trained like the shipped
# one (1200 iterations from scratch, "epochs" of 20 iterations), S8 every 5th frame, GT / SH 2D:
# P2 94.9 / 114.6 mm with it against 94.1 / 136.8 without; P1 156.4 / 185.7 against 176.3 / 218.3;
# best of 10 hypotheses, P2 88.4 against 98.3.
_base_ = ['./_base_/h36m_unsupervised.py']
codec = dict(type='RootScaleCodec', scale='head', unit_mm=700.0)  # root-to-head = 1; ~0.7 m, a human prior
batch_size = 1024
# An "epoch" of 2D poses: S1,S5,S6,S7 hold ~1.2 M poses (4 cameras) -> ~1200 steps at batch 1024.
iters_per_epoch = 1200
model = dict(type='VAEGANLifter', hidden=1024, latent=512, num_blocks=1, beta_max=1e-3, beta_warmup=10,
             beta_cycle=40, beta_hold=10, iters_per_epoch=iters_per_epoch, w_reproj=1.0, w_adv=0.1, w_90=0.3,
             disc_hidden=1024, disc_blocks=0, wgan=False, disc_steps=3, distance=5.0, flip_test=True, codec=codec)
train_dataloader = dict(batch_size=batch_size, dataset=dict(codec=codec))

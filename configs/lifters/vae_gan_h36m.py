# VAE-GAN lifter (KTH thesis): hidden 1024, latent 512, one residual block (the discriminator none: one fewer); beta cyclically annealed to 1e-3 (10-epoch
# warm-up, 40-epoch cycles, the last 10 held); discriminator 3 steps per VAE step; train S1,S5,S6,S7.
_base_ = ['./_base_/h36m_unsupervised.py']
codec = dict(type='RootScaleCodec', scale='head', unit_mm=700.0)  # root-to-head = 1; ~0.7 m, a human prior
batch_size = 1024
# An "epoch" of 2D poses: S1,S5,S6,S7 hold ~1.2 M poses (4 cameras) -> ~1200 steps at batch 1024.
iters_per_epoch = 1200
model = dict(type='VAEGANLifter', hidden=1024, latent=512, num_blocks=1, beta_max=1e-3, beta_warmup=10,
             beta_cycle=40, beta_hold=10, iters_per_epoch=iters_per_epoch, w_reproj=1.0, w_adv=0.1,
             disc_hidden=1024, disc_blocks=0, wgan=False, disc_steps=3, distance=5.0, flip_test=True, codec=codec)
train_dataloader = dict(batch_size=batch_size, dataset=dict(codec=codec))

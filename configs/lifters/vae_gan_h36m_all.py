# The shipped VAE-GAN lifter: vae_gan_h36m on the 2D of all five training subjects.
_base_ = ['./vae_gan_h36m.py']
train_subjects = 'S1,S5,S6,S7,S8'
train_dataloader = dict(dataset=dict(subjects=train_subjects))

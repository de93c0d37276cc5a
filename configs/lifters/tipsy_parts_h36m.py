# TIPSy teachers: a torso and a legs depth generator trained separately by reprojection around a random
# rotation, the 90-degree constraints and one 2D discriminator (weights w1..w4 of the paper); train S1,S5,S6,S7.
_base_ = ['./_base_/h36m_unsupervised.py']
codec = dict(type='RootScaleCodec', scale='max', unit_mm=900.0)  # 2D in [-1, 1]; 1 ~ 0.9 m, a human prior
model = dict(type='TIPSyLifter', parts=True, hidden=1024, num_blocks=2, w_adv_legs=0.05, w_reproj=10.0, w_90=3.0,
             w_adv_torso=0.08, disc_hidden=1024, disc_blocks=1, wgan=False, disc_steps=1, distance=5.0,
             flip_test=True, codec=codec)
train_dataloader = dict(dataset=dict(codec=codec))

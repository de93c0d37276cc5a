# The density of real 2D poses (PoseFlow: 26 whitened principal components, 8 affine couplings), fitted to the
# 2D of S1,S5,S6,S7 by maximum likelihood: the fixed 2D prior of an unsupervised lifter trained with
# `model.prior=WORK_DIR/lifter.pth` (ElePose's choice, in place of a discriminator). It must encode 2D as
# that lifter does: this codec is TIPSy's.
_base_ = ['./_base_/h36m_unsupervised.py']
codec = dict(type='RootScaleCodec', scale='max', unit_mm=900.0)
max_iters = 6000
model = dict(type='PoseFlow', dims=26, hidden=256, num_layers=8, noise=0.01, codec=codec)
train_dataloader = dict(batch_size=1024, dataset=dict(codec=codec))
train_cfg = dict(max_iters=max_iters)
optim_wrapper = dict(_delete_=True, type='OptimWrapper', optimizer=dict(type='Adam', lr=1e-3),
                     clip_grad=dict(max_norm=10.0))
param_scheduler = [dict(type='CosineAnnealingLR', T_max=max_iters, eta_min=1e-5, by_epoch=False)]
default_hooks = dict(param_scheduler=dict(_delete_=True, type='ParamSchedulerHook'))
model_wrapper_cfg = None
custom_hooks = [dict(type='ExportLifterHook')]

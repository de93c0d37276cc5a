# Temporal lifter over the skeleton graph (TrajectoryGCNLifter): each joint's 2D over a 243-frame window,
# as its own 2D at the output frame and the 32 lowest cosine coefficients of its trajectory, into the
# width-192 Modulated GCN. Train S1,S5,S6,S7, validate S8; the GCN's recipe (batch 256, Adam 1e-3, 80 %
# ground-truth 2D, 30000 iterations at the 120000-iteration schedule's decay), on single windows.
_base_ = ['./_base_/h36m_temporal.py']
receptive_field = 243
causal = False
max_iters = 30000
model = dict(type='TrajectoryGCNLifter', receptive_field=receptive_field, frequencies=32, causal=causal,
             hidden=192, num_blocks=2, dropout=0.0, affinity_l1=1e-5, codec={{_base_.codec}})
train_dataloader = dict(batch_size=256, dataset=dict(receptive_field=receptive_field, causal=causal, gt_fraction=0.8))
val_dataloader = dict(dataset=dict(receptive_field=receptive_field, causal=causal))
train_cfg = dict(max_iters=max_iters, val_interval=5000)
param_scheduler = [dict(type='ExponentialLR', gamma=0.01 ** (1 / 120000), by_epoch=False)]
default_hooks = dict(checkpoint=dict(interval=1000))

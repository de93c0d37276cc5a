# Modulated GCN (Zou & Tang, ICCV 2021) at the paper's size: width 384, 2 residual blocks of 2 graph
# convolutions, 1.2 M parameters; train S1,S5,S6,S7, validate S8, the default's mixed 2D and perspective codec.
# Per pose it costs ~5x the simple baseline (41 against 8.6 MFLOPs forward): on 2 CPU cores a campaign of
# many sittings in bf16; modulated_gcn_w192_h36m is the same model at the simple baseline's cost.
_base_ = ['./_base_/h36m_single_frame.py']
model = dict(type='ModulatedGCNLifter', hidden=384, num_blocks=2, dropout=0.0, affinity_l1=1e-5, codec={{_base_.codec}})
batch_size = 256
max_iters = 120000  # 31 M poses, ~40 epochs of the stride-2 training set
train_dataloader = dict(batch_size=batch_size, dataset=dict(gt_fraction=0.8))
train_cfg = dict(max_iters=max_iters, val_interval=5000)
param_scheduler = [dict(type='ExponentialLR', gamma=0.01 ** (1 / max_iters), by_epoch=False)]
default_hooks = dict(checkpoint=dict(interval=1000))

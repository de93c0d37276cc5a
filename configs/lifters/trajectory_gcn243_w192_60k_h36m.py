# trajectory_gcn243_w192_h36m run on to 60000 iterations: the rate decays as there for the first 30000
# iterations (to 32 %) and then holds, as modulated_gcn_w192_60k_h36m did for the single-frame GCN (which
# went from 46.3 to 44.1 mm on S8 with it). It continues stage 1's run (`--resume` in a copy of its work
# dir); a cool-down as trajectory_gcn243_w192_36k_h36m's then settles its weights. Train S1,S5,S6,S7,
# validate S8.
_base_ = ['./trajectory_gcn243_w192_h36m.py']
train_cfg = dict(max_iters=60000, val_interval=5000)
param_scheduler = [dict(type='ExponentialLR', gamma=0.01 ** (1 / 120000), by_epoch=False, end=30000)]

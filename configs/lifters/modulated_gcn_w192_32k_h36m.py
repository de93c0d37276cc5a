# The width-192 Modulated GCN on a 32000-iteration schedule (8.2 M poses at batch 256, rate decayed to 1 %
# over the run). Train S1,S5,S6,S7, validate S8. Measured worse than stopping the 120000-iteration
# schedule early (modulated_gcn_w192_30k_h36m): without dropout it over-fits as the rate falls. Tried
# because the 120000-iteration modulated_gcn_w192_h36m campaign already read 45.3 mm on S8 at 25000
# iterations with the rate still at 36 %, and 32000 iterations fit one sitting on one CPU core.
_base_ = ['./modulated_gcn_w192_h36m.py']
max_iters = 32000
train_cfg = dict(max_iters=max_iters, val_interval=4000)
param_scheduler = [dict(type='ExponentialLR', gamma=0.01 ** (1 / max_iters), by_epoch=False)]

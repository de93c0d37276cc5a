# The width-192 Modulated GCN on a 32000-iteration schedule (8.2 M poses at batch 256, rate decayed to 1 %
# over the run): the recipe of the shipped modulated_gcn_w192_32k_h36m_all, whose held-out S8 estimate
# this config's validation gives. Train S1,S5,S6,S7, validate S8. Chosen because the 120000-iteration
# modulated_gcn_w192_h36m campaign already read 45.3 mm on S8 at 25000 iterations with the rate still at
# 36 %, and 32000 iterations fit one sitting on 2 CPU cores (one core per run, ~0.17 s per iteration).
_base_ = ['./modulated_gcn_w192_h36m.py']
max_iters = 32000
train_cfg = dict(max_iters=max_iters, val_interval=4000)
param_scheduler = [dict(type='ExponentialLR', gamma=0.01 ** (1 / max_iters), by_epoch=False)]

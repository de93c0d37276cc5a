# modulated_gcn_w192_30k_h36m run on to 60000 iterations (15.4 M poses): the rate decays as there for the
# first 30000 iterations (to 32 %) and then holds. The 30000-iteration run was still improving (the
# 120000-iteration campaign's validation fell from 47.7 mm at 20000 to 44.5 at 28845), and decaying
# towards 1 % without dropout over-fitted (modulated_gcn_w192_32k_h36m). Because the first 30000
# iterations are that run's, it continues one (`--resume` in a copy of its work dir).
# Train S1,S5,S6,S7, validate S8.
_base_ = ['./modulated_gcn_w192_30k_h36m.py']
train_cfg = dict(max_iters=60000, val_interval=5000)
param_scheduler = [dict(type='ExponentialLR', gamma=0.01 ** (1 / 120000), by_epoch=False, end=30000)]

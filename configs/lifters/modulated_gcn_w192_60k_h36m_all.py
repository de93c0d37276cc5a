# modulated_gcn_w192_60k_h36m's recipe trained on all five training subjects (S1,S5,S6,S7,S8), whose S8
# validation is the held-out estimate of this config. No validation split: its numbers come from tools/test.py
# on held-out subjects.
_base_ = ['./modulated_gcn_w192_30k_h36m_all.py']
train_cfg = dict(max_iters=60000)
param_scheduler = [dict(type='ExponentialLR', gamma=0.01 ** (1 / 120000), by_epoch=False, end=30000)]

# The shipped default: the simple baseline trained on all five training subjects (S1,S5,S6,S7,S8)
# with mixed ground-truth / detected 2D input, so one checkpoint serves both. No validation split:
# its numbers come from tools/test.py on held-out subjects.
_base_ = ['./simple_baseline_h36m.py']
train_subjects = 'S1,S5,S6,S7,S8'
max_iters = 6000
train_dataloader = dict(dataset=dict(subjects=train_subjects))
train_cfg = dict(max_iters=max_iters, val_interval=max_iters + 1)
param_scheduler = [dict(type='ExponentialLR', gamma=0.01 ** (1 / max_iters), by_epoch=False)]
default_hooks = dict(checkpoint=dict(interval=500))
val_dataloader = None
val_cfg = None
val_evaluator = None

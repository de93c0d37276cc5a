# The shipped default's recipe on the validation split (train S1,S5,S6,S7; validate S8 with ground-truth
# 2D every 4000 iterations): the simple baseline with the perspective codec, 44000 iterations of 1024
# poses, mixed 2D input. The learning rate decays exponentially in warm-restarted stages
# (RestartingExponentialLR), because the schedule grew a stage at a time while training on 2 CPU cores.
# On 2 CPU cores this takes ~75 minutes at 0.1 s per iteration.
_base_ = ['./simple_baseline_h36m.py']
# (iterations, peak lr as a multiple of the optimiser's 1e-3); each stage decays to 1 % of its peak.
stages = [(6000, 1.0), (14000, 0.5), (10000, 0.3), (14000, 0.3)]
max_iters = sum(n for n, _ in stages)
train_cfg = dict(max_iters=max_iters, val_interval=4000)
param_scheduler = [dict(type='RestartingExponentialLR', stages=stages)]
default_hooks = dict(checkpoint=dict(interval=1000))

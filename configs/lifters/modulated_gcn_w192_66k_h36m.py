# The width-192 Modulated GCN's full recipe, 66000 iterations in three stages; this config is the last, a
# 6000-iteration cool-down. Train S1,S5,S6,S7, validate S8.
#   1. modulated_gcn_w192_30k_h36m: 30000 iterations, the rate decaying from 1e-3 to 32 %;
#   2. modulated_gcn_w192_60k_h36m: on to 60000 at that rate (`--resume` in a copy of stage 1's work dir);
#   3. this: from stage 2's weights, 6000 iterations with the rate decaying from there to 1e-5:
#      tools/train.py configs/lifters/modulated_gcn_w192_66k_h36m.py ... --cfg-options
#      load_from=STAGE_2_WORK_DIR/iter_60000.pth
# Why the cool-down: at a constant rate and without dropout the validation jumps between checkpoints
# (S8 P1 43.3 mm at 40000 iterations, 48.3 at 50000), so the weights of stage 2's last iteration are a draw;
# a short decay settles them.
_base_ = ['./modulated_gcn_w192_30k_h36m.py']
optim_wrapper = dict(optimizer=dict(lr=1e-3 * 0.01 ** (30000 / 120000)))  # where stage 2 held the rate
train_cfg = dict(max_iters=6000, val_interval=2000)
param_scheduler = [dict(type='ExponentialLR', gamma=(1e-5 / (1e-3 * 0.01 ** 0.25)) ** (1 / 6000), by_epoch=False)]

# The trajectory GCN's recipe, 36000 iterations in two stages; this config is the second, a 6000-iteration
# cool-down. Train S1,S5,S6,S7, validate S8.
#   1. trajectory_gcn243_w192_h36m: 30000 iterations, the rate decaying from 1e-3 to 32 %;
#   2. this: from stage 1's weights, 6000 iterations with the rate decaying from there to 1e-5:
#      tools/train.py configs/lifters/trajectory_gcn243_w192_36k_h36m.py ... --cfg-options
#      load_from=STAGE_1_WORK_DIR/iter_30000.pth
# Why: at that rate and without dropout the validation jumps between checkpoints (S8 P1 41.0 mm at 20000
# iterations, 46.3 at 25000), as the Modulated GCN's did, so stage 1's last weights are a draw; a short decay
# settles them.
_base_ = ['./trajectory_gcn243_w192_h36m.py']
optim_wrapper = dict(optimizer=dict(lr=1e-3 * 0.01 ** (30000 / 120000)))  # where stage 1 ended
train_cfg = dict(max_iters=6000, val_interval=2000)
param_scheduler = [dict(type='ExponentialLR', gamma=(1e-5 / (1e-3 * 0.01 ** 0.25)) ** (1 / 6000), by_epoch=False)]

# The shipped default: the simple baseline trained on all five training subjects (S1,S5,S6,S7,S8)
# with mixed ground-truth / detected 2D input, so one checkpoint serves both. No validation split:
# its numbers come from tools/test.py on held-out subjects.
#
# checkpoints/simple_baseline_h36m_all.pth was trained on 2 CPU cores in three stages (~62 CPU-minutes):
#   1. this config as is (6000 iterations, lr 1e-3 -> 1e-5);
#   2. from stage 1's weights, 14000 more iterations, lr 5e-4 -> 5e-6:
#      --cfg-options load_from=WORK_DIR/iter_6000.pth optim_wrapper.optimizer.lr=5e-4 train_cfg.max_iters=14000 \
#                    train_cfg.val_interval=14001 param_scheduler.0.gamma=0.999671 (= 0.01 ** (1 / 14000))
#   3. from stage 2's weights, 10000 more iterations, lr 3e-4 -> 3e-6 (likewise, gamma 0.01 ** (1 / 10000)).
#   (Without --resume on a stage's first launch: mmengine would otherwise resume load_from's schedule.)
# With a GPU, one longer run of this config (max_iters 50000+, same decay to 1 %) is the better recipe.
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

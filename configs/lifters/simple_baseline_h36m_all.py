# The shipped default: the simple baseline trained on all five training subjects (S1,S5,S6,S7,S8)
# with mixed ground-truth / detected 2D input, so one checkpoint serves both, on the schedule of
# simple_baseline_h36m_long (whose S8 validation is the held-out estimate of this recipe). No
# validation split: its numbers come from tools/test.py on held-out subjects.
#
# checkpoints/simple_baseline_h36m_all.pth was trained on 2 CPU cores one stage per run, each run from
# the last one's weights (so Adam's moments restarted with each stage; one run of this config keeps them):
#   --cfg-options load_from=PREVIOUS_WORK_DIR/iter_N.pth train_cfg.max_iters=ITERS \
#       param_scheduler.0.stages="[(ITERS,PEAK)]"
# (--resume is safe with load_from: tools/train.py continues the stage's own checkpoints, not load_from's).
# Stages 1-3 ran before the perspective codec existed (model.codec.perspective=False and the same for
# train_dataloader.dataset.codec); stage 4 turned it on; stage 5 (6000 iterations at peak 0.25) drew
# ground-truth 2D for 80 % of the poses, where stages 1-4 drew it for half.
_base_ = ['./simple_baseline_h36m_long.py']
train_subjects = 'S1,S5,S6,S7,S8'
train_dataloader = dict(dataset=dict(subjects=train_subjects))
train_cfg = dict(val_interval=10 ** 9)  # never: there is no validation split
val_dataloader = None
val_cfg = None
val_evaluator = None

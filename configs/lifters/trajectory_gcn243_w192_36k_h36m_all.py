# The shipped trajectory GCN: trajectory_gcn243_w192_36k_h36m's two-stage recipe trained on all five training
# subjects (S1,S5,S6,S7,S8); stage 1 is trajectory_gcn243_w192_h36m_all, this config the cool-down
# (load_from stage 1's iter_30000.pth). The S8 validation of trajectory_gcn243_w192_36k_h36m is its held-out
# estimate. No validation split: its numbers come from tools/test.py on held-out subjects.
_base_ = ['./trajectory_gcn243_w192_36k_h36m.py']
train_subjects = 'S1,S5,S6,S7,S8'
train_dataloader = dict(dataset=dict(subjects=train_subjects))
train_cfg = dict(val_interval=10 ** 9)  # never: there is no validation split
val_dataloader = None
val_cfg = None
val_evaluator = None

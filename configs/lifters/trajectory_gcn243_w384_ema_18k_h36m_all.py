# trajectory_gcn243_w384_ema_18k_h36m's recipe (one run, 18000 iterations, an average of the weights) trained on
# all five training subjects (S1,S5,S6,S7,S8); the S8 validation of trajectory_gcn243_w384_ema_18k_h36m is its
# held-out estimate. No validation split: its numbers come from tools/test.py on held-out subjects.
_base_ = ['./trajectory_gcn243_w384_ema_18k_h36m.py']
train_subjects = 'S1,S5,S6,S7,S8'
train_dataloader = dict(dataset=dict(subjects=train_subjects))
train_cfg = dict(val_interval=10 ** 9)  # never: there is no validation split
val_dataloader = None
val_cfg = None
val_evaluator = None

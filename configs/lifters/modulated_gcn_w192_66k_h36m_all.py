# The shipped Modulated GCN: modulated_gcn_w192_66k_h36m's three-stage recipe trained on all five training
# subjects (S1,S5,S6,S7,S8); stages 1 and 2 are modulated_gcn_w192_30k_h36m_all and
# modulated_gcn_w192_60k_h36m_all, this config the cool-down (load_from stage 2's iter_60000.pth). The S8
# validation of modulated_gcn_w192_66k_h36m is its held-out estimate. No validation split: its numbers come
# from tools/test.py on held-out subjects.
_base_ = ['./modulated_gcn_w192_66k_h36m.py']
train_subjects = 'S1,S5,S6,S7,S8'
train_dataloader = dict(dataset=dict(subjects=train_subjects))
train_cfg = dict(val_interval=10 ** 9)  # never: there is no validation split
val_dataloader = None
val_cfg = None
val_evaluator = None

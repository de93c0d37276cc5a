# The trajectory GCN at width 384 (1.3 M parameters, 4x width 192's): trajectory_gcn243_w192_h36m's
# recipe, stage 1 (30000 iterations), trained on S1,S5,S6,S7 and validated on S8.
_base_ = ['./trajectory_gcn243_w192_h36m.py']
model = dict(hidden=384)

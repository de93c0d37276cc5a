# The trajectory GCN at width 384 (1.3 M parameters, 4x width 192's): trajectory_gcn243_w192_h36m_all's
# recipe, stage 1 (30000 iterations), trained on all five training subjects.
_base_ = ['./trajectory_gcn243_w192_h36m_all.py']
model = dict(hidden=384)

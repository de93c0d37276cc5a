# The trajectory GCN at width 384 (1.3 M parameters, 4x width 192's): trajectory_gcn243_w192_36k_h36m_all's
# recipe, stage 2, the 6000-iteration cool-down,
# from stage 1's iter_30000.pth (load_from), trained on all five training subjects.
_base_ = ['./trajectory_gcn243_w192_36k_h36m_all.py']
model = dict(hidden=384)

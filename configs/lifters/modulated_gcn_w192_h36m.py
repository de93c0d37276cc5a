# The Modulated GCN at width 192 (0.32 M parameters): 10 MFLOPs per pose forward, the simple baseline's
# 8.6, so the two compare at equal compute; train S1,S5,S6,S7, validate S8.
_base_ = ['./modulated_gcn_h36m.py']
model = dict(hidden=192)

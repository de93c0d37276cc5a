# Two simple baselines whose 3D poses are averaged (LifterEnsemble), on the recipe of
# simple_baseline_h36m_long (train S1,S5,S6,S7; validate S8). Trained as one model, each member has
# its own loss on the same batches; tools/make_ensemble.py joins members trained apart instead.
_base_ = ['./simple_baseline_h36m_long.py']
member = dict(type='ResidualLifter', hidden=1024, num_blocks=2, dropout=0.5, max_norm=1.0)
model = dict(_delete_=True, type='LifterEnsemble', members=[member, member], codec={{_base_.codec}})

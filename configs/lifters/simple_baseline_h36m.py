# Martinez et al. 2017: 2 residual blocks of width 1024; train S1,S5,S6,S7, validate S8.
_base_ = ['./_base_/h36m_single_frame.py']
model = dict(type='ResidualLifter', hidden=1024, num_blocks=2, dropout=0.5, max_norm=1.0, codec={{_base_.codec}})

# DeepBase1: 4 residual blocks (10 linear layers); train S1,S5,S6,S7, validate S8.
_base_ = ['./_base_/h36m_single_frame.py']
model = dict(type='ResidualLifter', hidden=1024, num_blocks=4, dropout=0.5, max_norm=1.0, codec={{_base_.codec}})

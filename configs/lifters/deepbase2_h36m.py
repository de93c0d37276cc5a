# DeepBase2: DeepBase1 plus a supervised 3D head after block 2 (hidden layer loss); train S1,S5,S6,S7, validate S8.
_base_ = ['./_base_/h36m_single_frame.py']
model = dict(type='ResidualLifter', hidden=1024, num_blocks=4, dropout=0.5, max_norm=1.0,
             aux_head_after=2, aux_weight=1.0, codec={{_base_.codec}})

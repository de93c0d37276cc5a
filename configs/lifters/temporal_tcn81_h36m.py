# Temporal lifter (VideoPose3D's dilated convolutions), receptive field 3*3*3*3 = 81 frames, centred.
# Train S1,S5,S6,S7, validate S8. 512 channels keep it at 3.2M parameters (6.5 MB in half precision).
_base_ = ['./_base_/h36m_temporal.py']
filter_widths = (3, 3, 3, 3)
receptive_field = 81
causal = False
model = dict(type='TemporalLifter', filter_widths=filter_widths, channels=512, dropout=0.25, causal=causal,
             codec={{_base_.codec}})
train_dataloader = dict(dataset=dict(receptive_field=receptive_field, causal=causal))
val_dataloader = dict(dataset=dict(receptive_field=receptive_field, causal=causal))

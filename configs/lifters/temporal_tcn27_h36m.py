# Temporal lifter with a 3*3*3 = 27-frame receptive field (half a second at 50 fps); train S1,S5,S6,S7, validate S8.
_base_ = ['./temporal_tcn81_h36m.py']
filter_widths = (3, 3, 3)
receptive_field = 27
model = dict(filter_widths=filter_widths)
train_dataloader = dict(dataset=dict(receptive_field=receptive_field))
val_dataloader = dict(dataset=dict(receptive_field=receptive_field))

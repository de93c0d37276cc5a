# Temporal lifter with a 3**5 = 243-frame receptive field (VideoPose3D's best); train S1,S5,S6,S7, validate S8.
# 4.3M parameters at 512 channels; chunks of 256 targets amortise the 242 frames of context.
_base_ = ['./temporal_tcn81_h36m.py']
filter_widths = (3, 3, 3, 3, 3)
receptive_field = 243
model = dict(filter_widths=filter_widths)
train_dataloader = dict(batch_size=8, dataset=dict(receptive_field=receptive_field, chunk=256))
val_dataloader = dict(dataset=dict(receptive_field=receptive_field, chunk=256))

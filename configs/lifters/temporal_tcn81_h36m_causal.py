# The causal variant for live input: each pose from the 81 frames up to and including its own, none after.
# Train S1,S5,S6,S7, validate S8.
_base_ = ['./temporal_tcn81_h36m.py']
causal = True
model = dict(causal=causal)
train_dataloader = dict(dataset=dict(causal=causal))
val_dataloader = dict(dataset=dict(causal=causal))

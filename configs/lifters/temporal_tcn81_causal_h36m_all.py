# The shipped causal temporal lifter (the webcam's): temporal_tcn81_causal_h36m on all five training subjects.
# checkpoints/temporal_tcn81_causal_h36m_all.pth: fine-tuned on 2 CPU cores from the centred lifter's
# weights (the same layers; only the alignment of the output frame changes), recipe in the README.
_base_ = ['./temporal_tcn81_h36m_all.py']
causal = True
model = dict(causal=causal)
train_dataloader = dict(dataset=dict(causal=causal))

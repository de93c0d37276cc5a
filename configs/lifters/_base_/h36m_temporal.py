# Temporal lifting on Human3.6M: chunks of whole sequences (see H36MSequenceDataset). The runtime
# (optimiser, schedule, hooks, data paths from the command line) is the single-frame one.
_base_ = ['./h36m_single_frame.py']

# The shipped temporal lifters predate the perspective codec (see h36m_single_frame.py); retrain to turn it on.
codec = dict(type='RootScaleCodec', perspective=False)  # a child's dict merges into its base's
chunk = 128  # target frames per chunk; a batch of 16 chunks supervises 2048 poses per step
_seq = dict(type='H36MSequenceDataset', data_3d=None, data_2d=None, cameras=None, codec=codec, chunk=chunk)
train_dataloader = dict(
    _delete_=True, batch_size=16, num_workers=0, collate_fn=dict(type='lift3d.batch_collate'),
    sampler=dict(type='InfiniteSampler', shuffle=True),
    # frame_steps (1, 2): chunks at 50 and 25 fps, so the lifter also fits videos at 25-30 fps.
    dataset=dict(_seq, subjects={{_base_.train_subjects}}, input={{_base_.input_2d}}, train=True,
                 frame_steps=(1, 2), flip_prob=0.5))
val_dataloader = dict(
    _delete_=True, batch_size=16, num_workers=0, collate_fn=dict(type='lift3d.batch_collate'),
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(_seq, subjects={{_base_.val_subjects}}, input='gt', train=False, stride=5))

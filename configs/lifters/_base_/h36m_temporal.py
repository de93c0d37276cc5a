# Temporal lifting on Human3.6M: chunks of whole sequences (see H36MSequenceDataset). The runtime
# (optimiser, schedule, hooks, data paths from the command line) is the single-frame one.
_base_ = ['./h36m_single_frame.py']

# Spelled out (not inherited) because _seq below needs it by name.
codec = dict(type='RootScaleCodec', perspective=True)
# A batch of 32 chunks x 64 target frames supervises 2048 poses per step. Frames of one chunk are nearly
# alike, so more and shorter chunks teach more per step: fine-tuning the same weights for 1500 steps on
# held-out S8 gave 60.1 mm (32 x 64, 0.23 s per step on 2 CPU cores) against 62.1 (16 x 128, 0.19 s).
chunk = 64
_seq = dict(type='H36MSequenceDataset', data_3d=None, data_2d=None, cameras=None, codec=codec, chunk=chunk)
train_dataloader = dict(
    _delete_=True, batch_size=32, num_workers=0, collate_fn=dict(type='lift3d.batch_collate'),
    sampler=dict(type='InfiniteSampler', shuffle=True),
    # frame_steps (1, 2): chunks at 50 and 25 fps, so the lifter also fits videos at 25-30 fps.
    dataset=dict(_seq, subjects={{_base_.train_subjects}}, input={{_base_.input_2d}}, train=True,
                 frame_steps=(1, 2), flip_prob=0.5))
val_dataloader = dict(
    _delete_=True, batch_size=16, num_workers=0, collate_fn=dict(type='lift3d.batch_collate'),
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(_seq, subjects={{_base_.val_subjects}}, input='gt', train=False, stride=5))

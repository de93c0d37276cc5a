# Temporal lifting on Human3.6M: chunks of whole sequences (see H36MSequenceDataset). The runtime
# (optimiser, schedule, hooks, data paths from the command line) is the single-frame one.
_base_ = ['./h36m_single_frame.py']

# Spelled out (not inherited) because _seq below needs it by name.
codec = dict(type='RootScaleCodec', perspective=True)
# Training batches hold 512 single windows (chunk 1: one target frame and its context each), which the
# lifter runs strided. Frames of one chunk are nearly alike, so independent windows teach more per step:
# from the same weights, 2000 steps at lr 5e-5 gave 53.0 mm on held-out S8 (GT 2D; 66.9 SH) against 53.8
# (67.1) with 32 chunks x 64 target frames, at about the same cost (0.6 s against 0.5 s per step on one
# CPU core). Earlier, 32 x 64 had beaten 16 x 128 (60.1 against 62.1 mm). Validation tiles the streams in
# chunks of 64, where sharing the computation is what matters.
chunk = 64
_seq = dict(type='H36MSequenceDataset', data_3d=None, data_2d=None, cameras=None, codec=codec, chunk=chunk)
train_dataloader = dict(
    _delete_=True, batch_size=512, num_workers=0, collate_fn=dict(type='lift3d.batch_collate'),
    sampler=dict(type='InfiniteSampler', shuffle=True),
    # frame_steps (1, 2): windows at 50 and 25 fps, so the lifter also fits videos at 25-30 fps.
    dataset=dict(_seq, chunk=1, subjects={{_base_.train_subjects}}, input={{_base_.input_2d}}, train=True,
                 frame_steps=(1, 2), flip_prob=0.5))
val_dataloader = dict(
    _delete_=True, batch_size=16, num_workers=0, collate_fn=dict(type='lift3d.batch_collate'),
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(_seq, subjects={{_base_.val_subjects}}, input='gt', train=False, stride=5))

# Temporal lifter with a 3**5 = 243-frame receptive field (VideoPose3D's best); train S1,S5,S6,S7, validate S8.
# 4.3M parameters at 512 channels. Training takes 512 independent windows per step, as the 81-frame lifter
# does (better per step than chunks of one sequence, see _base_/h36m_temporal.py); validation tiles the
# streams in chunks of 256 targets, which amortise the 242 frames of context.
# A campaign of it (issue 25) is one run over several sittings, each resumed with the same command + --resume:
#   tools/train.py configs/lifters/temporal_tcn243_h36m.py $H36M --work-dir ~/campaigns/tcn243 --threads 1 \
#     --time-budget 1h --cfg-options train_cfg.max_iters=30000 param_scheduler.0.gamma=0.99984650
# One step takes 3.4 s on one core of a 2-core AVX2 machine (bf16 emulated), so 30 000 steps are ~28 h there;
# 0.71 s with native bf16 (AMD EPYC with AVX-512 BF16, 2026-12-06), ~6 h. trajectory_gcn243_w192_h36m sees the
# same 243 frames at 0.069 s per step of 256 windows.
_base_ = ['./temporal_tcn81_h36m.py']
filter_widths = (3, 3, 3, 3, 3)
receptive_field = 243
model = dict(filter_widths=filter_widths)
train_dataloader = dict(dataset=dict(receptive_field=receptive_field))
val_dataloader = dict(dataset=dict(receptive_field=receptive_field, chunk=256))

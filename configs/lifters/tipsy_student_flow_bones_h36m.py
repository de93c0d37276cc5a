# Issue 23: the TIPSy student fine-tuned from its critic-trained weights with two fixed, label-free priors in
# place of the critic: a normalizing flow over real 2D (ElePose's 2D prior) at weight 0.5 and ElePose's
# bone-proportion prior at weight 50, the generator's gradient clipped to norm 1 (without the clip every such
# run blew up once, between 1000 and 1300 iterations, and gave its gain back). Train S1,S5,S6,S7:
#   tools/project_h36m_2d.py --data-3d ... --cameras ... --subjects S1,S5,S6,S7,S8 --out gt2d.npz
#   tools/train.py configs/lifters/pose_flow_h36m.py --data-2d gt2d.npz --work-dir FLOW --cfg-options
#     train_cfg.max_iters=3000 param_scheduler.0.T_max=3000
#   tools/train.py configs/lifters/tipsy_student_flow_bones_h36m.py --data-2d gt2d.npz --cfg-options
#     load_from=checkpoints/tipsy_student_h36m_all.pth model.prior=FLOW/lifter.pth
# S8, ground-truth 2D, every 5th frame, P1 / P2 / N-MPJPE: 132.0 / 60.0 / 103.8 after 1600 iterations (24 min on
# one core beside other runs), against 141.4 / 69.9 / 119.2 for the shipped student (docs/results.md).
_base_ = ['./tipsy_solo_h36m.py']
max_iters = 1600
model = dict(w_adv_torso=0.5, w_adv_legs=0.5, w_bone=50.0)
train_dataloader = dict(batch_size=512)
train_cfg = dict(max_iters=max_iters)
optim_wrapper = dict(generator=dict(optimizer=dict(lr=5e-5), clip_grad=dict(max_norm=1.0)))
custom_hooks = [
    dict(type='EMAHook', ema_type='StochasticWeightAverage', begin_iter=max_iters // 2, update_buffers=True),
    dict(type='ExportLifterHook'),
]

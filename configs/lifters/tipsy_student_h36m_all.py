# The shipped TIPSy lifter: one generator distilled from the torso/legs teachers, on the 2D of
# S1,S5,S6,S7,S8. checkpoints/tipsy_student_h36m_all.pth was trained on 2 CPU cores (ground-truth 2D from
# tools/project_h36m_2d.py, batch 1024):
#   1. teachers: tipsy_parts_h36m --cfg-options model.hidden=512 model.disc_hidden=512 train_cfg.max_iters=1500
#      custom_hooks.0.begin_iter=750 train_dataloader.batch_size=1024                 (S1,S5,S6,S7)
#   2. student: tipsy_student_h36m --cfg-options model.teacher=TEACHERS/lifter.pth train_cfg.max_iters=800
#      custom_hooks.0.begin_iter=400 train_dataloader.batch_size=1024                  (S1,S5,S6,S7)
#   3. teachers, continued: step 1 with load_from=TEACHERS/iter_1500.pth train_cfg.max_iters=3000
#      custom_hooks.0.begin_iter=1500 -> TEACHERS2                                     (S1,S5,S6,S7)
#   4. student, again: step 2 with load_from=STUDENT/iter_800.pth model.teacher=TEACHERS2/lifter.pth
#                                                                                       (S1,S5,S6,S7)
#   5. this config from step 4's weights: load_from=STUDENT2/iter_800.pth model.teacher=TEACHERS2/lifter.pth
#      train_cfg.max_iters=500 custom_hooks.0.begin_iter=250 train_dataloader.batch_size=1024
#   6. the fixed priors in place of the critic (issue 23; tipsy_student_flow_bones_h36m's recipe, 13 000
#      iterations averaged from 6000, 72 min on one core): FLOW = pose_flow_h36m on the 2D of all five
#      (train_cfg.max_iters=3000 param_scheduler.0.T_max=3000 train_dataloader.dataset.subjects=S1,S5,S6,S7,S8),
#      then tipsy_student_flow_bones_h36m from step 5's export (git show 311d803:checkpoints/
#      tipsy_student_h36m_all.pth): load_from=STUDENT3/lifter.pth model.prior=FLOW/lifter.pth
#      train_dataloader.dataset.subjects=S1,S5,S6,S7,S8
_base_ = ['./tipsy_student_h36m.py']
train_subjects = 'S1,S5,S6,S7,S8'
train_dataloader = dict(dataset=dict(subjects=train_subjects))

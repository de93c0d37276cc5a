# The TIPSy student: one whole-body generator distilled from the torso/legs teachers (MSE to their depths).
# The teacher is a trained tipsy_parts lifter.pth, given on the command line:
#   python tools/train.py configs/lifters/tipsy_student_h36m.py --data-2d ... --cfg-options model.teacher=TEACHER.pth
_base_ = ['./tipsy_parts_h36m.py']
model = dict(parts=False, teacher=None, disc_steps=0)

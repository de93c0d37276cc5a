# The TIPSy student distilled from upright teachers (tipsy_parts_upright_h36m's lifter.pth, given as
# model.teacher=TEACHER.pth); the student sees the same perspective-normalised 2D as its teachers.
_base_ = ['./tipsy_parts_upright_h36m.py']
model = dict(parts=False, teacher=None, disc_steps=0)

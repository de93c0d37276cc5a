# The shipped TIPSy lifter: teachers (tipsy_parts_h36m with all five subjects) distilled into one
# generator, on 2D of S1,S5,S6,S7,S8. Training recipe and settings in the README.
_base_ = ['./tipsy_student_h36m.py']
train_subjects = 'S1,S5,S6,S7,S8'
train_dataloader = dict(dataset=dict(subjects=train_subjects))

# The "solo generator" baseline of TIPSy: the same losses with one depth generator on the whole body.
_base_ = ['./tipsy_parts_h36m.py']
model = dict(parts=False)

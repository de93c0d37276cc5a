"""An ensemble of single-frame lifters: the mean of its members' 3D poses.

Independently initialised members err differently, so their mean is closer to the truth than each
alone, for the members' summed cost (a lifter is tiny next to the 2D detector). The members are
lifted through the ensemble's codec and averaged in its encoded space; flip testing is the ensemble's.

Trained as one model, each member gets its own loss on the same batches (their gradients do not
mix); `tools/make_ensemble.py` joins lifters trained apart into one checkpoint instead.
"""
from torch import nn

from models.lifters.base import BaseLifter
from pipeline.errors import UserError
from pipeline.registry import MODELS, build


@MODELS.register_module()
class LifterEnsemble(BaseLifter):
    def __init__(self, members, **base):
        super().__init__(**base)
        if not members:
            raise UserError('LifterEnsemble needs at least one member')
        codec = base.get('codec', dict(type='RootScaleCodec'))
        self.members = nn.ModuleList(build(MODELS, dict(m, codec=codec, flip_test=False)) for m in members)
        if any(m.receptive_field > 1 for m in self.members):
            raise UserError('LifterEnsemble takes single-frame lifters only')

    def forward_tensor(self, x):
        return sum(m.forward_tensor(x) for m in self.members) / len(self.members)

    def loss(self, inputs, targets):
        return {f'{name}_{i}': value for i, m in enumerate(self.members)
                for name, value in m.loss(inputs, targets).items()}

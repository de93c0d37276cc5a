"""Residual MLP lifters: the simple baseline (Martinez et al. 2017) and the deeper DeepBase1/2.

    2J -> Linear(hidden) -> [BN, ReLU, Dropout] -> num_blocks x ResidualBlock -> Linear(3J)

simple baseline: num_blocks=2 (6 linear layers).  DeepBase1: num_blocks=4 (10 linear layers).
DeepBase2: DeepBase1 with aux_head_after=2: a linear 3D head after the second block whose output is
also supervised ("hidden layer loss"), so early layers get a short gradient path.
"""
import torch
from torch import nn

from models.lifters.base import BaseLifter, mpjpe_loss
from pipeline.registry import MODELS


NORMS = {'batch': nn.BatchNorm1d, 'layer': nn.LayerNorm, 'none': lambda width: nn.Identity()}


def dense(n_in, n_out, dropout, norm='batch'):
    """Linear, then `norm` ('batch', 'layer' or 'none'), ReLU, dropout. Batch norm normalises each batch by
    its own statistics, so a GAN's critic that sees real and fake batches apart must not use it."""
    return nn.Sequential(nn.Linear(n_in, n_out), NORMS[norm](n_out), nn.ReLU(inplace=True), nn.Dropout(dropout))


class ResidualBlock(nn.Module):
    def __init__(self, width, dropout, norm='batch'):
        super().__init__()
        self.layers = nn.Sequential(dense(width, width, dropout, norm), dense(width, width, dropout, norm))

    def forward(self, x):
        return x + self.layers(x)


class ResidualMLP(nn.Module):
    """(N, n_in) -> (N, n_out), and the aux head's (N, n_out) output if it has one."""

    def __init__(self, n_in, n_out, hidden=1024, num_blocks=2, dropout=0.5, aux_head_after=None, norm='batch'):
        super().__init__()
        self.stem = dense(n_in, hidden, dropout, norm)
        self.blocks = nn.ModuleList(ResidualBlock(hidden, dropout, norm) for _ in range(num_blocks))
        self.head = nn.Linear(hidden, n_out)
        self.aux_head_after = aux_head_after
        self.aux_head = nn.Linear(hidden, n_out) if aux_head_after else None

    def forward(self, x):
        h, aux = self.stem(x), None
        for i, block in enumerate(self.blocks, 1):
            h = block(h)
            if i == self.aux_head_after:
                aux = self.aux_head(h)
        return self.head(h), aux


@MODELS.register_module()
class ResidualLifter(BaseLifter):
    def __init__(self, hidden=1024, num_blocks=2, dropout=0.5, aux_head_after=None, aux_weight=1.0,
                 max_norm=1.0, **base):
        super().__init__(**base)
        J = self.num_joints
        # Root-relative output: the root is 0 by definition, so only J-1 joints are predicted.
        self.net = ResidualMLP(2 * J, 3 * (J - 1), hidden, num_blocks, dropout, aux_head_after)
        self.aux_weight = aux_weight
        self.max_norm = max_norm

    def _to_pose(self, flat):
        pose = flat.view(-1, self.num_joints - 1, 3)  # (N, J-1, 3)
        return torch.cat([pose.new_zeros(len(pose), 1, 3), pose], 1)  # (N, J, 3), root at 0

    def forward_tensor(self, x):
        out, _ = self.net(x.flatten(1))  # (N, 2J) -> (N, 3(J-1))
        return self._to_pose(out)

    def loss(self, inputs, targets):
        if self.max_norm:
            # Applied before each training step's forward, which every model wrapper (DDP too) runs.
            apply_max_norm(self.net, self.max_norm)
        out, aux = self.net(inputs.flatten(1))
        losses = dict(loss_mpjpe=mpjpe_loss(self._to_pose(out), targets))
        if aux is not None:
            losses['loss_aux'] = self.aux_weight * mpjpe_loss(self._to_pose(aux), targets)
        return losses


@torch.no_grad()
def apply_max_norm(module, max_norm):
    """Martinez et al.'s max-norm constraint: each unit's incoming weight vector has norm <= max_norm."""
    for layer in module.modules():
        if isinstance(layer, nn.Linear):
            layer.weight.copy_(torch.renorm(layer.weight, 2, 0, max_norm))

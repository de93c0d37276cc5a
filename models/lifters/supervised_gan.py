"""Supervised GAN lifter: a DeepBase1 generator trained with the 3D regression loss plus an adversarial
loss from a discriminator of the same residual family that tells real 3D poses from lifted ones.

The discriminator only shapes training; it is dropped from exported checkpoints.
"""
import torch
import torch.nn.functional as F

from models.lifters.base import BaseLifter, mpjpe_loss
from models.lifters.residual import ResidualMLP, apply_max_norm
from pipeline.registry import MODELS


@MODELS.register_module()
class SupervisedGANLifter(BaseLifter):
    training_only_prefixes = ('discriminator.',)

    def __init__(self, hidden=1024, num_blocks=4, dropout=0.5, max_norm=1.0, disc_hidden=512,
                 disc_blocks=2, adv_weight=0.01, **base):
        super().__init__(**base)
        J = self.num_joints
        self.generator = ResidualMLP(2 * J, 3 * (J - 1), hidden, num_blocks, dropout)
        self.discriminator = ResidualMLP(3 * (J - 1), 1, disc_hidden, disc_blocks, dropout=0.0)
        self.adv_weight, self.max_norm = adv_weight, max_norm

    def forward_tensor(self, x):
        out, _ = self.generator(x.flatten(1))  # (N, 3(J-1))
        return F.pad(out.view(len(x), -1, 3), (0, 0, 1, 0))  # (N, J, 3), root at 0

    def _critic(self, pose):
        return self.discriminator(pose[:, 1:].flatten(1))[0]  # (N, 1) logits

    def train_step(self, data, optim_wrapper):
        if self.max_norm:
            apply_max_norm(self.generator, self.max_norm)
        data = self.data_preprocessor(data, True)
        x, y = data['inputs'], data['targets']
        d_optim, g_optim = optim_wrapper['discriminator'], optim_wrapper['generator']
        # One generator forward serves both steps: the critic learns on the very poses the generator
        # is then scored on, and the step costs a forward less (about a quarter of its time).
        with g_optim.optim_context(self.generator):
            pred = self.forward_tensor(x)
        with d_optim.optim_context(self.discriminator):
            real, fake = self._critic(y), self._critic(pred.detach())
            loss_disc = (F.binary_cross_entropy_with_logits(real, torch.ones_like(real))
                         + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake)))
        d_optim.update_params(loss_disc)
        # Frozen for the generator's step, or its loss would leave gradients on the discriminator
        # that the discriminator's next update adds to its own.
        self.discriminator.requires_grad_(False)
        with g_optim.optim_context(self.generator):
            loss_mpjpe = mpjpe_loss(pred, y)
            logits = self._critic(pred)
            loss_adv = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
        g_optim.update_params(loss_mpjpe + self.adv_weight * loss_adv)
        self.discriminator.requires_grad_(True)
        return dict(loss_mpjpe=loss_mpjpe.detach(), loss_adv=loss_adv.detach(), loss_disc=loss_disc.detach())


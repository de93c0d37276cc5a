"""What the lifters that learn without 3D share: novel views of a lifted pose, a 2D prior on how they must
look (a discriminator trained alongside, or a fixed normalizing flow: `prior=PATH`), and the train step.

A lifter here sees encoded 2D only (root at the origin, scale 1) and predicts 3D in the same units; its
training batches are {'inputs'} from H36M2DPoseDataset, which holds no 3D.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from models.lifters.base import BaseLifter
from pipeline.errors import UserError
from models.lifters.residual import ResidualMLP
from pipeline.geometry.skeleton import H36M
from pipeline.geometry.transforms import project_from_distance, random_rotation, rotate, rotation_about, rotation_matrix


def novel_view(pose, distance, up=None, max_azimuth=math.pi, max_elevation=math.pi / 18):
    """Root-centred poses (N, J, 3) turned to random views and projected -> (2D (N, J, 2), R).

    Without `up`: a random azimuth about the camera's vertical and a random elevation of up to 10 degrees.
    With `up` (N, 3), each pose's up direction in its (virtual) camera's frame: a random azimuth about it
    alone, which keeps the line of sight's elevation, as a camera elsewhere on the circle around the
    person sees it. Why: a 2D critic tells the camera-vertical views of the *true* 3D from real 2D at AUC
    0.72, turns about the up axis at 0.67, and about the up axis in a virtual camera looking at the root
    (a perspective codec) at 0.57 (tools/probe_view_models.py), so only the last leaves the adversarial
    loss near its minimum at the true depth."""
    if up is None:
        R = random_rotation(len(pose), max_azimuth, max_elevation, device=pose.device).to(pose.dtype)
    else:
        azimuth = (torch.rand(len(pose), device=pose.device, dtype=pose.dtype) * 2 - 1) * max_azimuth
        R = rotation_about(up.to(pose.dtype), azimuth)
    return project_from_distance(rotate(pose, R), distance), R


def random_roll(pose2d, max_degrees):
    """2D poses (N, J, 2) about the origin turned in the image plane by angles uniform in +-max_degrees."""
    angle = (torch.rand(len(pose2d), device=pose2d.device) * 2 - 1) * math.radians(max_degrees)
    R = rotation_matrix(torch.zeros_like(angle), 0.0, angle)[:, :2, :2].to(pose2d.dtype)  # a roll about the view axis
    return pose2d @ R.transpose(-1, -2)


def scale_grad(x, weight):
    """Identity forward; the gradient flowing back through x is multiplied by `weight` (broadcast)."""
    return x * weight + x.detach() * (1 - weight)


class PoseDiscriminator(nn.Module):
    """2D pose (N, J, 2) -> (N,) realness logit; a residual MLP (Wasserstein critic score with wgan=True)."""

    def __init__(self, num_joints=17, hidden=1024, num_blocks=1, dropout=0.0, norm='batch'):
        super().__init__()
        self.net = ResidualMLP(2 * num_joints, 1, hidden, num_blocks, dropout, norm=norm)

    def forward(self, pose2d):
        return self.net(pose2d.flatten(1))[0][:, 0]


def discriminator_loss(disc, real, fake, wgan=False, label_flip=0.05, gp_weight=10.0):
    """Standard GAN loss with `label_flip` of the labels swapped (keeps the discriminator from winning
    outright), or WGAN-GP: the critic's score gap plus the gradient penalty on interpolates."""
    if wgan:
        alpha = torch.rand(len(real), 1, 1, device=real.device)
        mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
        grad, = torch.autograd.grad(disc(mixed).sum(), mixed, create_graph=True)
        penalty = (grad.flatten(1).norm(dim=1) - 1).pow(2).mean()
        return disc(fake).mean() - disc(real).mean() + gp_weight * penalty
    logits = torch.cat([disc(real), disc(fake)])
    labels = torch.cat([torch.ones(len(real)), torch.zeros(len(fake))]).to(logits)
    flipped = torch.rand(len(labels), device=labels.device) < label_flip
    return F.binary_cross_entropy_with_logits(logits, torch.where(flipped, 1 - labels, labels))


def ninety_degree_loss(depths, x, z):
    """TIPSy's 90-degree consistency of a depth lifter `depths` (2D (N, J, 2) -> depths (N, J)) at the input
    x, whose lifted depths are z. Turned 90 degrees about the vertical, the pose shows (z, y) and has depths
    -x; turned the other way, (-z, y) and depths x; mirrored in x, (-x, y) is the pose turned 180 degrees,
    depths -z. Reprojection and a 2D prior cannot tell a pose from its mirror in depth; these tie every
    pose's depth sign to one convention, so it cannot flip from pose to pose."""
    u, v = x[..., 0], x[..., 1]
    return (F.mse_loss(depths(torch.stack([z, v], -1)), -u) + F.mse_loss(depths(torch.stack([-z, v], -1)), u)
            + (z + depths(torch.stack([-u, v], -1))).pow(2).mean())


def cycle_loss(depths, x, view, R, distance):
    """Reprojection around the cycle: the novel `view` (seen through rotation R) of the pose lifted from x,
    lifted again by `depths`, turned back and projected, must give the input x again (L1). Depths are kept
    within half the camera's distance: an untrained lifter's joint at the camera would project to infinity."""
    pose_back = rotate(torch.cat([view, depths(view)[..., None]], -1), R.transpose(-1, -2))
    pose_back = torch.cat([pose_back[..., :2], pose_back[..., 2:].clamp(-distance / 2, distance / 2)], -1)
    return F.l1_loss(project_from_distance(pose_back, distance), x)


def bone_proportion_loss(pose, skeleton=H36M):
    """ElePose's bone-length prior, which needs no 3D: every pose's bone lengths (N, J, 3) -> relative to its
    own mean bone length must match the batch's mean proportions, a left bone's and its right twin's alike.
    Reprojection and a 2D prior leave each joint's depth free along its ray; people's proportions do not
    change from pose to pose, so a foreshortened limb must get the depth that gives it its usual length."""
    parents, children = (list(ends) for ends in zip(*skeleton.bones))
    lengths = (pose[:, children] - pose[:, parents]).norm(dim=-1)  # (N, B)
    relative = lengths / lengths.mean(1, keepdim=True).clamp_min(1e-6)
    bone_of_child = {child: b for b, child in enumerate(children)}
    twin = [bone_of_child[c] for c in skeleton.flip_permutation[children]]
    target = relative.mean(0)
    return (relative - (target + target[twin]) / 2).pow(2).mean()


def generator_loss(disc, fake, wgan=False):
    scores = disc(fake)
    return -scores.mean() if wgan else F.binary_cross_entropy_with_logits(scores, torch.ones_like(scores))


class AdversarialLifter(BaseLifter):
    """Base of the unsupervised lifters: a `generator` part (exported) and a `discriminator` (dropped).

    Subclasses implement `forward_tensor` and `generator_losses(x, up) -> dict of weighted losses`, and
    judge their novel views with `prior_loss`.
    train_step: `disc_steps` discriminator updates on the batch's real 2D against the lifter's novel
    views, then one lifter update. With `prior=PATH` (a trained PoseFlow, models/lifters/pose_flow.py) the
    prior is that flow's negative log-likelihood instead, fixed, and no discriminator trains.
    """

    training_only_prefixes = ('discriminator.',)
    # Arguments that shape training only: left out of exported checkpoints and of the config check.
    training_only_args = ('disc_hidden', 'disc_blocks', 'disc_norm', 'disc_roll', 'wgan', 'disc_steps', 'prior')

    def __init__(self, disc_hidden=1024, disc_blocks=1, disc_norm='batch', disc_roll=0.0, wgan=False, disc_steps=1,
                 distance=5.0, prior=None, **base):
        super().__init__(**base)
        self.discriminator = PoseDiscriminator(self.num_joints, disc_hidden, disc_blocks, norm=disc_norm)
        self.wgan, self.disc_steps, self.distance, self.disc_roll = wgan, disc_steps, distance, disc_roll
        self.prior_path = prior

    def critic(self, pose2d):
        """The discriminator's score of 2D poses, each first turned by a random roll of up to `disc_roll`
        degrees. Novel views turn the pose about the camera's vertical, not the person's: seen from a camera
        that looks down by some degrees, a correctly lifted person turned 90 degrees leans sideways by as
        much. Real 2D never leans, which is one reason the critic marks the true depth as fake."""
        return self.discriminator(random_roll(pose2d, self.disc_roll) if self.disc_roll else pose2d)

    def prior_loss(self, view):
        """How unlike real 2D the encoded novel views (N, J, 2) look: the generator's adversarial loss, or with
        a flow prior the mean negative log-likelihood per coordinate."""
        if self.prior_path is None:
            return generator_loss(self.critic, view, self.wgan)
        return self.flow(view.device).nll(view).mean() / view[0].numel()

    def flow(self, device):
        if getattr(self, '_flow', None) is None:
            from models.checkpoint import load_lifter
            flow = load_lifter(self.prior_path, device=device).requires_grad_(False)
            if (flow.codec.scale, flow.codec.perspective) != (self.codec.scale, self.codec.perspective):
                raise UserError(f'{self.prior_path}: the flow was fitted to 2D encoded with '
                                f'scale={flow.codec.scale!r}, perspective={flow.codec.perspective}; this lifter '
                                f'encodes with scale={self.codec.scale!r}, perspective={self.codec.perspective}')
            # Kept outside the module tree, so the prior is neither trained nor saved with the lifter.
            object.__setattr__(self, '_flow', flow)
        return self._flow

    def fake_views(self, x, up=None):
        """Encoded 2D (N, J, 2) -> the lifted poses seen from random views, re-encoded (N, J, 2); `up`: the
        batch's up directions, where its dataset gives them (view_tilt_deg)."""
        return self.codec.encode_2d(novel_view(self.forward_tensor(x), self.distance, up)[0])

    def train_step(self, data, optim_wrapper):
        data = self.data_preprocessor(data, True)
        x, up = data['inputs'], data.get('up')
        d_optim, g_optim = optim_wrapper['discriminator'], optim_wrapper['generator']
        losses_disc = []
        for _ in range(self.disc_steps if self.prior_path is None else 0):
            with d_optim.optim_context(self.discriminator):
                with torch.no_grad():
                    fake = self.fake_views(x, up)
                # Real poses from another order of the batch, so a pair never shares a pose.
                loss_disc = discriminator_loss(self.critic, x[torch.randperm(len(x), device=x.device)],
                                               fake, self.wgan)
            d_optim.update_params(loss_disc)
            losses_disc.append(loss_disc.detach())
        # Frozen while the lifter learns: otherwise its loss would leave gradients on the discriminator
        # that the discriminator's next step adds to its own.
        self.discriminator.requires_grad_(False)
        with g_optim.optim_context(self.generator):
            losses = self.generator_losses(x, up)
        g_optim.update_params(sum(losses.values()))
        self.discriminator.requires_grad_(True)
        log = {k: v.detach() for k, v in losses.items()}
        if losses_disc:  # none when distilling
            log['loss_disc'] = torch.stack(losses_disc).mean()
        return log

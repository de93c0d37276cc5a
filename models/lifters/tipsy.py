"""TIPSy ("Teaching Independent Parts Separately"): unsupervised lifting by depth generators on spatially
independent body parts, trained with self-consistency and an adversarial 2D prior, then distilled.

    2D (N, 17, 2), max-normalised to [-1, 1] -> one depth per joint in [-r, r] (r tanh(h / r), r = depth_range)
    -> 3D = (x, y, depth)

parts=True: a torso generator (spine, thorax, neck/nose, head, shoulders, elbows, wrists: 10 joints) and a
legs generator (hips, knees, feet: 6 joints), each seeing only its own joints' 2D; parts=False: one
generator on the whole body (the "solo" baseline, and the distilled student). The pelvis (root) has depth 0.
Losses per generator, each on its own joints:
  reprojection (w_reproj): lift, rotate to a random view, project, lift again, rotate back, project == input;
  90-degree consistency (w_90): G(z, y) = -x, G(-z, y) = x (the pose turned by 90 degrees about the vertical),
    and G(x, y) + G(-x, y) = 0 (a pose mirrored in depth);
  adversarial (w_adv_torso, w_adv_legs): one discriminator judges the whole 2D pose from the random view (or,
    with prior=PATH, a fixed 2D pose flow's negative log-likelihood does);
  bone proportions (w_bone, off by default): ElePose's label-free bone-length prior on the lifted pose.
teacher=PATH: distillation instead; the generator regresses the depths of a trained TIPSy checkpoint (MSE).

The 3D pose is (x, y, depth), seen through a perspective camera at `distance`, so the cycle is not exact
even for a perfect lifter. The exact alternatives did much worse in a 600-iteration A/B (hidden 512, S8
ground-truth P2: 93 mm here, 144 back-projected onto the input's rays, 144 orthographic; the same seed),
with 50-degree rotation errors: an exact cycle cannot tell a pose from its mirror in depth, and the
near/far asymmetry of this one can.
"""
import torch
import torch.nn.functional as F
from torch import nn

from models.lifters.adversarial import (AdversarialLifter, bone_proportion_loss, cycle_loss, ninety_degree_loss,
                                       novel_view, scale_grad)
from models.lifters.residual import ResidualMLP
from pipeline.geometry.transforms import pose_extent, project_from_distance, rotate
from pipeline.registry import MODELS

TORSO = (7, 8, 9, 10, 11, 12, 13, 14, 15, 16)
LEGS = (1, 2, 3, 4, 5, 6)


class DepthGenerator(nn.Module):
    """2D of some joints (N, len(joints), 2) -> their depths (N, len(joints)) in [-depth_range, depth_range].

    In units of the 2D's largest |coordinate|, a depth of 1 is too short for a body seen along its length:
    in Human3.6M's 3D, 55 % of SittingDown's and 15 % of Sitting's poses (7 % of all) reach further in depth
    than across the image. r tanh(h / r) is tanh(h) where |h| is small, so weights trained with r = 1 start
    from the same lifter and only the saturated depths move. At r = 2 the student uses the range but reaches
    the same plateau (S8 P2 47.0 against 46.7, SittingDown unchanged; docs/results.md), so configs keep r = 1."""

    def __init__(self, joints, hidden=1024, num_blocks=2, dropout=0.0, depth_range=1.0):
        super().__init__()
        self.joints, self.depth_range = joints, depth_range
        self.net = ResidualMLP(2 * len(joints), len(joints), hidden, num_blocks, dropout)

    def forward(self, pose2d):
        return self.depth_range * torch.tanh(self.net(pose2d[:, self.joints].flatten(1))[0] / self.depth_range)


@MODELS.register_module()
class TIPSyLifter(AdversarialLifter):
    training_only_args = AdversarialLifter.training_only_args + ('teacher', 'w_adv_torso', 'w_adv_legs', 'w_reproj',
                                                                 'w_90', 'w_bone')

    def __init__(self, parts=True, hidden=1024, num_blocks=2, w_adv_torso=0.08, w_adv_legs=0.05, w_reproj=10.0,
                 w_90=3.0, w_bone=0.0, depth_range=1.0, teacher=None,
                 codec=dict(type='RootScaleCodec', scale='max', unit_mm=900.0), **adv):
        super().__init__(codec=codec, **adv)
        groups = {'torso': TORSO, 'legs': LEGS} if parts else {'body': TORSO + LEGS}
        self.generator = nn.ModuleDict({k: DepthGenerator(v, hidden, num_blocks, depth_range=depth_range)
                                        for k, v in groups.items()})
        # Each joint's share of the adversarial gradient: its part's weight (solo: the mean of the two).
        adv = torch.zeros(self.num_joints)
        adv[list(TORSO)], adv[list(LEGS)] = (w_adv_torso, w_adv_legs) if parts else ((w_adv_torso + w_adv_legs) / 2,) * 2
        self.register_buffer('adv_weight', adv, persistent=False)
        stacked = [0] + [j for gen in self.generator.values() for j in gen.joints]  # root, then each part's joints
        self.register_buffer('joint_order', torch.as_tensor(stacked).argsort(), persistent=False)
        self.w_reproj, self.w_90, self.w_bone = w_reproj, w_90, w_bone
        self.teacher_path = teacher

    def depths(self, x):
        """2D (N, J, 2) in any scale -> depths (N, J) in the same scale (root 0).

        Lifting is scale-equivariant: the 2D is brought to the [-1, 1] box first and the depths scaled
        back, so a pose re-projected at another size lifts alike.
        """
        s = pose_extent(x).detach()[..., 0]  # (N, 1)
        parts = [x.new_zeros(len(x), 1)] + [gen(x / s[..., None]).to(x.dtype) for gen in self.generator.values()]
        return torch.cat(parts, 1)[:, self.joint_order] * s  # (N, J), root first, then the parts in joint order

    def forward_tensor(self, x):
        return torch.cat([x, self.depths(x)[..., None]], -1)  # (N, J, 3)

    def generator_losses(self, x, up=None):
        if self.teacher_path:
            return dict(loss_distill=F.mse_loss(self.depths(x), self.teacher(x.device).depths(x)))
        z = self.depths(x)
        pose = torch.cat([x, z[..., None]], -1)
        view, R = novel_view(pose, self.distance, up)
        # Adversarial: the pose from a random view must look real; each part feels it by its own weight.
        adv_pose = torch.cat([x, scale_grad(z, self.adv_weight)[..., None]], -1)
        adv_view = project_from_distance(rotate(adv_pose, R), self.distance)
        losses = dict(loss_adv=self.prior_loss(self.codec.encode_2d(adv_view)))
        # A joint's cycle error reaches only its own part's generator: the parts are lifted independently.
        losses['loss_reproj'] = self.w_reproj * cycle_loss(self.depths, x, view, R, self.distance)
        losses['loss_90'] = self.w_90 * ninety_degree_loss(self.depths, x, z)
        if self.w_bone:
            losses['loss_bone'] = self.w_bone * bone_proportion_loss(pose)
        return losses

    def teacher(self, device):
        if getattr(self, '_teacher', None) is None:
            from models.checkpoint import load_lifter
            # Kept outside the module tree, so the teacher is neither trained nor saved with the student.
            object.__setattr__(self, '_teacher', load_lifter(self.teacher_path, device=device).requires_grad_(False))
        return self._teacher

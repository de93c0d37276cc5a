"""VAE-GAN lifter ("Unsupervised 3D Human Pose Estimation", KTH thesis): a variational autoencoder from
2D to 3D trained by reprojection, a cyclically annealed KL term and a 2D discriminator on novel views.

    2D (N, 17, 2), root-to-head = 1 -> encoder: Linear(2J, hidden), residual blocks, heads mu / log-variance
    -> latent (N, latent) -> decoder: Linear(latent, hidden), residual blocks, Linear(3J), 2 tanh -> 3D

Losses: L1 between the input 2D and the prediction reprojected from the front; beta * KL, beta annealed in
cycles; the adversarial loss of the prediction seen from a random view, which reaches the decoder only
(its latent input is detached, as in the thesis); the discriminator takes `disc_steps` (3) steps per VAE step.
w_90 > 0 adds TIPSy's 90-degree consistency on the depths (not in the thesis): without it nothing ties a
pose's depth sign to its neighbours', and a long run mirrored half the poses in depth. w_bone > 0 adds
ElePose's bone-proportion prior on the 3D the critic judges (not in the thesis either).
Sampling the latent gives several 3D hypotheses for one 2D pose (`sample_hypotheses`). At inference each
hypothesis is moved onto the camera rays of the input 2D (its depths kept), so all reproject exactly.
"""
import torch
import torch.nn.functional as F
from torch import nn

from models.lifters.adversarial import AdversarialLifter, bone_proportion_loss, ninety_degree_loss, novel_view
from models.lifters.residual import ResidualMLP
from pipeline.geometry.transforms import back_project, head_height, project_from_distance, root_relative
from pipeline.registry import MODELS


def cyclical_beta(epoch, beta_max, warmup, cycle, hold):
    """0 for `warmup` epochs, then cycles of `cycle` epochs: a linear rise to beta_max, held for the last `hold`."""
    if epoch < warmup:
        return 0.0
    t = (epoch - warmup) % cycle
    return beta_max * min(1.0, t / (cycle - hold))


@MODELS.register_module()
class VAEGANLifter(AdversarialLifter):
    training_only_args = AdversarialLifter.training_only_args + (
        'beta_max', 'beta_warmup', 'beta_cycle', 'beta_hold', 'iters_per_epoch', 'w_reproj', 'w_adv', 'w_90', 'w_bone',
        'adv_on_rays')

    def __init__(self, hidden=1024, latent=512, num_blocks=2, beta_max=1e-3, beta_warmup=10, beta_cycle=40,
                 beta_hold=10, iters_per_epoch=1000, w_reproj=1.0, w_adv=0.1, w_90=0.0, w_bone=0.0, disc_steps=3,
                 norm='batch', adv_on_rays=False,
                 codec=dict(type='RootScaleCodec', scale='head', unit_mm=700.0), **adv):
        super().__init__(codec=codec, disc_steps=disc_steps, **adv)
        J = self.num_joints
        self.generator = nn.ModuleDict(dict(encoder=ResidualMLP(2 * J, 2 * latent, hidden, num_blocks, 0.0, norm=norm),
                                            decoder=ResidualMLP(latent, 3 * J, hidden, num_blocks, 0.0, norm=norm)))
        self.beta = dict(beta_max=beta_max, warmup=beta_warmup, cycle=beta_cycle, hold=beta_hold)
        self.iters_per_epoch, self.w_reproj, self.w_adv, self.w_90 = iters_per_epoch, w_reproj, w_adv, w_90
        self.w_bone = w_bone
        self.adv_on_rays = adv_on_rays
        self.register_buffer('step', torch.zeros((), dtype=torch.long))  # saved, so a resume keeps the schedule

    def encode(self, x):
        """2D (N, J, 2) -> mean and log-variance (N, latent) each, in float32 (the KL's exp needs the range)."""
        mu, logvar = self.generator['encoder'](x.flatten(1))[0].float().chunk(2, dim=1)
        return mu, logvar.clamp(-10.0, 10.0)

    def decode(self, z):
        """latent (N, latent) -> root-centred 3D (N, J, 3) with coordinates in [-2, 2]."""
        return root_relative(2 * torch.tanh(self.generator['decoder'](z)[0].view(len(z), self.num_joints, 3)))

    def depths(self, x):
        """2D (N, J, 2) at any scale -> the depths (N, J) of its mean 3D pose at that scale: the 2D is brought
        to the encoder's unit (root-to-head 1) and the depths scaled back."""
        s = head_height(x).detach()  # (N, 1, 1)
        return self.decode(self.encode(x / s)[0])[..., 2] * s[..., 0]

    def on_rays(self, pose, x):
        """Move each joint of `pose` along depth onto the camera ray of its input 2D, so it reprojects to x."""
        return back_project(x, pose[..., 2:], self.distance)

    def forward_tensor(self, x):
        return self.on_rays(self.decode(self.encode(x)[0]), x)

    @torch.no_grad()
    def sample_hypotheses(self, keypoints_2d, k):
        """(N, J, 2) keypoints -> (k, N, J, 3) mm: one 3D pose per sample of the latent."""
        self.eval()
        x = self.codec.encode_2d(torch.as_tensor(keypoints_2d, dtype=torch.float32, device=self.step.device))
        self.check_keypoints(x)
        mu, logvar = self.encode(x)
        samples = [self.on_rays(self.decode(mu + torch.randn_like(mu) * (0.5 * logvar).exp()), x) for _ in range(k)]
        return self.codec.decode_3d(torch.stack(samples)).cpu().numpy()

    def generator_losses(self, x, up=None):
        mu, logvar = self.encode(x)
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
        pose = self.decode(z)
        losses = dict(loss_reproj=self.w_reproj * F.l1_loss(project_from_distance(pose, self.distance), x))
        if self.w_90:
            losses['loss_90'] = self.w_90 * ninety_degree_loss(self.depths, x, pose[..., 2])
        beta = cyclical_beta(self.step.item() / self.iters_per_epoch, **self.beta)
        kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(1).mean()
        losses['loss_kl'] = beta * kl / x[0].numel()  # per element of the reconstruction
        # The adversarial signal trains the decoder alone: its latent input carries no gradient back.
        view, _ = novel_view(self.adversarial_pose(self.decode(z.detach()), x), self.distance, up)
        losses['loss_adv'] = self.w_adv * self.prior_loss(self.codec.encode_2d(view))
        if self.w_bone:
            losses['loss_bone'] = self.w_bone * bone_proportion_loss(self.adversarial_pose(pose, x))
        self.step += 1
        return losses

    def adversarial_pose(self, pose, x):
        """The 3D the discriminator sees turned: the decoder's own, or (adv_on_rays) its depths on the input's
        camera rays, as at inference, so the critic judges depths and not the 2D reconstruction's errors."""
        return self.on_rays(pose, x) if self.adv_on_rays else pose

    def fake_views(self, x, up=None):
        mu, logvar = self.encode(x)
        pose = self.adversarial_pose(self.decode(mu + torch.randn_like(mu) * (0.5 * logvar).exp()), x)
        return self.codec.encode_2d(novel_view(pose, self.distance, up)[0])

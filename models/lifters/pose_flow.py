"""A normalizing flow over 2D poses: the density of real 2D, fitted once, as a fixed prior for the lifters
that learn without 3D (ElePose, Wandt et al. CVPR 2022, uses one in place of an adversary).

    encoded 2D (N, 17, 2) -> PCA, whitened (N, dims) -> affine couplings -> z ~ N(0, I)
    nll(pose) = |z|^2 / 2 - log|det dz/dx|  (per pose, up to a constant)

Why a flow and not a discriminator: a critic trained beside the lifter learns whatever tells its novel views
from camera views, and it marks even the true depth as fake (docs/results.md, "Why the VAE-GAN stays flat").
A density fitted to real 2D beforehand is not a moving target: its gradient points the same way at every
step, and it is lowest where real 2D is.
The root is at the origin and the scale fixed by the codec, so the 34 numbers of an encoded pose lie near a
lower-dimensional set; the flow models its `dims` principal components (ElePose: 26), fitted on the first
training batch, and training adds a little noise (`noise`) so that the density cannot collapse onto that set.
"""
import torch
from mmengine.model import BaseModel
from torch import nn

from pipeline.codec import build_codec
from pipeline.registry import MODELS


class AffineCoupling(nn.Module):
    """Half the coordinates (`mask`) pass unchanged and set a scale and shift for the other half."""

    def __init__(self, dims, hidden, mask, max_log_scale=2.0):
        super().__init__()
        self.register_buffer('mask', mask)
        self.net = nn.Sequential(nn.Linear(dims, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                 nn.Linear(hidden, 2 * dims))
        nn.init.zeros_(self.net[-1].weight)  # starts as the identity
        nn.init.zeros_(self.net[-1].bias)
        self.max_log_scale = max_log_scale

    def forward(self, x):
        """x (N, dims) -> (y, log|det|) (N,)."""
        log_scale, shift = self.net(x * self.mask).chunk(2, dim=-1)
        # A soft clamp: a coupling that may scale by e^10 makes the likelihood's gradients explode.
        log_scale = self.max_log_scale * torch.tanh(log_scale / self.max_log_scale) * (1 - self.mask)
        return x * self.mask + (1 - self.mask) * (x * log_scale.exp() + shift), log_scale.sum(-1)


@MODELS.register_module()
class PoseFlow(BaseModel):
    """Density of encoded 2D poses. Trained by tools/train.py on H36M2DPoseDataset (loss: the mean negative
    log-likelihood); a lifter's `prior=PATH` then uses `nll()` of its novel views as its 2D prior."""

    def __init__(self, num_joints=17, dims=26, hidden=512, num_layers=8, noise=0.01,
                 codec=dict(type='RootScaleCodec', scale='max', unit_mm=900.0), init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.codec = build_codec(codec)
        self.num_joints, self.noise = num_joints, noise
        full = 2 * num_joints
        # Set from the first training batch (fit_pca) and saved with the weights.
        self.register_buffer('mean', torch.zeros(full))
        self.register_buffer('basis', torch.eye(full)[:dims])  # (dims, 34): whitened principal directions
        self.register_buffer('fitted', torch.zeros((), dtype=torch.bool))
        gen = torch.Generator().manual_seed(0)
        masks = [(torch.randperm(dims, generator=gen) < dims // 2).float() for _ in range(num_layers // 2)]
        masks = [m for mask in masks for m in (mask, 1 - mask)]  # each coordinate changes in every pair of layers
        self.layers = nn.ModuleList(AffineCoupling(dims, hidden, m) for m in masks)

    @torch.no_grad()
    def fit_pca(self, x):
        """Principal components of encoded 2D poses x (N, J, 2), each divided by its standard deviation."""
        flat = x.flatten(1).double()
        mean = flat.mean(0)
        eigval, eigvec = torch.linalg.eigh(torch.cov((flat - mean).T))
        top = eigval.argsort(descending=True)[:len(self.basis)]
        self.mean.copy_(mean.float())
        self.basis.copy_((eigvec[:, top] / eigval[top].clamp_min(1e-12).sqrt()).T.float())
        self.fitted.fill_(True)

    def nll(self, x):
        """Encoded 2D (N, J, 2) -> negative log-likelihood per pose (N,), without the constant."""
        z = (x.flatten(1).float() - self.mean) @ self.basis.T
        log_det = z.new_zeros(len(z))
        for layer in self.layers:
            z, ld = layer(z)
            log_det = log_det + ld
        return 0.5 * z.pow(2).sum(-1) - log_det

    def forward(self, inputs, targets=None, mode='loss', **unused):
        if mode != 'loss':
            return self.nll(inputs)
        if not self.fitted:
            self.fit_pca(inputs)
        return dict(loss_nll=self.nll(inputs + self.noise * torch.randn_like(inputs)).mean())

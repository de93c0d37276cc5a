"""Cross-modal VAE (seed: "3D Human Pose Estimation", KTH draft, after Spurr et al. 2018): RGB person
crops, 2D poses and 3D poses share one latent space, so any encoder can feed any decoder.

    image (N, 3, S, S) -> ResNet-18 -> mu, logvar          2D (N, 17, 2) -> 5 x [Linear, ReLU] -> mu, logvar
    3D (N, 17, 3)      -> 5 x [Linear, ReLU] -> mu, logvar
    z (N, latent) -> image decoder: Linear, 4 x [ConvTranspose (x2), BN, ReLU], Conv, tanh -> (N, 3, S, S)
                  -> 2D / 3D decoders: Linear up to `hidden`, 4 x [Linear, ReLU], Linear

Training takes one encoder-decoder pair per step, in turn (image->image, image->3D, image->2D, 2D->3D,
2D->2D, 3D->3D, 3D->2D). The loss of a pair is its decoder's (L1 for images, MSE for poses) plus beta * KL
divided by the number of elements of the reconstruction, beta annealed in cycles. Crops of real video
have no 3D: a pair decoding 3D then compares the 3D's front view (root-centred, least-squares scaled)
with the 2D keypoints, and, where the cache holds the keypoint pipeline's 3D of the crop (pseudo_3d), that
3D as a soft target with weight `pseudo_weight`; pairs that need a 3D input skip such batches.
Inference: a person crop -> image encoder mean -> 3D decoder (`lift_images`). With `spatial_2d` the image -> 2D
pair is a heatmap head on the encoder's stride-8/16 maps instead (`SpatialKeypoints`), and inference reads the
crop's 2D with it and lifts that through the pose path: crop -> 2D -> 2D encoder mean -> 3D decoder.
"""
import torch
import torch.nn.functional as F
import torchvision
from mmengine.model import BaseModel
from torch import nn

from models.image.common import channels_last, image_grid, lift_crops
from models.lifters.vae_gan import cyclical_beta
from pipeline.errors import UserError
from pipeline.registry import MODELS

PAIRS = (('image', 'image'), ('image', 'pose3d'), ('image', 'pose2d'), ('pose2d', 'pose3d'), ('pose2d', 'pose2d'),
         ('pose3d', 'pose3d'), ('pose3d', 'pose2d'))
IMAGENET_MEAN, IMAGENET_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)


def mlp(n_in, hidden, n_out, layers=5):
    """`layers` blocks of Linear + ReLU, then a linear output."""
    blocks = [m for k in range(layers) for m in (nn.Linear(n_in if k == 0 else hidden, hidden), nn.ReLU(inplace=True))]
    return nn.Sequential(*blocks, nn.Linear(hidden, n_out))


class ImageEncoder(nn.Module):
    """(N, 3, S, S) in [-1, 1] -> (N, 2 * latent). ResNet-18, ImageNet weights from a local file if given."""

    def __init__(self, latent, weights=None):
        super().__init__()
        self.net = torchvision.models.resnet18()
        if weights:
            self.net.load_state_dict(torch.load(weights, map_location='cpu', weights_only=True))
        self.net.fc = nn.Linear(self.net.fc.in_features, 2 * latent)  # the mean and log-variance heads
        self.register_buffer('mean', torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1), persistent=False)
        self.register_buffer('std', torch.tensor(IMAGENET_STD).view(1, 3, 1, 1), persistent=False)

    def forward(self, image):
        return self.net(channels_last(((image + 1) / 2 - self.mean) / self.std))

    def feature_maps(self, image):
        """The trunk up to its stride-8 and stride-16 maps (layer2, layer3), for reading 2D where it is."""
        n = self.net
        x = n.maxpool(n.relu(n.bn1(n.conv1(channels_last(((image + 1) / 2 - self.mean) / self.std)))))
        stride8 = n.layer2(n.layer1(x))
        return stride8, n.layer3(stride8)


class SpatialKeypoints(nn.Module):
    """ResNet-18's stride-16 and stride-8 maps -> a heatmap per joint at stride 4 -> its soft-argmax
    (integral regression, Sun et al. 2018) in [-1, 1] of the crop. A 64-px crop ends in a 2 x 2 map
    after global pooling, too coarse to say where a joint is; this reads the 2D before the pooling."""

    def __init__(self, joints):
        super().__init__()
        self.up16 = nn.Sequential(nn.ConvTranspose2d(256, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.ReLU(inplace=True))
        self.up8 = nn.Sequential(nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(inplace=True),
                                 nn.Conv2d(64, joints, 1))

    def forward(self, stride8, stride16):
        heat = self.up8(self.up16(stride16) + stride8).float().flatten(2).softmax(-1)  # (N, J, H * W)
        h = w = int(heat.shape[-1] ** 0.5)
        ys, xs = torch.meshgrid(*[(torch.arange(k, device=heat.device) + 0.5) * (2 / k) - 1 for k in (h, w)],
                                indexing='ij')
        return torch.stack([heat @ xs.flatten(), heat @ ys.flatten()], -1)  # expected x, y of each joint


class ImageDecoder(nn.Module):
    """(N, latent) -> (N, 3, S, S) in [-1, 1]: five convolutions, the first four doubling the size."""

    def __init__(self, latent, size, width=256):
        super().__init__()
        if size % 16:
            raise UserError(f'image size must be a multiple of 16, got {size}')
        self.start = (width, size // 16, size // 16)
        self.fc = nn.Linear(latent, width * (size // 16) ** 2)
        chans = [width, width // 2, width // 4, width // 8, width // 16]
        ups = [m for a, b in zip(chans[:-1], chans[1:])
               for m in (nn.ConvTranspose2d(a, b, 4, 2, 1), nn.BatchNorm2d(b), nn.ReLU(inplace=True))]
        self.net = nn.Sequential(*ups, nn.Conv2d(chans[-1], 3, 3, padding=1), nn.Tanh())

    def forward(self, z):
        return self.net(channels_last(F.relu(self.fc(z)).view(len(z), *self.start)))


def front_view_error(pose3d, keypoints, scores):
    """MSE between the 3D's front view (x, y) and 2D keypoints, both root-centred, the 3D scaled to fit
    (least squares): weak supervision where no 3D label exists. Joints weighted by their 2D scores."""
    xy = pose3d[..., :2] - pose3d[..., :1, :2]
    kp = keypoints - keypoints[..., :1, :]
    w = scores[..., None]
    scale = (w * xy * kp).sum((1, 2)) / (w * xy * xy).sum((1, 2)).clamp_min(1e-6)
    return (w * (scale.detach()[:, None, None] * xy - kp) ** 2).mean()


@MODELS.register_module()
class CrossModalVAE(BaseModel):
    lifts_2d = True  # image -> 2D -> 3D, each step on its own (image_to_2d, lift_2d)
    flip_test = True  # lift_images reads each crop's 2D with its mirror image's (models.image.common.crops_2d)

    def __init__(self, image_size=128, latent=64, hidden=512, num_joints=17, beta_max=1e-3, beta_warmup=2,
                 beta_cycle=10, beta_hold=2, iters_per_epoch=100, image_weights=None, unit_mm=1000.0,
                 pairs=PAIRS, pseudo_weight=0.0, spatial_2d=False, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        J = self.num_joints = num_joints
        self.image_size, self.unit_mm = image_size, unit_mm
        self.encoders = nn.ModuleDict(dict(image=ImageEncoder(latent, image_weights), pose2d=mlp(2 * J, hidden, 2 * latent),
                                           pose3d=mlp(3 * J, hidden, 2 * latent)))
        self.decoders = nn.ModuleDict(dict(image=ImageDecoder(latent, image_size), pose2d=mlp(latent, hidden, 2 * J),
                                           pose3d=mlp(latent, hidden, 3 * J)))
        # spatial_2d: image -> 2D by a heatmap head on the trunk's maps, and inference image -> 2D -> 3D
        # through the pose path (the latent's own image -> 3D stays trained as a pair).
        self.keypoints = SpatialKeypoints(J) if spatial_2d else None
        self.pairs = [tuple(p) for p in pairs]
        self.beta = dict(beta_max=beta_max, warmup=beta_warmup, cycle=beta_cycle, hold=beta_hold)
        self.iters_per_epoch = iters_per_epoch
        self.pseudo_weight = pseudo_weight
        self.register_buffer('step', torch.zeros((), dtype=torch.long))  # saved: a resume keeps the schedule
        self.to(memory_format=torch.channels_last)

    # --- one modality in, one out -------------------------------------------------------------------
    def encode(self, modality, x):
        """-> mean, log-variance (N, latent) each, in float32 (the KL's exp needs the range)."""
        mu, logvar = self.encoders[modality](x if modality == 'image' else x.flatten(1)).float().chunk(2, dim=1)
        return mu, logvar.clamp(-10.0, 10.0)

    def decode(self, modality, z):
        out = self.decoders[modality](z)
        if modality == 'pose3d':
            out = out.view(len(z), self.num_joints, 3)
            return out - out[:, :1]  # root-relative
        return out if modality == 'image' else out.view(len(z), self.num_joints, 2)

    @staticmethod
    def inputs(data):
        """The batch's modalities: images in [-1, 1], 2D keypoints in [-1, 1] of the crop, 3D in metres
        (batches of poses alone, H36MCropPoseDataset's, have no image)."""
        return dict(image=data.get('target'), pose2d=data['keypoints'], pose3d=data['pose_3d'])

    # --- training -------------------------------------------------------------------------------------
    def pair_loss(self, source, target, data):
        has_3d = data['has_3d'].bool()
        x = self.inputs(data)
        if source == 'pose3d':  # only samples with a 3D label can be encoded from 3D
            if not has_3d.any():
                return None
            x = {k: None if v is None else v[has_3d] for k, v in x.items()}
            data = {k: v[has_3d] for k, v in data.items()}
            has_3d = has_3d[has_3d]
        if self.keypoints is not None and (source, target) == ('image', 'pose2d'):  # no latent on this path
            error = (self.keypoints(*self.encoders['image'].feature_maps(x['image'])) - x['pose2d']).abs()
            return dict(loss_recon=(data['scores'][..., None] * error).mean())  # detected joints by their score
        mu, logvar = self.encode(source, x[source])
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
        out = self.decode(target, z)
        if target == 'image':
            recon = F.l1_loss(out, x['image'])
        elif target == 'pose2d':
            recon = F.mse_loss(out, x['pose2d'])
        else:  # 3D labels where they exist, the front view against the 2D elsewhere
            labelled = F.mse_loss(out[has_3d], x['pose3d'][has_3d]) if has_3d.any() else out.sum() * 0
            weak = front_view_error(out[~has_3d], x['pose2d'][~has_3d], data['scores'][~has_3d]) \
                if (~has_3d).any() else out.sum() * 0
            recon = labelled + weak
            pseudo = ~has_3d & data['has_pseudo_3d'].bool() if 'has_pseudo_3d' in data else has_3d & False
            if self.pseudo_weight and pseudo.any():  # the lifter's 3D: a soft target, not ground truth
                recon = recon + self.pseudo_weight * F.mse_loss(out[pseudo], data['pseudo_3d'][pseudo])
        kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(1).mean()
        beta = cyclical_beta(self.step.item() / self.iters_per_epoch, **self.beta)
        return dict(loss_recon=recon, loss_kl=beta * kl / out[0].numel())

    def train_step(self, data, optim_wrapper):
        data = self.data_preprocessor(data, True)
        for k in range(len(self.pairs)):  # this step's pair; pairs that cannot use the batch pass their turn
            source, target = self.pairs[(int(self.step) + k) % len(self.pairs)]
            with optim_wrapper.optim_context(self):
                losses = self.pair_loss(source, target, data)
            if losses is not None:
                break
        optim_wrapper.update_params(sum(losses.values()))
        self.step += 1
        return dict({k: v.detach() for k, v in losses.items()}, loss=sum(losses.values()).detach())

    def forward(self, inputs=None, mode='tensor', **data):
        """'tensor': crops (N, 3, S, S) -> 3D (N, 17, 3) in metres: image encoder mean -> 3D decoder, or with
        spatial_2d the heatmap head's 2D -> 2D encoder mean -> 3D decoder."""
        if self.keypoints is not None:
            return self.lift_2d(self.image_to_2d(inputs))
        return self.decode('pose3d', self.encode('image', inputs)[0])

    def lift_2d(self, keypoints):
        """2D (N, 17, 2) in [-1, 1] of the crop -> 3D (N, 17, 3) in metres: 2D encoder mean -> 3D decoder."""
        return self.decode('pose3d', self.encode('pose2d', keypoints)[0])

    def image_to_2d(self, image):
        """Crops (N, 3, S, S) -> 2D (N, 17, 2) in [-1, 1] of the crop: the heatmap head with spatial_2d,
        else the latent's 2D decoder."""
        if self.keypoints is not None:
            return self.keypoints(*self.encoders['image'].feature_maps(image))
        return self.decode('pose2d', self.encode('image', image)[0])

    # --- inference ------------------------------------------------------------------------------------
    def lift_images(self, crops, batch_size=32):
        """Person crops (N, S, S, 3) uint8 BGR (any S) -> root-relative 3D (N, 17, 3) mm, as numpy."""
        return lift_crops(self, crops, batch_size)

    @torch.no_grad()
    def preview(self, data, n=6):
        """A picture of the image path: rows of target | image->image | background, uint8 (H, W, 3) BGR."""
        self.eval()
        data = self.data_preprocessor(data, False)
        target = data['target'][:n]
        recon = self.decode('image', self.encode('image', target)[0])
        self.train()
        return image_grid((target, recon, data['background'][:n]))

"""Kinematic-structure-preserving autoencoder (Kundu et al., AAAI 2020): the latent pose code *is* a 3D
skeleton, so no latent-to-pose mapper is trained, and it learns from video with a tiny labelled prior.

    E_P: image -> ResNet-50 to res4f -> v_k (40: hip-line angle + 13 unit bone vectors, each in its
         parent bone's frame), camera c (6: three angles as sin/cos) and the pelvis' image position (2)
    T_fk: pelvis at the origin, spine along z, the hip line turned about x by the angle, then
         p_j = p_parent + len_j v_j down the tree with fixed canonical bone lengths
    T_c:  rotate by the camera angles, place at a fixed distance, perspective projection -> 2D in [-1, 1]
    T_m:  17 joint heatmaps + 16 limb affinity maps (33 channels) at the appearance features' resolution
    E_A:  ten convolutions -> f_a;  two convolutions: maps -> f_2D;  D_I: (f_2D, f_a) -> image, the
         background B_t fused near its end

Three losses in separate iterations, each with its own AdaGrad optimiser:
  paired (static background): I_t from the pose of I_t, the appearance of I_s and B_t, plus re-encoding
      consistency of the 2D pose and the appearance of the reconstruction;
  unpaired (moving background): D_I frozen as an energy: the pose re-estimated from a flipped or rotated
      synthesis, transformed back, must match;
  prior: direct 3D and 2D losses on a few labelled synthetic samples, which fix the conventions.
Ablations: use_fk=False regresses the 17 joints directly; use_maps=False replaces T_m by a learned map.
Weakly supervised (the seed's variant with 2D labels, weak_2d_weight > 0): the paired and unpaired steps
also pull the projected 2D pose towards the crop's keypoints (the detector's on real video, exact on renders).
With spatial_2d, E_P reads the joints where they are (the CPU variant at 64 px, whose ResNet ends in a 2 x 2
map after pooling): ResNet-18's stride-8/16 maps -> a heatmap per joint -> its soft-argmax 2D, as the
cross-modal VAE's head; an MLP lifts that 2D (root-centred) to the kinematic parameters and the camera, and
the pelvis' place in the crop is its heatmap's. The lifting MLP can then learn from motion capture without
images (batches of H36MCropPoseDataset: 2D -> kinematics -> 3D against the 3D), and the trunk and head can
start from a trained cross-modal VAE's (keypoint_weights).
"""
import math

import torch
import torch.nn.functional as F
import torchvision
from mmengine.model import BaseModel
from torch import nn

from models.image.common import channels_last, image_grid, lift_crops
from models.image.crossmodal_vae import ImageEncoder, SpatialKeypoints, mlp
from pipeline.errors import UserError
from pipeline.geometry.skeleton import CANONICAL_BONE_MM, H36M
from pipeline.geometry.transforms import mirrored, project_from_distance, rotation_matrix
from pipeline.registry import MODELS

HIPS = ((0, 4), (0, 1))  # left, right: along +y / -y of the canonical frame, turned about x
SPINE = (0, 7)  # fixed along +z
FREE = ((7, 8), (8, 9), (9, 10), (8, 11), (11, 12), (12, 13), (8, 14), (14, 15), (15, 16),
        (4, 5), (5, 6), (1, 2), (2, 3))  # 13 bones, parents before children
PARENT_BONE = {b: next(a for a in (SPINE, *HIPS, *FREE) if a[1] == b[0]) for b in FREE}
# Canonical frame (x forward, y the person's left, z up) -> camera frame (x right, y down, z forward),
# for a person facing the camera.
TO_CAMERA = torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, -1.0], [-1.0, 0.0, 0.0]])
DISTANCE_M, FOCAL = 4.0, 3.5  # the crop is ~1.3x the person: a 1.7 m person spans ~1.5 of its [-1, 1]


def bone_frame(d):
    """Frames (N, 3, 3) whose z column is the unit bone direction d (N, 3): a bone's local frame."""
    ref = torch.tensor([1.0, 0.0, 0.0], device=d.device).expand_as(d)
    ref = torch.where((d * ref).sum(-1, keepdim=True).abs() > 0.9, torch.tensor([0.0, 0.0, 1.0], device=d.device), ref)
    x = F.normalize(ref - (ref * d).sum(-1, keepdim=True) * d, dim=-1)
    return torch.stack([x, torch.cross(d, x, dim=-1), d], -1)


def forward_kinematics(hip_angle, local_dirs, lengths):
    """hip_angle (N,), local_dirs (N, 13, 3) (normalised here), lengths {bone: metres} -> (N, 17, 3) canonical."""
    N = len(hip_angle)
    joints = [None] * H36M.num_joints
    dirs = {}
    joints[0] = hip_angle.new_zeros(N, 3)
    left = torch.stack([torch.zeros_like(hip_angle), torch.cos(hip_angle), torch.sin(hip_angle)], -1)
    dirs[HIPS[0]], dirs[HIPS[1]] = left, -left
    dirs[SPINE] = torch.tensor([0.0, 0.0, 1.0], device=hip_angle.device).expand(N, 3)
    local = F.normalize(local_dirs, dim=-1)
    for k, bone in enumerate(FREE):
        dirs[bone] = (bone_frame(dirs[PARENT_BONE[bone]]) @ local[:, k, :, None])[..., 0]
    for bone in (*HIPS, SPINE, *FREE):  # parents first
        joints[bone[1]] = joints[bone[0]] + lengths[bone] * dirs[bone]
    return torch.stack(joints, 1)


def camera_rotation(c):
    """c (N, 6): (sin, cos) of azimuth, elevation, roll (each pair normalised here) -> (N, 3, 3)."""
    sin, cos = F.normalize(c.view(-1, 3, 2), dim=-1).unbind(-1)  # (N, 3) each
    return rotation_matrix(*torch.atan2(sin, cos).unbind(-1))


def spatial_maps(p2d, size, sigma=0.08, alpha=0.35, width=0.06):
    """2D joints (N, 17, 2) in [-1, 1] -> (N, 33, size, size): a Gaussian heatmap per joint and per limb an
    affinity map, a Gaussian along the limb (sigma alpha x its length) and across it (sigma `width`)."""
    g = (torch.arange(size, device=p2d.device, dtype=p2d.dtype) + 0.5) / size * 2 - 1
    grid = torch.stack(torch.meshgrid(g, g, indexing='xy'), -1)  # (S, S, 2): (x, y) of each pixel centre
    d = grid[None, None] - p2d[:, :, None, None]  # (N, 17, S, S, 2)
    heat = torch.exp(-d.pow(2).sum(-1) / (2 * sigma ** 2))
    parents, children = zip(*H36M.bones)
    a, b = p2d[:, list(parents)], p2d[:, list(children)]  # (N, 16, 2)
    length = (b - a).norm(dim=-1, keepdim=True).clamp_min(1e-3)
    along = (b - a) / length
    across = torch.stack([-along[..., 1], along[..., 0]], -1)
    rel = grid[None, None] - ((a + b) / 2)[:, :, None, None]  # (N, 16, S, S, 2)
    t = (rel * along[:, :, None, None]).sum(-1)
    n = (rel * across[:, :, None, None]).sum(-1)
    limb = torch.exp(-t.pow(2) / (2 * (alpha * length[..., None]) ** 2) - n.pow(2) / (2 * width ** 2))
    return torch.cat([heat, limb], 1)


def rotate_2d(p2d, angle):
    """Turn 2D poses (N, 17, 2) about the crop centre by `angle` (N,) radians (image y down)."""
    c, s = torch.cos(angle)[:, None], torch.sin(angle)[:, None]
    x, y = p2d.unbind(-1)
    return torch.stack([c * x - s * y, s * x + c * y], -1)


def rotate_image(image, angle):
    """Turn images (N, C, H, W) about their centre by `angle` (N,), matching rotate_2d."""
    c, s = torch.cos(angle), torch.sin(angle)
    theta = torch.stack([torch.stack([c, s, torch.zeros_like(c)], -1), torch.stack([-s, c, torch.zeros_like(c)], -1)], 1)
    grid = F.affine_grid(theta, image.shape, align_corners=False)
    return F.grid_sample(image, grid, padding_mode='border', align_corners=False)


def conv(a, b, stride=1):
    return nn.Sequential(nn.Conv2d(a, b, 3, stride, 1, bias=False), nn.BatchNorm2d(b), nn.ReLU(inplace=True))


class PoseEncoder(nn.Module):
    """E_P: image (N, 3, S, S) in [-1, 1] -> kinematic code (N, n_pose), camera (N, 6), the pelvis' place in
    the crop (N, 2), and no keypoints: ResNet-50 up to res4f, pooled, two FC branches."""

    def __init__(self, n_pose, weights=None):
        super().__init__()
        net = torchvision.models.resnet50()
        if weights:
            net.load_state_dict(torch.load(weights, map_location='cpu', weights_only=True))
        self.trunk = nn.Sequential(net.conv1, net.bn1, net.relu, net.maxpool, net.layer1, net.layer2, net.layer3)
        self.pose = nn.Sequential(nn.Linear(1024, 512), nn.ReLU(inplace=True), nn.Linear(512, n_pose))
        self.camera = nn.Sequential(nn.Linear(1024, 256), nn.ReLU(inplace=True), nn.Linear(256, 6 + 2))
        self.register_buffer('mean', torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1), persistent=False)
        self.register_buffer('std', torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1), persistent=False)

    def forward(self, image):
        h = self.trunk(channels_last(((image + 1) / 2 - self.mean) / self.std)).mean((2, 3))
        cam = self.camera(h)
        return self.pose(h), cam[:, :6], torch.tanh(cam[:, 6:]), None


class KeypointPoseEncoder(nn.Module):
    """E_P with spatial_2d: image -> 2D keypoints (N, 17, 2) from heatmaps on ResNet-18's stride-8/16 maps,
    then `lift`: the root-centred 2D -> kinematic code and camera by an MLP; the pelvis' place is its 2D."""

    def __init__(self, n_pose, hidden=1024):
        super().__init__()
        self.n_pose = n_pose
        self.image = ImageEncoder(latent=1)
        self.image.net.fc = nn.Identity()  # only the trunk's maps are read
        self.keypoints = SpatialKeypoints(H36M.num_joints)
        self.lifter = mlp(2 * H36M.num_joints, hidden, n_pose + 6, layers=4)

    def forward(self, image):
        return self.lift(self.keypoints(*self.image.feature_maps(image)))

    def lift(self, keypoints):
        out = self.lifter((keypoints - keypoints[:, :1]).flatten(1))
        return out[:, :self.n_pose], out[:, self.n_pose:], keypoints[:, 0], keypoints

    def load_crossmodal(self, path):
        """Trunk and heatmap head from a cross-modal VAE checkpoint trained with spatial_2d."""
        state = torch.load(path, map_location='cpu', weights_only=True)
        state = state.get('state_dict', state)
        prefixes = {'encoders.image.': 'image.', 'keypoints.': 'keypoints.'}
        mine = {new + k[len(old):]: v.float() for k, v in state.items() for old, new in prefixes.items()
                if k.startswith(old) and not k.startswith('encoders.image.net.fc.')}
        if not any(k.startswith('keypoints.') for k in mine):
            raise UserError(f'{path} has no keypoint head (a cross-modal VAE trained with spatial_2d=True)')
        self.load_state_dict(mine, strict=False)


class AppearanceEncoder(nn.Module):
    """E_A: ten convolutions, `stride` (8 or 16) -> f_a (N, 512 * width, S / stride, S / stride)."""

    def __init__(self, stride=16, width=1.0):
        super().__init__()
        ch = [int(c * width) for c in (32, 32, 64, 64, 128, 128, 256, 256, 512, 512)]
        downs = {1, 3, 5, 7} if stride == 16 else {1, 3, 5}
        self.net = nn.Sequential(*[conv(3 if i == 0 else ch[i - 1], c, 2 if i in downs else 1) for i, c in enumerate(ch)])
        self.channels = ch[-1]

    def forward(self, image):
        return self.net(channels_last(image))


class ImageDecoder(nn.Module):
    """D_I: (f_2D, f_a) at S / stride -> image (N, 3, S, S); the background is fused at full size."""

    def __init__(self, n_in, stride=16, width=1.0):
        super().__init__()
        ups = int(math.log2(stride))
        ch = [int(256 * width) >> k for k in range(ups + 1)]
        self.inp = conv(n_in, ch[0])
        self.ups = nn.ModuleList(nn.Sequential(nn.Upsample(scale_factor=2, mode='nearest'), conv(a, b))
                                 for a, b in zip(ch[:-1], ch[1:]))
        self.fuse = nn.Sequential(conv(ch[-1] + 3, ch[-1]), nn.Conv2d(ch[-1], 3, 3, padding=1), nn.Tanh())

    def forward(self, features, background):
        h = self.inp(channels_last(features))
        for up in self.ups:
            h = up(h)
        return self.fuse(channels_last(torch.cat([h, background], 1)))


@MODELS.register_module()
class KinematicAE(BaseModel):
    # Weights to start from: files of the training machine, not part of the trained model.
    training_only_args = ('pose_weights', 'keypoint_weights')
    flip_test = True  # lift_images reads each crop's 2D with its mirror image's (models.image.common.crops_2d)

    def __init__(self, image_size=224, stride=16, width=1.0, use_fk=True, use_maps=True, use_unpaired=True,
                 lambda_pose=1.0, lambda_app=0.1, weak_2d_weight=0.0, pose_weights=None, unit_mm=1000.0,
                 spatial_2d=False, keypoint_weights=None, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if image_size % stride:
            raise UserError(f'image size {image_size} is not a multiple of the feature stride {stride}')
        J = H36M.num_joints
        self.image_size, self.map_size, self.unit_mm = image_size, image_size // stride, unit_mm
        self.use_fk, self.use_maps, self.use_unpaired = use_fk, use_maps, use_unpaired
        self.lambda_pose, self.lambda_app, self.weak_2d_weight = lambda_pose, lambda_app, weak_2d_weight
        n_pose = 40 if use_fk else 3 * J
        self.pose_encoder = KeypointPoseEncoder(n_pose) if spatial_2d else PoseEncoder(n_pose, pose_weights)
        if keypoint_weights:
            if not spatial_2d:
                raise UserError('keypoint_weights needs spatial_2d=True')
            self.pose_encoder.load_crossmodal(keypoint_weights)
        self.appearance_encoder = AppearanceEncoder(stride, width)
        n_maps = 33 if use_maps else 16
        # Without T_m (ablation) the 2D joints go through a learned map: a linear layer to 16 channels.
        self.learned_map = None if use_maps else nn.Linear(2 * J, 16 * self.map_size ** 2)
        self.map_encoder = nn.Sequential(conv(n_maps, 64), conv(64, 128))
        self.decoder = ImageDecoder(128 + self.appearance_encoder.channels, stride, width)
        self.bone_m = {b: length / 1000 for b, length in CANONICAL_BONE_MM.items()}
        self.register_buffer('to_camera', TO_CAMERA.clone(), persistent=False)
        self.register_buffer('step', torch.zeros((), dtype=torch.long))
        self.to(memory_format=torch.channels_last)

    @property
    def lifts_2d(self):
        """spatial_2d: image -> 2D -> 3D, each step on its own (image_to_2d, lift_2d)."""
        return isinstance(self.pose_encoder, KeypointPoseEncoder)

    # --- the pose path: image -> 3D (camera frame, metres) and 2D ([-1, 1] of the crop) ----------
    def pose(self, image):
        """-> 3D (N, 17, 3), its projection (N, 17, 2) and, with spatial_2d, the heatmaps' 2D (else None)."""
        return self.kinematics(*self.pose_encoder(image))

    def pose_from_2d(self, keypoints):
        """spatial_2d: 2D keypoints in [-1, 1] of the crop -> the same as pose(), without an image."""
        return self.kinematics(*self.pose_encoder.lift(keypoints))

    def lift_2d(self, keypoints):
        """spatial_2d: 2D keypoints (N, 17, 2) in [-1, 1] of the crop -> 3D (N, 17, 3) in metres."""
        return self.pose_from_2d(keypoints)[0]

    def kinematics(self, pose_code, cam, offset, keypoints=None):
        """E_P's outputs -> 3D, its projection placed at the pelvis' `offset`, and `keypoints` passed on."""
        with torch.autocast(pose_code.device.type, enabled=False):  # in float32, under bf16 training too
            pose_code, cam, offset = pose_code.float(), cam.float(), offset.float()
            if self.use_fk:
                canonical = forward_kinematics(math.pi / 4 * torch.tanh(pose_code[:, 0]),
                                               pose_code[:, 1:].view(-1, 13, 3), self.bone_m)
                p3d = canonical @ (camera_rotation(cam) @ self.to_camera).transpose(1, 2)
            else:  # ablation: the joints regressed directly
                p3d = pose_code.view(len(pose_code), -1, 3)
                p3d = p3d - p3d[:, :1]
            p2d = project_from_distance(p3d, DISTANCE_M) * (FOCAL / DISTANCE_M) + offset[:, None]
        return p3d, p2d, keypoints

    def pose_features(self, p2d):
        if self.use_maps:
            maps = spatial_maps(p2d, self.map_size)
        else:
            maps = self.learned_map(p2d.flatten(1)).view(len(p2d), 16, self.map_size, self.map_size)
        return self.map_encoder(channels_last(maps))

    def synthesize(self, p2d, appearance, background):
        """The decoder's image of pose `p2d` with the appearance features of another frame over `background`."""
        return self.decoder(torch.cat([self.pose_features(p2d), appearance], 1), background)

    # --- the three losses ---------------------------------------------------------------------------
    def paired_loss(self, data):
        _, p2d, heat_2d = self.pose(data['target'])
        f_a = self.appearance_encoder(data['source'])
        recon = self.synthesize(p2d, f_a, data['background'])
        _, p2d_again, _ = self.pose(recon)
        losses = dict(loss_image=F.l1_loss(recon, data['target']),
                      loss_pose_cycle=self.lambda_pose * F.l1_loss(p2d_again, p2d),
                      loss_app_cycle=self.lambda_app * F.l1_loss(self.appearance_encoder(recon), f_a))
        return self._with_weak_2d(losses, p2d, heat_2d, data['keypoints'], data['scores'])

    def unpaired_loss(self, data):
        """The frozen decoder as an energy: a synthesis must re-encode to the pose it was made from, seen
        through a flip or an in-plane rotation. Only the encoders learn here."""
        _, p2d, heat_2d = self.pose(data['unpaired_target'])
        f_a = self.appearance_encoder(data['unpaired_source'])
        fake = self.synthesize(p2d, f_a, data['random_background'])
        if int(self.step) // 3 % 2 == 0:
            _, seen, _ = self.pose(fake.flip(-1))
            back = mirrored(seen)
        else:
            angle = (torch.rand(len(fake), device=fake.device) * 2 - 1) * math.pi / 6
            _, seen, _ = self.pose(rotate_image(fake, angle))
            back = rotate_2d(seen, -angle)
        losses = dict(loss_unpaired_pose=F.l1_loss(back, p2d),
                      loss_unpaired_app=self.lambda_app * F.l1_loss(self.appearance_encoder(fake), f_a))
        return self._with_weak_2d(losses, p2d, heat_2d, data['unpaired_keypoints'], data['unpaired_scores'])

    def _with_weak_2d(self, losses, p2d, heat_2d, keypoints, scores):
        """The weakly supervised variant's terms: the projected pose, and the heatmaps' 2D where E_P has them
        (each joint by its detection score), against the crop's keypoints."""
        if self.weak_2d_weight:
            losses['loss_weak_2d'] = self.weak_2d_weight * F.l1_loss(p2d, keypoints)
            if heat_2d is not None:
                error = scores[..., None] * (heat_2d - keypoints).abs()
                losses['loss_weak_heat_2d'] = self.weak_2d_weight * error.mean()
        return losses

    def prior_loss(self, data):
        p3d, p2d, heat_2d = self.pose(data['prior_image'])
        losses = dict(loss_prior_3d=F.l1_loss(p3d, data['prior_pose_3d']),
                      loss_prior_2d=F.l1_loss(p2d, data['prior_keypoints']))
        if heat_2d is not None:
            losses['loss_prior_heat_2d'] = F.l1_loss(heat_2d, data['prior_keypoints'])
        return losses

    def pose_prior_loss(self, data):
        """Motion capture without images (spatial_2d): its 2D lifted through the kinematics, against its 3D."""
        p3d, p2d, _ = self.pose_from_2d(data['keypoints'])
        return dict(loss_prior_3d=F.l1_loss(p3d, data['pose_3d']), loss_prior_2d=F.l1_loss(p2d, data['keypoints']))

    def train_step(self, data, optim_wrapper):
        data = self.data_preprocessor(data, True)
        if 'target' not in data:  # poses without images (H36MCropPoseDataset): the prior's optimiser
            if not self.lifts_2d:
                raise UserError('batches without images train only the spatial_2d variant (its 2D -> kinematics MLP)')
            kind, loss_fn = 'prior', self.pose_prior_loss
        else:  # the unpaired loss needs moving-background samples; a cache without any trains on the other two
            unpaired = self.use_unpaired and 'unpaired_target' in data
            kinds = ['paired', 'unpaired', 'prior'] if unpaired else ['paired', 'prior']
            kind = kinds[int(self.step) % len(kinds)]
            loss_fn = getattr(self, f'{kind}_loss')
        frozen = [self.decoder, self.map_encoder] + ([self.learned_map] if self.learned_map is not None else [])
        if kind == 'unpaired':  # frozen: no gradients, and batch norm keeps its statistics
            for module in frozen:
                module.requires_grad_(False).eval()
        optim = optim_wrapper[kind]
        with optim.optim_context(self):
            losses = loss_fn(data)
        optim.update_params(sum(losses.values()))
        for module in frozen:
            module.requires_grad_(True).train()
        self.step += 1
        return dict({k: v.detach() for k, v in losses.items()}, loss=sum(losses.values()).detach())

    def forward(self, inputs=None, mode='tensor', **data):
        """'tensor': crops (N, 3, S, S) in [-1, 1] -> root-relative 3D (N, 17, 3) in metres."""
        return self.pose(inputs)[0]

    # --- inference and pictures -------------------------------------------------------------------
    def lift_images(self, crops, batch_size=32):
        """Person crops (N, S, S, 3) uint8 BGR (any S) -> root-relative 3D (N, 17, 3) mm, as numpy."""
        return lift_crops(self, crops, batch_size)

    @torch.no_grad()
    def novel_views(self, pose_images, appearance_images, backgrounds):
        """The seed's Figure 3: the pose of one frame, the appearance of another, the background of a third."""
        self.eval()
        return self.synthesize(self.pose(pose_images)[1], self.appearance_encoder(appearance_images), backgrounds)

    def image_to_2d(self, image):
        """Crops -> 2D (N, 17, 2) in [-1, 1]: the heatmaps' with spatial_2d, else the projected pose."""
        _, p2d, heat_2d = self.pose(image)
        return p2d if heat_2d is None else heat_2d

    @torch.no_grad()
    def preview(self, data, n=6):
        """Rows: pose source | appearance source | background | synthesis, uint8 (H, W, 3) BGR."""
        data = self.data_preprocessor(data, False)
        images = [data['target'][:n], data['source'][:n], data['background'][:n]]
        rows = images + [self.novel_views(*images)]
        self.train()
        return image_grid(rows)

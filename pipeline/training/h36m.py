"""Human3.6M in the shared flat .npz format: loading, 2D inputs, the lifting dataset and its metric.

Paths always come from the caller (the command line); nothing here knows where the data lives.
"""
import math
import sys
from pathlib import Path

import numpy as np
import torch
from mmengine.evaluator import BaseMetric

from pipeline import metrics
from pipeline.codec import build_codec
from pipeline.training.detector_model import simulate_detector
from pipeline.errors import UserError
from pipeline.geometry.camera import load_cameras, project, root_position, world_to_camera
from pipeline.geometry.skeleton import to_h36m
from pipeline.geometry.transforms import rotate, rotation_about
from pipeline.registry import DATASETS, FUNCTIONS, METRICS

CAMERA_IDS = ('54138969', '55011271', '58860488', '60457274')
INPUTS = ('gt', 'sh', 'mix')  # 2D from projecting the ground truth, Stacked Hourglass detections, or both


def _open_npz(path, what):
    if path is None:
        raise UserError(f'no {what} file given (pass it on the command line)')
    path = Path(path)
    if not path.is_file():
        raise UserError(f'{what} file not found: {path}')
    try:
        return np.load(path)  # no allow_pickle: these files hold plain arrays only
    except (ValueError, OSError) as e:
        raise UserError(f'{path} is not a readable .npz {what} file ({e})') from None


def _subjects_in(keys):
    return sorted({k.split('/')[0] for k in keys})


def subject_list(subjects):
    """Subjects as a list, from 'S1,S5' (the command line's and the configs' form), a list, or None."""
    return subjects.split(',') if isinstance(subjects, str) else list(subjects or [])


def load_h36m(data_3d, cameras, subjects, data_2d=None, stride=1):
    """Load every sequence of `subjects`, seen from all four cameras, as flat per-frame arrays.

    Returns a dict of arrays over frames: 'pose_3d' (N, 17, 3) camera-frame mm, root-relative;
    'gt_2d' (N, 17, 2) pixels, the ground truth projected with lens distortion; 'sh_2d' (N, 17, 2)
    pixels if data_2d is given; 'f', 'c' (N, 2) the camera's focal lengths and principal point (pixels);
    'up' (N, 3) the world's up direction in the camera's frame; 'root' (N, 3) the root joint there, mm;
    'subject', 'action', 'camera' (N,) strings; 'sequence' (N,) int id
    of the (subject, take, camera) stream; 'frame' (N,) frame index in it; 'skipped', the streams absent
    from data_2d (a few takes of Human3.6M are corrupt in some releases): skipped with a warning, an
    error only when none of a subject's streams is there.
    """
    poses = _open_npz(data_3d, '3D pose')
    detections = _open_npz(data_2d, '2D detection') if data_2d is not None else None
    cams = load_cameras(cameras)
    out = {k: [] for k in ('pose_3d', 'gt_2d', 'sh_2d', 'f', 'c', 'up', 'root', 'subject', 'action', 'camera',
                           'sequence', 'frame')}
    skipped = []
    for subject in subject_list(subjects):
        keys = sorted(k for k in poses.files if k.split('/')[0] == subject)
        if not keys:
            raise UserError(f'subject {subject} is not in {data_3d} (it has {", ".join(_subjects_in(poses.files))})')
        if subject not in cams:
            raise UserError(f'subject {subject} has no cameras in {cameras}')
        streams_before = len(out['sequence'])
        for key in keys:
            world = poses[key]
            for cam_id in CAMERA_IDS:
                if cam_id not in cams[subject]:
                    raise UserError(f'camera {cam_id} of {subject} is not in {cameras}')
                cam = cams[subject][cam_id]
                n = len(world)
                if detections is not None:
                    key_2d = f'{key}/{cam_id}'
                    if key_2d not in detections.files:
                        skipped.append(key_2d)
                        continue
                    sh = detections[key_2d]
                    # min() because a few takes have a frame more in one of the two files.
                    n = min(n, len(sh))
                    out['sh_2d'].append(to_h36m(sh[:n:stride].astype(np.float32), 'sh16'))
                cam_frame = world_to_camera(world[:n:stride], cam)
                out['pose_3d'].append((cam_frame - cam_frame[:, :1]).astype(np.float32))
                out['gt_2d'].append(project(cam_frame, cam).astype(np.float32))
                m = len(cam_frame)
                out['f'].append(np.tile(cam.f.astype(np.float32), (m, 1)))
                out['c'].append(np.tile(cam.c.astype(np.float32), (m, 1)))
                out['up'].append(np.tile(cam.R[:, 2].astype(np.float32), (m, 1)))  # the world's z is up
                out['root'].append(cam_frame[:, 0].astype(np.float32))
                out['subject'].append(np.full(m, subject))
                out['action'].append(np.full(m, metrics.action_name(key.split('/')[1])))
                out['camera'].append(np.full(m, cam_id))
                out['sequence'].append(np.full(m, len(out['sequence'])))
                out['frame'].append(np.arange(0, n, stride)[:m])
        if len(out['sequence']) == streams_before:
            raise UserError(f'no 2D detections of {subject} in {data_2d} (e.g. key {skipped[-1]!r})')
    if skipped:
        print(f'warning: {len(skipped)} streams have no detections in {data_2d} and are left out: '
              f'{", ".join(skipped[:4])}{" ..." if len(skipped) > 4 else ""}', file=sys.stderr)
    if detections is None:
        del out['sh_2d']
    data = {k: np.concatenate(v) for k, v in out.items()}
    data['skipped'] = skipped
    for name in ('gt_2d', 'sh_2d'):
        if name in data and not np.isfinite(data[name]).all():
            raise UserError(f'{name} keypoints contain NaN or infinite values')
    return data


def resolve_device(device):
    """'auto': the GPU when there is one (the whole training set fits, so a step is one gather there)."""
    return torch.device(('cuda' if torch.cuda.is_available() else 'cpu') if device == 'auto' else device)


def encoded_pairs(data_3d, cameras, subjects, data_2d, input, stride, codec, device):
    """What the supervised datasets hold -> (raw arrays from load_h36m, codec, device, encoded 3D targets
    (S, N, 17, 3), 3D in mm (S, N, 17, 3), encoded 2D inputs (S, N, 17, 2)), with one row per 2D source
    of `input`. With a perspective codec each source's 3D is in the frame of that source's view; raw['view_up']
    and raw['view_root'] are the world's up direction and the root joint in the first source's frame."""
    if input not in INPUTS:
        raise UserError(f'input must be one of {INPUTS}, got {input!r}')
    if input in ('sh', 'mix') and data_2d is None:
        raise UserError(f'input {input!r} needs the 2D detections file (--data-2d)')
    codec, device = build_codec(codec), resolve_device(device)
    raw = load_h36m(data_3d, cameras, subjects, data_2d if input != 'gt' else None, stride)
    sources = {'gt': ['gt_2d'], 'sh': ['sh_2d'], 'mix': ['gt_2d', 'sh_2d']}[input]
    views = [codec.view(torch.from_numpy(raw[s]), (raw['f'], raw['c'])) for s in sources]
    inputs = torch.stack([codec.encode_2d(x) for x, _ in views]).to(device)
    pose = torch.from_numpy(raw['pose_3d'])
    for name in ('up', 'root'):
        v = torch.from_numpy(raw[name])
        raw[f'view_{name}'] = v if views[0][1] is None else (views[0][1] @ v[..., None])[..., 0]
    if views[0][1] is None:  # every source sees the camera's frame: one copy serves them all
        pose_mm = pose[None].expand(len(sources), -1, -1, -1)
        target = codec.encode_3d(pose)[None].expand_as(pose_mm)
    else:
        pose_mm = torch.stack([rotate(pose, R) for _, R in views])
        target = codec.encode_3d(pose_mm)
    return raw, codec, device, target.to(device), pose_mm, inputs


def draw_sources(num_sources, shape, gt_fraction, device):
    """Which row of encoded_pairs' inputs each sample takes: the only one, or under 'mix' (rows gt, sh)
    the ground truth with probability gt_fraction."""
    return (torch.rand(shape, device=device) >= gt_fraction).long() * (num_sources - 1)


def augment(codec, x, y=None, flip_prob=0.0, noise_std=0.0, detector_prob=0.0, ground_truth=None):
    """Training augmentation per sample (dim 0): with chance detector_prob, a ground-truth 2D pose
    (where the mask ground_truth (B,) is True) as an unseen detector might report it (`simulate_detector`);
    Gaussian noise on the 2D; then left-right mirroring of the 2D and its 3D alike with chance
    flip_prob -> (x, y)."""
    if detector_prob > 0:
        chosen = torch.rand(len(x), device=x.device) < detector_prob
        if ground_truth is not None:
            chosen &= ground_truth
        frames = x[chosen] if x.ndim == 4 else x[chosen][:, None]  # (n, T, J, 2)
        simulated = codec.encode_2d(simulate_detector(frames))
        x = x.clone()
        x[chosen] = simulated if x.ndim == 4 else simulated[:, 0]
    if noise_std > 0:
        x = x + torch.randn_like(x) * noise_std
    if flip_prob > 0:
        flip = (torch.rand(len(x), device=x.device) < flip_prob).view(-1, *[1] * (x.ndim - 1))
        x = torch.where(flip, codec.flip(x), x)
        y = None if y is None else torch.where(flip, codec.flip(y), y)
    return x, y


def novel_view(codec, pose_mm, up, root, azimuth):
    """Virtual cameras: root-relative poses (..., J, 3) in mm, the world's up direction (..., 3) and the
    root's position (..., 3) mm in the frame of the camera that saw them -> the network's (2D input,
    3D target) for each pose turned by `azimuth` (...) radians about the vertical through its root, i.e.
    seen by a camera at the same height and distance elsewhere on the circle around the person (without
    lens distortion). Why: Human3.6M has four cameras, and every pose of an action is seen from the
    few directions its subject happened to face."""
    turned = rotate(pose_mm, rotation_about(up, azimuth))
    seen = turned + root[..., None, :]
    return codec.encode_2d(seen[..., :2] / seen[..., 2:]), codec.encode_3d(turned)


def check_novel_views(novel_view_prob, input):
    if novel_view_prob > 0 and input == 'sh':
        raise UserError("novel_view_prob needs ground-truth 2D (input 'gt' or 'mix')")


def draw_novel_views(dataset, source, frames):
    """Which samples of a batch a dataset shows from a virtual camera, and what they show: each sample
    drawn from the ground truth (source (B,) == 0) with chance dataset.novel_view_prob, turned by one
    random azimuth over all its frames (B, T) -> (mask (B,), 2D (n, T, J, 2), 3D targets (n, T, J, 3))."""
    turn = (source == 0) & (torch.rand(len(source), device=source.device) < dataset.novel_view_prob)
    f = frames[turn]
    azimuth = ((torch.rand(len(f), device=f.device) * 2 - 1) * math.pi)[:, None].expand_as(f)
    x, y = novel_view(dataset.codec, dataset.codec.decode_3d(dataset.target[0, f]), dataset.up[f], dataset.root[f],
                      azimuth)
    return turn, x, y


def ground_truth_2d(data_3d, cameras, subjects=None):
    """{'<subject>/<take>/<camera>': (T, 17, 2) pixels}: the 3D poses projected through each camera
    (with lens distortion), in the detection files' key format, for training lifters on 2D alone."""
    poses, cams = _open_npz(data_3d, '3D pose'), load_cameras(cameras)
    out = {}
    for key in poses.files:
        subject = key.split('/')[0]
        if subjects is None or subject in subjects:
            for cam_id in CAMERA_IDS:
                cam = cams[subject][cam_id]
                out[f'{key}/{cam_id}'] = project(world_to_camera(poses[key], cam), cam).astype(np.float32)
    return out


def load_h36m_2d(data_2d, subjects, stride=1):
    """2D poses alone from detection-format files (comma-separated paths; 16-joint Stacked Hourglass
    or 17-joint Human3.6M layout): 'keypoints' (N, 17, 2), 'subject', 'action', 'camera' (N,), 'sequence' (N,).
    It opens no 3D file and cannot: the unsupervised lifters train on what this returns."""
    subjects = subject_list(subjects)
    keypoints, subject_of, action_of, camera_of, sequence_of = [], [], [], [], []
    paths = data_2d.split(',') if isinstance(data_2d, str) else [data_2d]
    for path in paths:
        files = _open_npz(path, '2D pose')
        for key in sorted(files.files):
            subject = key.split('/')[0]
            if subject not in subjects:
                continue
            kp = files[key][::stride].astype(np.float32)
            layout = {16: 'sh16', 17: 'h36m17'}.get(kp.shape[1])
            if kp.ndim != 3 or layout is None or kp.shape[2] != 2:
                raise UserError(f'{path}: {key} holds {kp.shape} arrays, not (frames, 16 or 17, 2) keypoints')
            keypoints.append(to_h36m(kp, layout) if layout == 'sh16' else kp)
            subject_of.append(np.full(len(kp), subject))
            action_of.append(np.full(len(kp), metrics.action_name(key.split('/')[1])))
            camera_of.append(np.full(len(kp), key.split('/')[-1]))
            sequence_of.append(np.full(len(kp), len(sequence_of)))
    found = set(np.concatenate(subject_of)) if subject_of else set()
    if set(subjects) - found:
        raise UserError(f'no 2D poses of {", ".join(sorted(set(subjects) - found))} in {data_2d}')
    data = dict(keypoints=np.concatenate(keypoints), subject=np.concatenate(subject_of),
                action=np.concatenate(action_of), camera=np.concatenate(camera_of), sequence=np.concatenate(sequence_of))
    if not np.isfinite(data['keypoints']).all():
        raise UserError(f'{data_2d}: keypoints contain NaN or infinite values')
    return data


@DATASETS.register_module()
class H36M2DPoseDataset(torch.utils.data.Dataset):
    """Encoded 2D poses, and nothing else, for lifters that learn without 3D (batches: {'inputs'}).

    view_tilt_deg: a prior on the cameras (they look down by this much; Human3.6M's by 13 degrees), which
    adds 'up', the world's up direction in each pose's camera frame (N, 3), to every batch: the lifters
    then turn their novel views about it (adversarial.novel_view). With a perspective codec, `cameras`
    gives each stream's intrinsics, the 2D is seen from a virtual camera looking at the root, and 'up' is
    turned into that camera's frame, so a novel view keeps the real line of sight. Neither reads any 3D.
    """

    def __init__(self, data_2d, subjects, stride=1, flip_prob=0.0, codec=dict(type='RootScaleCodec'), device='auto',
                 cameras=None, view_tilt_deg=None):
        if data_2d is None:
            raise UserError('no 2D pose file given (--data-2d: detections, or tools/project_h36m_2d.py output)')
        self.codec, self.device = build_codec(codec), resolve_device(device)
        data = load_h36m_2d(data_2d, subjects, stride)
        keypoints, rotation = torch.from_numpy(data['keypoints']), None
        if self.codec.perspective:
            if cameras is None:
                raise UserError('a perspective codec needs the cameras (--cameras) for their intrinsics')
            cams = load_cameras(cameras)
            # One lookup per stream's camera, not per pose: a training set holds a million poses.
            streams, stream_of = np.unique(np.stack([data['subject'], data['camera']], 1), axis=0, return_inverse=True)
            f, c = (torch.from_numpy(np.stack([getattr(cams[s][k], name) for s, k in streams]).astype(np.float32))
                    [stream_of.reshape(-1)] for name in ('f', 'c'))
            keypoints, rotation = self.codec.view(keypoints, (f, c))
        self.inputs = self.codec.encode_2d(keypoints).to(self.device)
        self.up = None
        if view_tilt_deg is not None:
            t = math.radians(view_tilt_deg)  # image y points down; a camera looking down sees up tilted towards it
            up = torch.tensor([0.0, -math.cos(t), -math.sin(t)]).expand(len(keypoints), 3)
            self.up = (up if rotation is None else (rotation @ up[..., None])[..., 0]).float().to(self.device)
        self.flip_prob = flip_prob

    def __len__(self):
        return len(self.inputs)

    def __getitems__(self, indices):
        indices = torch.as_tensor(indices, device=self.device)
        x = self.inputs[indices]
        flip = torch.rand(len(x), device=x.device) < self.flip_prob
        batch = dict(inputs=torch.where(flip[:, None, None], self.codec.flip(x), x))
        if self.up is not None:  # a mirrored pose's up is mirrored too
            up = self.up[indices]
            batch['up'] = torch.where(flip[:, None], up * up.new_tensor([-1.0, 1.0, 1.0]), up)
        return batch

    def __getitem__(self, index):
        return self.__getitems__([index])


@DATASETS.register_module()
class H36MCropPoseDataset(torch.utils.data.Dataset):
    """Motion capture as the image models' pose networks see a person crop (batches: keypoints, pose_3d,
    scores, has_3d): the ground-truth 2D in [-1, 1] of the square box the video cache cuts around the
    person, the 3D root-relative in metres in the camera's frame. No images: it trains the cross-modal
    VAE's pose encoders and decoders on a million poses, which its video cache's few thousand labelled
    crops cannot (configs/image/crossmodal_vae_64px_poses.py). flip_prob mirrors the 2D and the 3D alike.
    """

    def __init__(self, data_3d, cameras, subjects, stride=1, flip_prob=0.5):
        from pipeline.people.crops import frame_crop_unit
        data = load_h36m(data_3d, cameras, subjects, stride=stride)
        self.keypoints = torch.from_numpy(frame_crop_unit(data['gt_2d'])).float()
        self.pose_3d = torch.from_numpy(data['pose_3d'] / 1000).float()
        self.codec, self.flip_prob = build_codec(dict(type='RootScaleCodec')), flip_prob

    def __len__(self):
        return len(self.keypoints)

    def __getitems__(self, indices):
        indices = torch.as_tensor(indices)
        flip = (torch.rand(len(indices)) < self.flip_prob)[:, None, None]
        keypoints, pose_3d = self.keypoints[indices], self.pose_3d[indices]
        return dict(keypoints=torch.where(flip, self.codec.flip(keypoints), keypoints),
                    pose_3d=torch.where(flip, self.codec.flip(pose_3d), pose_3d),
                    scores=torch.ones(keypoints.shape[:2]), has_3d=torch.ones(len(indices), dtype=torch.bool))

    def __getitem__(self, index):
        return self.__getitems__([index])


@DATASETS.register_module()
class H36MLiftingDataset(torch.utils.data.Dataset):
    """Encoded (2D input, 3D target) pairs for single-frame lifting.

    Batches come from `__getitems__` (whole index arrays at once), so a step costs one gather rather
    than a Python call per pose; with device='cuda' the whole set lives on the GPU.
    input: 'gt', 'sh' or 'mix' (each pose takes its 2D from the ground truth, with probability
    gt_fraction, or else the detections, so one model serves both). flip_prob: chance of mirroring a
    training pose left-right. novel_view_prob: chance of showing a ground-truth pose from a virtual
    camera instead (`novel_view`). detector_prob: chance of showing a ground-truth 2D pose as an unseen
    detector might report it (`pipeline.training.detector_model`).
    device: 'auto' (GPU when available), 'cpu' or 'cuda'.
    """

    def __init__(self, data_3d, cameras, subjects, data_2d=None, input='gt', gt_fraction=0.5, stride=1,
                 flip_prob=0.0, noise_std=0.0, novel_view_prob=0.0, detector_prob=0.0, codec=dict(type='RootScaleCodec'),
                 device='auto'):
        check_novel_views(novel_view_prob, input)
        raw, self.codec, self.device, self.target, self.target_mm, self.inputs = encoded_pairs(
            data_3d, cameras, subjects, data_2d, input, stride, codec, device)
        self.detector_prob = detector_prob
        self.meta = {k: raw[k] for k in ('subject', 'action', 'camera', 'sequence', 'frame')}
        self.up, self.root = (raw[k].to(self.device) for k in ('view_up', 'view_root'))
        self.input, self.gt_fraction, self.flip_prob, self.noise_std = input, gt_fraction, flip_prob, noise_std
        self.novel_view_prob = novel_view_prob

    def __len__(self):
        return self.target.shape[1]

    def __getitems__(self, indices):
        idx = torch.as_tensor(indices, device=self.device)
        source = draw_sources(len(self.inputs), (len(idx),), self.gt_fraction, self.device)
        x, y = self.inputs[source, idx], self.target[source, idx]
        cpu_idx = idx.cpu().numpy()
        y_mm = self.target_mm[source.cpu(), cpu_idx]
        if self.novel_view_prob > 0:
            turn, x_turned, y_turned = draw_novel_views(self, source, idx[:, None])
            x[turn], y[turn] = x_turned[:, 0], y_turned[:, 0]
            y_mm[turn.cpu()] = self.codec.decode_3d(y_turned[:, 0]).cpu()
        x, y = augment(self.codec, x, y, self.flip_prob, self.noise_std, self.detector_prob,
                       ground_truth=source == 0)
        return dict(inputs=x, targets=y, targets_mm=y_mm,
                    action=self.meta['action'][cpu_idx], sequence=self.meta['sequence'][cpu_idx])

    def __getitem__(self, index):
        return self.__getitems__([index])


@DATASETS.register_module()
class H36MSequenceDataset(torch.utils.data.Dataset):
    """Chunks of whole sequences for temporal lifters: L consecutive target poses and the
    pad[0] + L + pad[1] frames of 2D they need (receptive_field - 1 frames of context, split around the
    chunk or, causal, all before it), the ends of a stream repeated as in VideoPose3D.

    Training (train=True): item i is a chunk starting at a random frame near i * chunk, so an epoch
    covers every frame once on average; frame_steps draws each chunk's frame step (1 = 50 fps, 2 = 25 fps)
    so the lifter also serves videos at lower frame rates; mix (gt_fraction), virtual cameras
    (novel_view_prob, as in H36MLiftingDataset), flip, noise and the simulated
    detector (detector_prob, its offsets drawn once per chunk) work per chunk.
    Evaluation (train=False): the chunks tile every stream at step 1 (every `stride`-th chunk is kept);
    the last chunk of a stream is partial, and the batch's `valid` mask (B, L) marks its real frames.
    """

    def __init__(self, data_3d, cameras, subjects, data_2d=None, input='gt', gt_fraction=0.5, receptive_field=27,
                 causal=False, chunk=128, train=True, stride=1, frame_steps=(1,), flip_prob=0.0, noise_std=0.0,
                 novel_view_prob=0.0, detector_prob=0.0, codec=dict(type='RootScaleCodec'), device='auto'):
        check_novel_views(novel_view_prob, input)
        raw, self.codec, self.device, self.target, self.target_mm, self.inputs = encoded_pairs(
            data_3d, cameras, subjects, data_2d, input, 1, codec, device)
        self.detector_prob = detector_prob
        self.chunk, self.train, self.gt_fraction = chunk, train, gt_fraction
        self.flip_prob, self.noise_std, self.novel_view_prob = flip_prob, noise_std, novel_view_prob
        self.up, self.root = (raw[k].to(self.device) for k in ('view_up', 'view_root'))
        self.frame_steps = torch.as_tensor(frame_steps if train else (1,), device=self.device)
        half = (receptive_field - 1) // 2
        self.context = torch.arange(-(receptive_field - 1) if causal else -half, chunk + (0 if causal else half),
                                    device=self.device)  # input frame offsets from a chunk's start
        self.action, self.sequence = raw['action'], raw['sequence']
        starts = np.flatnonzero(np.r_[True, raw['sequence'][1:] != raw['sequence'][:-1]])
        lengths = np.diff(np.r_[starts, len(raw['sequence'])])
        self.stream_start = torch.as_tensor(starts, device=self.device)
        self.stream_length = torch.as_tensor(lengths, device=self.device)
        self.frame_stream = torch.as_tensor(np.repeat(np.arange(len(starts)), lengths), device=self.device)
        if not train:  # (stream, first frame) of every chunk that tiles the streams
            self.items = [(s, f) for s, n in enumerate(lengths) for f in range(0, n, chunk)][::stride]

    def __len__(self):
        return len(self.items) if not self.train else self.target.shape[1] // self.chunk

    def _chunk_starts(self, indices):
        """-> stream (B,), first target frame within the stream (B,), frame step (B,)."""
        if not self.train:
            stream, first = (torch.as_tensor(v, device=self.device) for v in zip(*(self.items[i] for i in indices)))
            return stream, first, torch.ones_like(stream)
        frame = torch.as_tensor(indices, device=self.device) * self.chunk
        frame = frame + torch.randint(self.chunk, frame.shape, device=self.device)
        frame = frame.clamp_max(self.target.shape[1] - 1)
        stream = self.frame_stream[frame]
        step = self.frame_steps[torch.randint(len(self.frame_steps), stream.shape, device=self.device)]
        last_start = (self.stream_length[stream] - 1 - step * (self.chunk - 1)).clamp_min(0)
        first = torch.minimum(frame - self.stream_start[stream], last_start)
        return stream, first, step

    def __getitems__(self, indices):
        stream, first, step = self._chunk_starts(indices)
        n, base = self.stream_length[stream, None], self.stream_start[stream, None]
        frames_in = first[:, None] + step[:, None] * self.context  # (B, pad0 + L + pad1)
        frames_out = first[:, None] + step[:, None] * torch.arange(self.chunk, device=self.device)  # (B, L)
        valid = frames_out < n
        source = draw_sources(len(self.inputs), (len(stream), 1), self.gt_fraction, self.device)
        input_idx = base + frames_in.clamp(min=0).minimum(n - 1)  # edges repeated
        target_idx = base + frames_out.minimum(n - 1)  # = input_idx[:, pad0:pad0 + L]
        x, y = self.inputs[source, input_idx], self.target[source, target_idx]  # (B, T, J, 2), (B, L, J, 3)
        kept = target_idx[valid].cpu().numpy()
        targets_mm = self.target_mm[source.expand_as(target_idx)[valid].cpu(), kept]
        if self.novel_view_prob > 0:
            turn, x_turned, y_turned = draw_novel_views(self, source[:, 0], input_idx)
            pad0 = int(-self.context[0])
            x[turn], y[turn] = x_turned, y_turned[:, pad0:pad0 + self.chunk]
            targets_mm[turn[:, None].expand_as(valid)[valid].cpu()] = self.codec.decode_3d(y[turn][valid[turn]]).cpu()
        x, y = augment(self.codec, x, y, self.flip_prob, self.noise_std, self.detector_prob,
                       ground_truth=source[:, 0] == 0)
        return dict(inputs=x, targets=y, valid=valid, targets_mm=targets_mm,
                    action=self.action[kept], sequence=self.sequence[kept])

    def __getitem__(self, index):
        return self.__getitems__([index])


@FUNCTIONS.register_module()
def batch_collate(batch):
    """The dataset's __getitems__ already returns a whole batch; there is nothing left to collate."""
    return batch


@METRICS.register_module()
class H36MMetric(BaseMetric):
    """Protocols 1 and 2 (mm), averaged within each action and then over actions."""

    default_prefix = 'h36m'

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            pred = sample['pred_mm']
            if 'valid' in data_batch:  # chunks of sequences: (B, L, J, 3) with padding frames to drop
                pred = pred[data_batch['valid'].to(pred.device)]
            self.results.append(dict(pred=pred.cpu().numpy(),
                                     target=np.asarray(data_batch['targets_mm']),
                                     action=np.asarray(data_batch['action'])))

    def compute_metrics(self, results):
        pred = np.concatenate([r['pred'] for r in results])
        target = np.concatenate([r['target'] for r in results])
        actions = np.concatenate([r['action'] for r in results])
        return evaluate_poses(pred, target, actions)['summary']


def evaluate_poses(pred, target, actions, sequences=None, up=None, root_error=None):
    """All metrics for root-relative (N, 17, 3) mm poses; actions (N,) names.

    With sequences (N,) ids of time-ordered streams, adds the velocity error MPJVE; with up (N, 3), the
    world's up direction in each pose's frame, metrics.error_decomposition's; with root_error (N,) mm,
    the error of where each person was placed in the camera's frame, MRPE.
    Returns {'summary': {metric: mean over actions}, 'per_action': {action: {metric: value}}}.
    """
    per_pose = {'mpjpe': metrics.mpjpe(pred, target), 'p_mpjpe': metrics.p_mpjpe(pred, target),
                'n_mpjpe': metrics.n_mpjpe(pred, target), 'pck150': metrics.pck3d(pred, target),
                'auc': metrics.auc3d(pred, target)}
    if up is not None:
        per_pose.update(metrics.error_decomposition(pred, target, up))
    if root_error is not None:
        per_pose['mrpe'] = root_error
    per_pose_actions = {name: actions for name in per_pose}
    if sequences is not None:
        # Velocity within each stream only: a frame pair that straddles two streams is no motion.
        same = sequences[1:] == sequences[:-1]
        per_pose['mpjve'] = metrics.mpjve(pred, target)[same]
        per_pose_actions['mpjve'] = actions[1:][same]
    summary, per_action = {}, {}
    for name, values in per_pose.items():
        table, summary[name] = metrics.per_action_means(values, per_pose_actions[name])
        for action, value in table.items():
            per_action.setdefault(action, {})[name] = value
    return {'summary': summary, 'per_action': per_action}


ACTIONS = ('Directions', 'Discussion', 'Eating', 'Greeting', 'Phoning', 'Photo', 'Posing', 'Purchases',
           'Sitting', 'SittingDown', 'Smoking', 'Waiting', 'WalkDog', 'Walking', 'WalkTogether')
_SHORT = ('Direct.', 'Discuss', 'Eating', 'Greet', 'Phone', 'Photo', 'Pose', 'Purch.', 'Sitting', 'SitingD',
          'Smoke', 'Wait', 'WalkD', 'Walk', 'WalkT')


def evaluate_lifter(lifter, data, input='gt', stride=1):
    """Lift every stream of `data` (from load_h36m at stride 1) as a sequence and score every
    `stride`-th frame -> evaluate_poses' dict (MPJVE then between frames `stride` apart). Each pose is
    also placed in the camera's frame (root_position, as the video pipeline does) for MRPE."""
    keep = data['frame'] % stride == 0
    uv = data['gt_2d' if input == 'gt' else 'sh_2d']
    pred = lifter.lift_sequences(uv, data['sequence'], (data['f'], data['c']))[keep]
    root = root_position(pred, uv[keep], data['f'][keep], data['c'][keep])
    return evaluate_poses(pred, data['pose_3d'][keep], data['action'][keep], data['sequence'][keep],
                          data['up'][keep], np.linalg.norm(root - data['root'][keep], axis=-1))


def evaluate_hypotheses(lifter, data, input='gt', k=10, stride=1):
    """A multi-hypothesis lifter's k 3D poses per 2D pose: the best and the mean of the k errors,
    per pose, then averaged per action -> {'k', 'best_mpjpe', 'mean_mpjpe', 'best_p_mpjpe', 'mean_p_mpjpe'}."""
    keep = data['frame'] % stride == 0
    hyps = lifter.sample_hypotheses(data['gt_2d' if input == 'gt' else 'sh_2d'][keep], k)  # (k, N, J, 3)
    target, actions = data['pose_3d'][keep], data['action'][keep]
    out = {'k': k}
    for name, fn in (('mpjpe', metrics.mpjpe), ('p_mpjpe', metrics.p_mpjpe)):
        errors = np.stack([fn(h, target) for h in hyps])  # (k, N)
        out[f'best_{name}'] = metrics.per_action_means(errors.min(0), actions)[1]
        out[f'mean_{name}'] = metrics.per_action_means(errors.mean(0), actions)[1]
    return out


def format_table(result, metric_names=('mpjpe', 'p_mpjpe')):
    """Markdown table in the layout of Martinez et al.'s Table 1: one row per metric, actions as columns."""
    actions = [a for a in ACTIONS if a in result['per_action']]
    head = [s for a, s in zip(ACTIONS, _SHORT) if a in result['per_action']]
    lines = ['| Protocol | ' + ' | '.join(head) + ' | Avg |', '|---' * (len(head) + 2) + '|']
    labels = {'mpjpe': 'P1 MPJPE', 'p_mpjpe': 'P2 P-MPJPE', 'n_mpjpe': 'N-MPJPE', 'mpjve': 'MPJVE',
              'rotation_deg': 'rotation (deg)', 'tilt_deg': 'tilt (deg)',
              'mpjpe_without_rotation': 'P1 w/o rotation', 'mpjpe_without_tilt': 'P1 w/o tilt',
              'mrpe': 'MRPE (root)'}
    for name in metric_names:
        cells = [f'{result["per_action"][a][name]:.1f}' for a in actions]
        lines.append(f'| {labels.get(name, name)} | ' + ' | '.join(cells) + f' | {result["summary"][name]:.1f} |')
    return '\n'.join(lines)

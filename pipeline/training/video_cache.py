"""Folders of videos -> a cache of person-centred clips for the image models, so training never decodes
or detects again.

    CACHE/index.json                 what is done: per video its clips (or why it was skipped)
    CACHE/clips/<id>/crops.npy       (T, S, S, 3) uint8 BGR, the person centred in a square crop
    CACHE/clips/<id>/background.npy  (T, S, S, 3) uint8, the background estimate of the same crop
    CACHE/clips/<id>/keypoints.npy   (T, 17, 2) float32, Human3.6M-17 joints in crop pixels
    CACHE/clips/<id>/scores.npy      (T, 17) float32;  boxes.npy (T, 4) the crop box in frame pixels
    CACHE/clips/<id>/pose_3d.npy     (T, 17, 3) exact 3D, root-relative camera-frame mm (synthetic videos)
    CACHE/clips/<id>/pseudo_3d.npy   (T, 17, 3) the keypoint pipeline's 3D of the same frames (real videos,
                                     when a lifter is given): a soft target, no motion capture involved
    CACHE/backgrounds/<video>.jpg    the median frame of a static-camera real video over the pixels no tracked person
                                     covers (inpainted where someone always stands): a real background for
                                     synthetic renders (make_synthetic_videos --backgrounds)

A clip is one tracked person over consecutive frames (at least `min_seconds`, 2 s by default: phone-length
videos with people walking in and out of view still give clips, and pairs one second apart fit in them). Its background estimate
for frame t is the median of the same crop box over frames spread through a window around t (the
person moves away, the background stays). Its background-motion score is the fraction of pixels
outside the person that change between frames a second apart: a static camera gives ~0, a moving one
most of the frame; below `static_threshold` the clip is "paired" (static background), else "unpaired".
"""
import json
import shutil
import sys
from pathlib import Path

import cv2
import numpy as np
import torch
from tqdm import tqdm

from pipeline.errors import UserError
from pipeline.frames.sources import VIDEO_SUFFIXES, VideoSource, find_videos
from pipeline.io import atomic_write
from pipeline.people.base import keypoint_boxes
from pipeline.people.crops import crop, crop_boxes, in_crop
from pipeline.registry import DATASETS
from pipeline.geometry.camera import assumed_intrinsics
from pipeline.runtime.video import detect_tracks, lift_tracks
from pipeline.tracks.tracking import fill_gaps

FORMAT = 'lift3d-video-cache/1'


def sidecar_keypoints(video):
    """Keypoints shipped beside a video (<stem>.keypoints.npz/.json, e.g. synthetic renders), if any."""
    return next((p for p in (video.with_suffix('.keypoints.npz'), video.with_suffix('.keypoints.json'))
                 if p.is_file()), None)


def person_free_median(frames, people, max_unseen=0.5):
    """frames (K, H, W, 3) uint8, people: for each frame the (17, 2) keypoints of everyone tracked in it ->
    the median of each pixel over the frames where no person's box (enlarged) covers it, the pixels some
    person always covers inpainted; None where more than `max_unseen` of the frame is never free. A plain
    median keeps whoever stands still (two men talking stay in their room's plate)."""
    stack = frames.astype(np.float32)
    for image, keypoints in zip(stack, people):
        for x1, y1, x2, y2 in keypoint_boxes(np.asarray(keypoints, np.float32).reshape(-1, 17, 2)):
            w, h = x2 - x1, y2 - y1
            # Joints are inside the body: widen for the flesh and clothes, and above the head joint for hair.
            x1, x2, y1, y2 = x1 - 0.25 * w - 0.1 * h, x2 + 0.25 * w + 0.1 * h, y1 - 0.12 * h, y2 + 0.15 * h
            image[int(max(y1, 0)):int(max(y2, 0)), int(max(x1, 0)):int(max(x2, 0))] = np.nan
    unseen = np.isnan(stack[..., 0]).all(0)
    if unseen.mean() > max_unseen:
        return None
    stack[:, unseen] = 0
    plate = np.nanmedian(stack, 0).round().astype(np.uint8)
    if unseen.any():
        plate = cv2.inpaint(plate, unseen.astype(np.uint8), 5, cv2.INPAINT_TELEA)
    return plate


def background_motion(frames, boxes, step):
    """Fraction of pixels outside the person (its box, enlarged) that change between frames `step` apart."""
    scores = []
    for t in range(0, len(frames) - step, max(1, step // 2)):
        a, b = (cv2.cvtColor(frames[i], cv2.COLOR_BGR2GRAY).astype(np.int16) for i in (t, t + step))
        changed = np.abs(a - b) > 20
        mask = np.ones_like(changed)
        for box in (boxes[t], boxes[t + step]):
            x1, y1, x2, y2 = np.round(box + np.array([-0.1, -0.1, 0.1, 0.1]) * (box[2] - box[0])).astype(int)
            mask[max(y1, 0):max(y2, 0), max(x1, 0):max(x2, 0)] = False
        if mask.sum():
            scores.append(changed[mask].mean())
    return float(np.median(scores)) if scores else 0.0


def consecutive_runs(frames):
    """Positions in `frames` (sorted frame indices) split where a frame is skipped."""
    return np.split(np.arange(len(frames)), np.flatnonzero(np.diff(frames) != 1) + 1)


def clip_segments(frames, min_len, max_len):
    """Runs of consecutive frame indices (at least min_len long), cut into pieces of at most max_len."""
    segments = []
    for run in consecutive_runs(frames):
        for start in range(0, len(run), max_len):
            piece = run[start:start + max_len]
            if len(piece) >= min_len:
                segments.append((int(piece[0]), int(piece[-1]) + 1))
    return segments


def too_short(index):
    """Why a cache holds no clips: each video's longest track against the minimum clip length."""
    lines = []
    for name, entry in sorted(index['videos'].items()):
        longest = entry.get('longest_track_seconds')
        if entry['status'] == 'skipped':
            lines.append(f'{name}: skipped ({entry["reason"]})')
        elif longest == 0:
            lines.append(f'{name}: no person tracked')
        elif longest is not None and 'min_clip_seconds' in index:
            lines.append(f'{name}: longest track {longest:.2f} s, {index["min_clip_seconds"] - longest:.2f} s short')
    need = f'at least {index["min_clip_seconds"]:g} s' if 'min_clip_seconds' in index else 'long enough'
    return (f'a clip needs one person tracked for {need} (tools/prepare_videos.py --min-clip-seconds); '
            + '; '.join(lines))


class VideoCache:
    """Writes (prepare) and describes (index) a cache folder; resumable: finished videos are skipped."""

    def __init__(self, root, crop_size=128, min_seconds=2.0, max_seconds=10.0, static_threshold=0.08,
                 max_side=720):
        self.root = Path(root)
        self.crop_size, self.min_seconds, self.max_seconds = crop_size, min_seconds, max_seconds
        self.static_threshold, self.max_side = static_threshold, max_side
        self.index_path = self.root / 'index.json'
        if self.index_path.is_file():
            self.index = json.loads(self.index_path.read_text())
            if self.index.get('format') != FORMAT:
                raise UserError(f'{self.root} holds something else than a {FORMAT} cache')
            if self.index['crop_size'] != crop_size:
                raise UserError(f'{self.root} was prepared with crop size {self.index["crop_size"]}, not {crop_size}')
        else:
            self.index = dict(format=FORMAT, crop_size=crop_size, videos={}, clips={})

    def save_index(self):
        with atomic_write(self.index_path) as tmp, open(tmp, 'w') as f:
            json.dump(self.index, f, indent=1)

    def prepare(self, folder, make_detector, progress=True, lifter=None):
        """Cache every video under `folder`. make_detector(video) -> a detector callable for that video.
        lifter: a keypoint lifter (`lift_sequences`); each real clip then also keeps its 3D as pseudo-labels."""
        videos = find_videos(folder)
        if not videos:
            raise UserError(f'no videos under {folder} (looked for {", ".join(sorted(VIDEO_SUFFIXES))})')
        todo = [v for v in videos if str(v.relative_to(folder)) not in self.index['videos']]
        print(f'{len(videos)} videos, {len(videos) - len(todo)} already cached', file=sys.stderr)
        for video in tqdm(todo, unit='video', disable=not progress):
            name = str(video.relative_to(folder))
            try:
                clips, longest = self.prepare_video(video, make_detector(video), name, lifter)
                self.index['min_clip_seconds'] = self.min_seconds
                self.index['videos'][name] = dict(status='done', clips=clips, longest_track_seconds=longest)
            except UserError as e:
                print(f'warning: skipping {name}: {e}', file=sys.stderr)
                self.index['videos'][name] = dict(status='skipped', reason=str(e), clips=[])
            self.save_index()  # per video, so an interruption loses at most the video in progress
        if not self.index['clips']:
            raise UserError(f'no clips in {folder}: {too_short(self.index)}')
        return self.index

    def prepare_video(self, path, detector, name, lifter=None):
        """Two passes over the video: detect and track people, then crop each clip's frames; memory holds
        only the frames of the clips in progress, however long the video."""
        source = VideoSource(path)
        scale = min(1.0, self.max_side / max(source.width, source.height))  # frames are cropped at this size
        tracks, _ = detect_tracks(source, detector, progress=False)
        min_len, max_len = (max(2, int(round(s * source.fps))) for s in (self.min_seconds, self.max_seconds))
        pending = []  # (track id, frame indices, keypoints, scores) of every clip to write
        longest = 0.0  # seconds of the longest run of consecutive frames of one person (what a clip needs)
        people = {}  # frame index -> the keypoints of everyone tracked in it, at crop scale (the plate's mask)
        for tid, track in sorted(tracks.items()):
            frames, kps, scs = fill_gaps(*track.arrays())
            longest = max(longest, max(map(len, consecutive_runs(frames))) / source.fps)
            kps = kps * scale
            for f, kp in zip(frames.tolist(), kps):
                people.setdefault(f, []).append(kp)
            pending += [(tid, frames[a:b], kps[a:b], scs[a:b]) for a, b in clip_segments(frames, min_len, max_len)]
        labels = sidecar_keypoints(path)
        pose_3d = np.load(labels).get('pose_3d') if labels is not None and labels.suffix == '.npz' else None
        pseudo = {}  # track id -> {frame: 3D}: the keypoint pipeline's lift of the full-resolution 2D
        if pose_3d is None and lifter is not None and pending:
            intrinsics = assumed_intrinsics(source.width, source.height)
            lifted = lift_tracks(tracks, lifter, source.fps, intrinsics=intrinsics)
            pseudo = {tid: dict(zip(t['frames'].tolist(), t['pose_3d'])) for tid, t in lifted.items()}
        buffers, clips, plates, plate_people = [[] for _ in pending], [], [], []
        every = max(1, source.frame_count // 24)  # ~24 frames through the video for its background plate
        for index, frame in VideoSource(path) if pending else ():
            small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else frame
            if labels is None and index % every == 0:
                plates.append(small)
                plate_people.append(people.get(index, []))
            for k, (tid, frames, kps, scs) in enumerate(pending):
                if frames[0] <= index <= frames[-1]:
                    buffers[k].append(small)
                    if index == frames[-1]:
                        clip_id = f'{len(self.index["clips"]):06d}'
                        info = self.write_clip(clip_id, buffers[k], frames, kps, scs, source.fps,
                                               None if pose_3d is None else pose_3d[frames],
                                               np.stack([pseudo[tid][f] for f in frames]) if tid in pseudo else None)
                        self.index['clips'][clip_id] = dict(info, video=name, track=tid)
                        clips.append(clip_id)
                        buffers[k] = []
        plate = None
        if len(plates) >= 8 and clips and all(self.index['clips'][c]['static'] for c in clips):
            plate = person_free_median(np.stack(plates), plate_people)
        if plate is not None:
            ok, jpg = cv2.imencode('.jpg', plate, [cv2.IMWRITE_JPEG_QUALITY, 92])
            plate_path = self.root / 'backgrounds' / (name.replace('/', '__').rsplit('.', 1)[0] + '.jpg')
            plate_path.parent.mkdir(exist_ok=True)
            with atomic_write(plate_path) as tmp:
                open(tmp, 'wb').write(jpg.tobytes())
        return clips, round(longest, 3)

    def write_clip(self, clip_id, clip_frames, indices, keypoints, scores, fps, pose_3d=None, pseudo_3d=None):
        S = self.crop_size
        boxes = crop_boxes(keypoints, scores)
        crops = np.stack([crop(f, b, S) for f, b in zip(clip_frames, boxes)])
        window, step = int(round(2 * fps)), max(1, int(round(fps / 4)))  # +-2 s, 4 samples a second
        background = np.stack([
            np.median(np.stack([crop(clip_frames[k], boxes[t], S)
                                for k in range(max(0, t - window), min(len(clip_frames), t + window + 1), step)]), 0)
            for t in range(len(clip_frames))]).astype(np.uint8)
        # Frames a second apart, or half the clip apart in a clip shorter than two seconds.
        motion = background_motion(clip_frames, boxes, max(1, min(int(round(fps)), len(clip_frames) // 2)))
        tmp = self.root / 'clips' / f'.{clip_id}.tmp'
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        arrays = dict(crops=crops, background=background,
                      keypoints=in_crop(keypoints, boxes, S).astype(np.float32),
                      scores=scores.astype(np.float32), boxes=boxes.astype(np.float32), frames=np.asarray(indices))
        if pose_3d is not None:  # exact 3D labels (synthetic videos): root-relative camera-frame mm
            arrays['pose_3d'] = (pose_3d - pose_3d[:, :1]).astype(np.float32)
        if pseudo_3d is not None:
            arrays['pseudo_3d'] = (pseudo_3d - pseudo_3d[:, :1]).astype(np.float32)
        for key, value in arrays.items():
            np.save(tmp / f'{key}.npy', value)
        final = self.root / 'clips' / clip_id
        shutil.rmtree(final, ignore_errors=True)
        tmp.rename(final)
        return dict(start=int(indices[0]), num_frames=len(indices), fps=float(fps), motion=motion,
                    static=bool(motion < self.static_threshold), has_3d=pose_3d is not None,
                    has_pseudo_3d=pseudo_3d is not None)


@DATASETS.register_module()
class VideoPairDataset(torch.utils.data.Dataset):
    """(source, target) frame pairs of one clip from a prepared cache: the same person and clothes in
    two poses at least `min_gap_seconds` apart, with the target's background estimate.

    Item t is the t-th frame over the selected clips (split 'all', 'paired' = static background,
    'unpaired' = moving); its source frame is drawn at random. Images are float (3, S, S) in [-1, 1]
    (RGB); keypoints (17, 2) in [-1, 1] of the crop; pose_3d (17, 3) root-relative metres where the
    clip has labels (has_3d), zeros otherwise. Arrays are memory-mapped, so worker processes share them.
    """

    def __init__(self, data_root, split='all', min_gap_seconds=1.0, image_size=None, with_unpaired=False,
                 prior_samples=0, real_share=0.0):
        if data_root is None:
            raise UserError('no cache given (--data CACHE, made by tools/prepare_videos.py)')
        index_path = Path(data_root) / 'index.json'
        if not index_path.is_file():
            raise UserError(f'{data_root} is not a prepared cache (no index.json): run tools/prepare_videos.py')
        index = json.loads(index_path.read_text())
        if not index['clips']:
            raise UserError(f'{data_root} holds no clips: {too_short(index)}')
        clips = {k: c for k, c in index['clips'].items()
                 if split == 'all' or c['static'] == (split == 'paired')}
        if not clips:  # e.g. only hand-held videos: train on what there is rather than stop
            print(f'warning: {data_root} has no {split} clips; using all {len(index["clips"])}', file=sys.stderr)
            clips = index['clips']
        self.root, self.ids = Path(data_root), sorted(clips)
        self.gap = np.array([max(1, int(round(min_gap_seconds * clips[k]['fps']))) for k in self.ids])
        lengths = np.array([clips[k]['num_frames'] for k in self.ids])
        self.offsets = np.r_[0, np.cumsum(lengths)]
        self.image_size, self.crop_size = image_size, index['crop_size']
        self._arrays = {}
        # real_share: the share of each batch drawn from the clips without exact 3D (real videos), whatever
        # their share of the frames. A user's few real videos are otherwise drowned by hundreds of renders.
        self.real_share = real_share
        unlabelled = [k for k, clip_id in enumerate(self.ids) if not clips[clip_id].get('has_3d')]
        self.real_frames = np.concatenate([np.arange(self.offsets[k], self.offsets[k + 1]) for k in unlabelled]) \
            if unlabelled else np.zeros(0, int)
        # Moving-background clips, for the kinematic autoencoder's unpaired loss (none: that loss is skipped).
        has_unpaired = any(not c['static'] for c in index['clips'].values())
        if with_unpaired and not has_unpaired:
            print(f'warning: {data_root} has no moving-background clips: no unpaired samples', file=sys.stderr)
        self.unpaired = VideoPairDataset(data_root, 'unpaired', min_gap_seconds, image_size) \
            if with_unpaired and has_unpaired else None
        # A fixed handful of labelled frames (synthetic clips): the prior that fixes pose conventions.
        # A fixed handful of labelled frames: the prior that fixes pose conventions. From the cache's
        # synthetic clips when it has some, otherwise rendered from the 20 poses the package ships.
        self.prior = None
        if prior_samples:
            rng = np.random.default_rng(0)
            labelled = [k for k, c in sorted(index['clips'].items()) if c.get('has_3d')]
            if labelled:
                frames = [(k, t) for k in labelled for t in range(index['clips'][k]['num_frames'])]
                pick = sorted(rng.choice(len(frames), min(prior_samples, len(frames)), replace=False))
                arrays = [{n: np.load(self.root / 'clips' / frames[i][0] / f'{n}.npy', mmap_mode='r')[frames[i][1]]
                           for n in ('crops', 'keypoints', 'pose_3d')} for i in pick]
                self.prior = tuple(np.stack([a[n] for a in arrays]) for n in ('crops', 'keypoints', 'pose_3d'))
            else:
                from pipeline.training.synthetic import PRIOR_POSES, render_crops
                self.prior = render_crops(np.load(PRIOR_POSES)[:prior_samples], self.crop_size, rng)

    def __len__(self):
        return int(self.offsets[-1])

    def clip(self, k):
        if k not in self._arrays:  # opened lazily
            folder = self.root / 'clips' / self.ids[k]
            self._arrays[k] = {p.stem: np.load(p, mmap_mode='r') for p in folder.glob('*.npy')}
        return self._arrays[k]

    def images(self, crops):
        """uint8 BGR crops (B, S, S, 3) -> float RGB (B, 3, size, size) in [-1, 1], as one tensor operation."""
        x = torch.from_numpy(np.ascontiguousarray(crops[..., ::-1])).permute(0, 3, 1, 2).float() / 127.5 - 1
        if self.image_size and self.image_size != x.shape[-1]:
            x = torch.nn.functional.interpolate(x, size=(self.image_size, self.image_size), mode='area')
        return x

    def __getitems__(self, indices):
        """A whole batch at once (the DataLoader's batched fetch): frames gathered from the memory-mapped
        clips, then converted and augmented as tensors. numpy's and torch's global generators, drawn in the
        training process (num_workers=0), so a resumed run draws what the uninterrupted one would have."""
        indices = np.array(indices)
        B = len(indices)
        if self.real_share > 0 and len(self.real_frames):
            swap = np.random.random(B) < self.real_share
            indices[swap] = self.real_frames[np.random.randint(len(self.real_frames), size=int(swap.sum()))]
        batch = self.pairs(indices)
        if self.unpaired is not None:
            other = self.unpaired.pairs(np.random.randint(len(self.unpaired), size=B))
            batch.update(unpaired_source=other['source'], unpaired_target=other['target'],
                         unpaired_keypoints=other['keypoints'], unpaired_scores=other['scores'],
                         random_background=self.backgrounds(np.random.randint(len(self), size=B)))
        if self.prior is not None:
            batch.update(self.prior_samples(B))
        return batch

    def __getitem__(self, i):
        return {k: v[0] for k, v in self.__getitems__([i]).items()}

    def locate(self, indices):
        """Item indices (B,) -> clip (B,) and frame within the clip (B,)."""
        clip = np.searchsorted(self.offsets, indices, side='right') - 1
        return clip, indices - self.offsets[clip]

    def backgrounds(self, indices):
        clip, t = self.locate(indices)
        return self.images(np.stack([self.clip(k)['background'][f] for k, f in zip(clip, t)]))

    def pairs(self, indices):
        clip, t = self.locate(indices)
        n = self.offsets[clip + 1] - self.offsets[clip]
        gap = self.gap[clip]
        # A source frame at least `gap` from the target, uniformly among those (any frame if none is).
        before, after = np.maximum(t - gap + 1, 0), np.maximum(n - (t + gap), 0)
        far = before + after
        u = np.floor(np.random.random(len(t)) * np.where(far > 0, far, n)).astype(int)
        s = np.where(far == 0, u, np.where(u < before, u, u - before + t + gap))
        arrays = [self.clip(k) for k in clip]
        half = self.crop_size / 2
        key = lambda name, frames: np.stack([a[name][f] for a, f in zip(arrays, frames)])  # noqa: E731
        has_3d = np.array(['pose_3d' in a for a in arrays])
        pose_3d = np.stack([np.asarray(a['pose_3d'][f]) / 1000 if 'pose_3d' in a else np.zeros((17, 3))
                            for a, f in zip(arrays, t)])
        has_pseudo = np.array(['pseudo_3d' in a for a in arrays])
        pseudo_3d = np.stack([np.asarray(a['pseudo_3d'][f]) / 1000 if 'pseudo_3d' in a else np.zeros((17, 3))
                              for a, f in zip(arrays, t)])
        return dict(source=self.images(key('crops', s)), target=self.images(key('crops', t)),
                    background=self.images(key('background', t)),
                    keypoints=torch.from_numpy((key('keypoints', t) - half) / half).float(),
                    source_keypoints=torch.from_numpy((key('keypoints', s) - half) / half).float(),
                    scores=torch.from_numpy(key('scores', t)).float(),
                    pose_3d=torch.from_numpy(pose_3d).float(), has_3d=torch.from_numpy(has_3d),
                    pseudo_3d=torch.from_numpy(pseudo_3d).float(), has_pseudo_3d=torch.from_numpy(has_pseudo),
                    clip=torch.from_numpy(clip))

    def prior_samples(self, B):
        """B of the labelled frames, augmented as tensors: mirroring, an in-plane turn of up to 30 degrees
        about the crop centre (the 2D and the 3D turned alike), contrast and colour shifts."""
        from pipeline.geometry.transforms import mirrored, rotation_matrix
        pick = np.random.randint(len(self.prior[0]), size=B)
        S = self.prior[0].shape[1]
        image = torch.from_numpy(np.ascontiguousarray(self.prior[0][pick])).permute(0, 3, 1, 2).float()  # BGR 0-255
        keypoints = torch.from_numpy((self.prior[1][pick] - S / 2) / (S / 2)).float()  # [-1, 1] of the crop
        pose = torch.from_numpy(self.prior[2][pick] / 1000).float()
        mirror = torch.from_numpy(np.random.rand(B) < 0.5)
        image = torch.where(mirror[:, None, None, None], image.flip(-1), image)
        keypoints = torch.where(mirror[:, None, None], mirrored(keypoints), keypoints)
        pose = torch.where(mirror[:, None, None], mirrored(pose), pose)
        # An image turned by `angle` (y down: positive turns clockwise on screen) and its joints with it.
        angle = torch.from_numpy(np.deg2rad(np.random.uniform(-30, 30, B))).float()
        c, s = torch.cos(angle), torch.sin(angle)
        x, y = keypoints.unbind(-1)
        keypoints = torch.stack([c[:, None] * x - s[:, None] * y, s[:, None] * x + c[:, None] * y], -1)
        zero = torch.zeros_like(c)
        # grid_sample looks up each output pixel's source: the inverse turn.
        theta = torch.stack([torch.stack([c, s, zero], -1), torch.stack([-s, c, zero], -1)], 1)
        grid = torch.nn.functional.affine_grid(theta, image.shape, align_corners=False)
        image = torch.nn.functional.grid_sample(image, grid, padding_mode='border', align_corners=False)
        pose = pose @ rotation_matrix(zero, 0.0, angle).transpose(1, 2)
        contrast = torch.from_numpy(np.random.uniform(0.7, 1.3, (B, 1, 1, 1))).float()
        shift = torch.from_numpy(np.random.uniform(-25, 25, (B, 3, 1, 1))).float()
        image = (image * contrast + shift).clamp(0, 255)
        image = image.flip(1) / 127.5 - 1  # BGR -> RGB, [-1, 1]
        if self.image_size and self.image_size != S:
            image = torch.nn.functional.interpolate(image, size=(self.image_size, self.image_size), mode='area')
        return dict(prior_image=image, prior_keypoints=keypoints, prior_pose_3d=pose - pose[:, :1])

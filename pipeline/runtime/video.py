"""Video -> people -> 2D tracks -> 3D, in three passes that keep memory constant in the video's length:
  1. stream frames: detect people, assign track ids, keep only the keypoints;
  2. per track: fill low-confidence joints, lift (a whole track as one sequence), smooth;
  3. (render only) stream the frames again and draw.
"""
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from tqdm import tqdm

from pipeline.geometry.camera import assumed_intrinsics, root_position
from pipeline.geometry.ground import fit_ground
from pipeline.tracks.tracking import Track, Tracker, fill_gaps, fill_low_confidence, smooth_sequence


@dataclass
class VideoResult:
    fps: float
    width: int
    height: int
    num_frames: int
    detector: str
    lifter: str
    # track id -> {'frames' (T,), 'keypoints_2d' (T, 17, 2), 'scores' (T, 17), 'reliable' (T, 17),
    #              'pose_3d' (T, 17, 3) mm root-relative, 'root_3d' (T, 3) mm, the root in the camera's frame,
    #              'root_world' (T, 3) mm, the root in the ground's world frame (y up, the floor at 0)}
    tracks: dict = field(default_factory=dict)
    ground: object = None  # pipeline.geometry.ground.Ground: up and the camera's height (None without people)
    seconds: dict = field(default_factory=lambda: defaultdict(float))  # wall time per stage

    def people_at(self, frame):
        """[(track id, keypoints_2d, reliable, pose_3d, root_3d)] of one frame."""
        out = []
        for tid, t in self.tracks.items():
            i = np.searchsorted(t['frames'], frame)
            if i < len(t['frames']) and t['frames'][i] == frame:
                out.append((tid, t['keypoints_2d'][i], t['reliable'][i], t['pose_3d'][i], t['root_3d'][i]))
        return out


def detect_tracks(source, detector, progress=True, seconds=None):
    """Pass 1 -> ({track id: Track}, number of frames). A detector that follows people from frame to
    frame (it has `reset`) starts afresh, paced by the video's frame rate, so one detector serves many videos."""
    seconds = seconds if seconds is not None else defaultdict(float)
    if hasattr(detector, 'reset'):
        detector.reset(source.fps)
    tracker, tracks, n = Tracker(), {}, 0
    frames = iter(source)
    bar = tqdm(total=len(source) or None, unit='frame', desc='detect', disable=not progress, leave=False)
    while True:
        t0 = time.perf_counter()
        item = next(frames, None)
        t1 = time.perf_counter()
        seconds['decode'] += t1 - t0
        if item is None:
            break
        index, frame = item
        people = detector(frame, index)
        seconds['detect'] += time.perf_counter() - t1
        for tid, kp, sc in zip(tracker.update(people.boxes), people.keypoints, people.scores):
            tracks.setdefault(int(tid), Track(int(tid))).add(index, kp, sc)
        n = index + 1
        bar.update(1)
    bar.close()
    return tracks, n


def prepared_tracks(tracks, min_score=0.3, min_length=3):
    """{track id: Track} -> {track id: arrays} with gaps and low-confidence joints filled, dropping tracks
    shorter than min_length (a flicker of a detection, not a person)."""
    out = {}
    for tid, track in sorted(tracks.items()):
        frames, keypoints, scores = track.arrays()
        if len(frames) >= min_length:
            frames, keypoints, scores = fill_gaps(frames, keypoints, scores)
            keypoints, reliable = fill_low_confidence(keypoints, scores, min_score)
            out[tid] = dict(frames=frames, keypoints_2d=keypoints, scores=scores, reliable=reliable)
    return out


def smoothed(pose_3d, fps):
    """Users see jitter first; a One-Euro filter removes it with little lag (speeds in mm/s)."""
    return smooth_sequence(pose_3d, fps, min_cutoff=1.5, beta=0.01).astype(np.float32)


def lift_tracks(tracks, lifter, fps, min_score=0.3, min_length=3, smooth=None, seconds=None, intrinsics=None):
    """Pass 2: {track id: Track} -> {track id: arrays} with 3D, dropping tracks shorter than min_length.

    smooth: One-Euro filter the 3D; None = only for single-frame lifters (a temporal lifter's output
    is already smooth, and the filter would only add lag). intrinsics: the camera's (f, c), for lifters
    that see each person head-on.
    """
    seconds = seconds if seconds is not None else defaultdict(float)
    smooth = lifter.receptive_field == 1 if smooth is None else smooth
    t0 = time.perf_counter()
    out = prepared_tracks(tracks, min_score, min_length)
    for track in out.values():
        pose_3d = lifter.lift_sequences(track['keypoints_2d'], intrinsics=intrinsics)  # a track is one sequence
        track['pose_3d'] = smoothed(pose_3d, fps) if smooth else pose_3d
    seconds['lift'] += time.perf_counter() - t0
    return out


def track_crops(reopen, tracks, size, progress=False):
    """Each prepared track's person crops, cut from a fresh pass over the frames (`reopen()` gives a new
    source) with the boxes the training cache uses -> {track id: (crops (T, size, size, 3), boxes (T, 4))}."""
    from pipeline.people.crops import crop, crop_boxes
    boxes = {tid: crop_boxes(t['keypoints_2d'], t['scores']) for tid, t in tracks.items()}
    rows = {tid: dict(zip(t['frames'].tolist(), range(len(t['frames'])))) for tid, t in tracks.items()}
    crops = defaultdict(list)
    for index, frame in tqdm(reopen(), unit='frame', desc='crop', disable=not progress, leave=False):
        for tid, row in rows.items():
            if index in row:
                crops[tid].append(crop(frame, boxes[tid][row[index]], size))
    return {tid: (np.stack(crops[tid]), boxes[tid]) for tid in tracks}


def lift_tracks_from_images(reopen, tracks, model, fps, min_score=0.3, min_length=3, smooth=True, seconds=None,
                            progress=True):
    """Pass 2 for an image model (crops in, 3D out): stream the frames again (`reopen()` gives a fresh
    source), cut each track's person crop (the boxes the training cache uses) and lift the crops."""
    seconds = seconds if seconds is not None else defaultdict(float)
    t0 = time.perf_counter()
    out = prepared_tracks(tracks, min_score, min_length)
    for tid, (crops, _) in track_crops(reopen, out, model.image_size, progress).items():
        pose_3d = model.lift_images(crops).astype(np.float32)
        out[tid]['pose_3d'] = smoothed(pose_3d, fps) if smooth else pose_3d
    seconds['lift'] += time.perf_counter() - t0
    return out


def place_in_camera(track, intrinsics, fps):
    """A lifted track -> where its root is in the camera's frame (T, 3) mm, from its 3D pose and 2D
    keypoints (interpolated joints count a tenth), One-Euro smoothed: a frame's distance rests on the
    pose's size in the image, which detection noise shakes from frame to frame."""
    weights = np.where(track['reliable'], 1.0, 0.1)
    return smoothed(root_position(track['pose_3d'], track['keypoints_2d'], *intrinsics, weights)[:, None], fps)[:, 0]


def place_people(tracks, intrinsics, fps):
    """Places each lifted track in the camera's frame ('root_3d', place_in_camera), fits the floor under
    them all, and places them in its world frame ('root_world') -> the Ground (None without tracks)."""
    for track in tracks.values():
        track['root_3d'] = place_in_camera(track, intrinsics, fps)
    ground = fit_ground([t['pose_3d'] for t in tracks.values()], [t['root_3d'] for t in tracks.values()], fps)
    for track in tracks.values():
        track['root_world'] = ground.to_world(track['root_3d']).astype(np.float32)
    return ground


def process_video(source, detector, lifter, progress=True, smooth=None, reopen=None, focal=None):
    """The whole keypoint pipeline on one source -> VideoResult. An image model (it has `lift_images`)
    lifts person crops instead of keypoints; it needs `reopen()` to stream the frames a second time.
    focal: the camera's focal length in pixels, if known (assumed_intrinsics guesses it otherwise)."""
    seconds = defaultdict(float)
    tracks, n = detect_tracks(source, detector, progress, seconds)
    intrinsics = assumed_intrinsics(source.width, source.height, focal)
    if hasattr(lifter, 'lift_images'):
        lifted = lift_tracks_from_images(reopen, tracks, lifter, source.fps, smooth=smooth is not False,
                                         seconds=seconds, progress=progress)
    else:
        lifted = lift_tracks(tracks, lifter, source.fps, smooth=smooth, seconds=seconds, intrinsics=intrinsics)
    ground = place_people(lifted, intrinsics, source.fps)
    return VideoResult(fps=source.fps, width=source.width, height=source.height, num_frames=n,
                       detector=getattr(detector, 'name', type(detector).__name__),
                       lifter=type(lifter).__name__, tracks=lifted, ground=ground, seconds=seconds)


def render_video(source, result, path, progress=True):
    """Pass 3: stream the frames again and write the 2D | 3D composite as an MP4."""
    from pipeline.files.render import VideoWriter, ViewFit, compose
    writer, fit = VideoWriter(path, result.fps), ViewFit()
    t0 = time.perf_counter()
    try:
        for index, frame in tqdm(source, total=len(source) or None, unit='frame', desc='render',
                                 disable=not progress, leave=False):
            people = result.people_at(index)
            # The 3D view stands the people on the fitted floor and keeps all of them in view.
            world = [(tid, result.ground.to_world(pose + root)) for tid, _, _, pose, root in people]
            writer.write(compose(frame, [(tid, kp, rel) for tid, kp, rel, _, _ in people], world, fit(world)))
        writer.close()
    except BaseException:
        writer.close(keep=False)
        raise
    result.seconds['render'] += time.perf_counter() - t0

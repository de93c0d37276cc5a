import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The shared folder sits beside the checkout (../shared); LIFT3D_SHARED points elsewhere if needed.
SHARED = Path(os.environ.get('LIFT3D_SHARED', ROOT.parent / 'shared'))
H36M_DIR = SHARED / 'data' / 'h36m'
DEMO_VIDEO = SHARED / 'media' / 'body3d_demo.mp4'

import models  # noqa: E402,F401  (registers every part)


@pytest.fixture(scope='session')
def h36m_paths():
    paths = dict(data_3d=H36M_DIR / 'h36m_train_3d.npz', data_2d=H36M_DIR / 'h36m_train_sh2d.npz',
                 cameras=H36M_DIR / 'h36m_cameras.json')
    missing = [str(p) for p in paths.values() if not p.is_file()]
    assert not missing, f'shared Human3.6M files missing: {missing}'
    return paths


@pytest.fixture(scope='session')
def h36m_s1(h36m_paths):
    """Every 20th frame of subject S1, all cameras, with ground-truth and detected 2D."""
    from pipeline.training.h36m import load_h36m
    return load_h36m(h36m_paths['data_3d'], h36m_paths['cameras'], ['S1'], h36m_paths['data_2d'], stride=20)


@pytest.fixture(scope='session')
def real_videos():
    """The shared folder of short unlabelled real videos (one or two people, a room, a gym, a close-up)."""
    folder = SHARED / 'media' / 'real'
    assert folder.is_dir(), f'shared real videos missing: {folder}'
    return folder


@pytest.fixture(scope='session')
def demo_clip(tmp_path_factory):
    """The first 60 frames of the shared demo video (a real person walking), as a small MP4."""
    import cv2
    assert DEMO_VIDEO.is_file(), f'shared demo video missing: {DEMO_VIDEO}'
    path = tmp_path_factory.mktemp('media') / 'clip.mp4'
    cap = cv2.VideoCapture(str(DEMO_VIDEO))
    writer = None
    for _ in range(60):
        ok, frame = cap.read()
        assert ok
        if writer is None:
            writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), cap.get(cv2.CAP_PROP_FPS),
                                     (frame.shape[1], frame.shape[0]))
        writer.write(frame)
    writer.release()
    return path


@pytest.fixture(scope='session')
def default_lifter():
    from models.shipped import load_demo_lifter
    return load_demo_lifter()


@pytest.fixture(scope='session')
def single_frame_lifter():
    from models.shipped import load_demo_lifter
    return load_demo_lifter(default='simple_baseline_h36m_all')


@pytest.fixture(scope='session')
def video_cache(tmp_path_factory, demo_clip, h36m_paths):
    """A prepared cache (64 px crops) of three clips: the real demo clip (static camera, with the shipped
    lifter's 3D as pseudo-labels), a synthetic clip with a static camera and one with a panning camera, both
    with exact 3D labels."""
    import shutil

    import numpy as np

    from pipeline.people.detectors import PrecomputedKeypoints, build_detector
    from pipeline.training.synthetic import write_synthetic_videos
    from pipeline.training.video_cache import VideoCache, sidecar_keypoints
    root = tmp_path_factory.mktemp('videos')
    shutil.copy(demo_clip, root / 'walk.mp4')
    walk = np.load(h36m_paths['data_3d'])['S1/Walking 1'][:100:2]  # 50 frames: 2 s at 25 fps
    write_synthetic_videos(root / 'synthetic', [('still', walk), ('panning', walk)], size=96, pan_every=2)
    mediapipe = build_detector('mediapipe')
    cache = VideoCache(tmp_path_factory.mktemp('cache'), crop_size=64, min_seconds=1.0)
    from models.shipped import load_demo_lifter
    cache.prepare(root, lambda v: PrecomputedKeypoints(sidecar_keypoints(v)) if sidecar_keypoints(v) else mediapipe,
                  progress=False, lifter=load_demo_lifter())
    return cache.root

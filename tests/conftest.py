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
    from pipeline.h36m import load_h36m
    return load_h36m(h36m_paths['data_3d'], h36m_paths['cameras'], ['S1'], h36m_paths['data_2d'], stride=20)

"""The demos as a user runs them: outputs written, bad input ends in one line and a non-zero exit."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args, timeout=300):
    return subprocess.run([sys.executable, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_video_demo_writes_every_output(demo_clip, tmp_path):
    proc = run('demo/video.py', demo_clip, '--out', tmp_path, '--export', 'json,npz,bvh', '--render')
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = {p.name for p in tmp_path.iterdir()}
    assert {'clip.json', 'clip.npz', 'clip_track0.bvh', 'clip_3d.mp4'} <= names
    assert not [n for n in names if n.startswith('.')]  # no half-written files left behind
    assert 'detector: mediapipe' in proc.stderr and '1 people' in proc.stderr
    assert 'lifter: TemporalLifter' in proc.stderr  # files: the centred temporal lifter by default


def test_video_demo_on_a_folder_of_videos(demo_clip, tmp_path):
    """A folder: every video lifted into a mirror of its sub-folders; a broken file is skipped and named
    in one error line at the end, and a second run finds everything done."""
    import json
    import shutil
    videos, out = tmp_path / 'videos', tmp_path / 'out'
    (videos / 'street').mkdir(parents=True)
    shutil.copy(demo_clip, videos / 'street' / 'walk.mp4')
    (videos / 'broken.mp4').write_bytes(b'\x00' * 1000)
    proc = run('demo/video.py', videos, '--out', out, '--export', 'npz')
    assert proc.returncode == 2, proc.stderr[-2000:]
    errors = [line for line in proc.stderr.splitlines() if line.startswith('error: ')]
    assert len(errors) == 1 and '1 of 2 videos failed' in errors[0] and 'broken.mp4' in errors[0], proc.stderr[-2000:]
    assert (out / 'street' / 'walk.npz').is_file() and 'Traceback' not in proc.stderr
    summary = json.loads((out / 'batch.json').read_text())['videos']
    assert summary['street/walk.mp4']['people'] == 1 and summary['broken.mp4']['status'] == 'failed'

    (videos / 'broken.mp4').unlink()
    proc = run('demo/video.py', videos, '--out', out, '--export', 'npz')
    assert proc.returncode == 0 and '1 of 1 videos lifted' in proc.stderr, proc.stderr[-2000:]

    # Two shares, as two machines of a cluster run them: each its own summary, one output tree.
    shutil.copy(demo_clip, videos / 'again.mp4')
    for i in (1, 2):
        proc = run('demo/video.py', videos, '--out', out / 'shared', '--export', 'npz', '--shard', f'{i}/2')
        assert proc.returncode == 0 and f'share {i} of 2 of its 2' in proc.stderr, proc.stderr[-2000:]
        assert list(json.loads((out / 'shared' / f'batch_{i}of2.json').read_text())['videos']) == \
            [['again.mp4', 'street/walk.mp4'][i - 1]]
    assert (out / 'shared' / 'again.npz').is_file() and (out / 'shared' / 'street' / 'walk.npz').is_file()


def test_video_demo_with_the_single_frame_lifter(demo_clip, tmp_path):
    proc = run('demo/video.py', demo_clip, '--out', tmp_path, '--export', 'npz',
               '--lifter', 'configs/lifters/simple_baseline_h36m_all.py')
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert 'lifter: ResidualLifter' in proc.stderr
    import numpy as np
    assert np.load(tmp_path / 'clip.npz')['keypoints_3d'].shape[1:] == (17, 3)


def test_video_demo_with_an_image_model(demo_clip, tmp_path):
    """--model: 3D from person crops instead of keypoints (an untrained small cross-modal VAE)."""
    import json

    from mmengine.config import Config

    from models.checkpoint import export_lifter
    from pipeline.registry import MODELS
    cfg = Config.fromfile(ROOT / 'configs/image/crossmodal_vae_cpu.py').model.to_dict()
    export_lifter(MODELS.build(cfg), cfg, tmp_path / 'vae.pth')
    proc = run('demo/video.py', demo_clip, '--out', tmp_path / 'out', '--export', 'json',
               '--model', 'crossmodal_vae_cpu', '--checkpoint', tmp_path / 'vae.pth')
    assert proc.returncode == 0, proc.stderr[-2000:]
    frames = json.loads((tmp_path / 'out' / 'clip.json').read_text())['frames']
    people = [p for f in frames for p in f['people']]
    assert len(people) >= 55 and len(people[0]['keypoints_3d']) == 17


def test_webcam_demo_from_a_file_source(demo_clip, tmp_path):
    proc = run('demo/webcam.py', '--source', demo_clip, '--headless', '--out', tmp_path, '--duration', '3')
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert 'latency' in proc.stderr and 'fps' in proc.stderr and 'lift' in proc.stderr
    assert 'causal, 81 past frames' in proc.stderr  # the shipped causal temporal lifter, from a ring buffer
    assert 'the detector ran on' in proc.stderr  # live, optical flow carries the detector between its results
    assert (tmp_path / 'webcam.json').is_file() and (tmp_path / 'webcam_3d.mp4').is_file()


@pytest.mark.parametrize('case', ['missing file', 'not a video', 'unwritable output', 'unknown detector',
                                  'missing camera', 'unknown image model', 'folder with nothing to lift',
                                  'negative focal length', 'mmpose without checkpoints'])
def test_bad_input_is_one_clear_line(case, demo_clip, tmp_path):
    (tmp_path / 'notes.txt').write_text('hello')
    args = {
        'missing file': ['demo/video.py', tmp_path / 'nope.mp4'],
        'not a video': ['demo/video.py', tmp_path / 'notes.txt'],
        'unwritable output': ['demo/video.py', demo_clip, '--out', tmp_path / 'notes.txt' / 'out'],
        'unknown detector': ['demo/video.py', demo_clip, '--out', tmp_path, '--detector', 'yolo'],
        'missing camera': ['demo/webcam.py', '--camera', '9', '--headless', '--out', tmp_path],
        'unknown image model': ['demo/video.py', demo_clip, '--out', tmp_path, '--model', 'nope', '--checkpoint', 'x.pth'],
        'folder with nothing to lift': ['demo/video.py', tmp_path, '--out', tmp_path / 'out'],
        'negative focal length': ['demo/video.py', demo_clip, '--out', tmp_path, '--focal', '-5'],
        'mmpose without checkpoints': ['demo/video.py', demo_clip, '--out', tmp_path, '--detector', 'mmpose'],
    }[case]
    proc = run(*args)
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.strip().splitlines() if line.startswith('error: ')]
    assert len(lines) == 1, proc.stderr[-2000:]
    assert 'Traceback' not in proc.stderr

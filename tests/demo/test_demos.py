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


def test_webcam_demo_from_a_file_source(demo_clip, tmp_path):
    proc = run('demo/webcam.py', '--source', demo_clip, '--headless', '--out', tmp_path, '--duration', '3')
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert 'latency' in proc.stderr and 'fps' in proc.stderr
    assert (tmp_path / 'webcam.json').is_file() and (tmp_path / 'webcam_3d.mp4').is_file()


@pytest.mark.parametrize('case', ['missing file', 'not a video', 'unwritable output', 'unknown detector',
                                  'missing camera'])
def test_bad_input_is_one_clear_line(case, demo_clip, tmp_path):
    (tmp_path / 'notes.txt').write_text('hello')
    args = {
        'missing file': ['demo/video.py', tmp_path / 'nope.mp4'],
        'not a video': ['demo/video.py', tmp_path / 'notes.txt'],
        'unwritable output': ['demo/video.py', demo_clip, '--out', tmp_path / 'notes.txt' / 'out'],
        'unknown detector': ['demo/video.py', demo_clip, '--out', tmp_path, '--detector', 'yolo'],
        'missing camera': ['demo/webcam.py', '--camera', '9', '--headless', '--out', tmp_path],
    }[case]
    proc = run(*args)
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.strip().splitlines() if line.startswith('error: ')]
    assert len(lines) == 1, proc.stderr[-2000:]
    assert 'Traceback' not in proc.stderr

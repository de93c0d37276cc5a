"""tools/prepare_videos.py on a folder of real and synthetic videos (with sub-folders and a broken file)."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

from pipeline.training.synthetic import write_synthetic_videos
from pipeline.training.video_cache import VideoPairDataset

ROOT = Path(__file__).resolve().parents[2]


def prepare(folder, cache):
    return subprocess.run([sys.executable, 'tools/prepare_videos.py', str(folder), '--out', str(cache),
                           '--min-seconds', '1', '--crop-size', '64'], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def test_folder_to_cache_and_resume(demo_clip, h36m_paths, tmp_path):
    videos, cache = tmp_path / 'videos', tmp_path / 'cache'
    (videos / 'street').mkdir(parents=True)
    shutil.copy(demo_clip, videos / 'street' / 'walk.mp4')
    (videos / 'street' / 'notes.mp4').write_text('not a video')
    walk = np.load(h36m_paths['data_3d'])['S1/Walking 1'][:100:2]  # 50 frames, 2 s at 25 fps
    write_synthetic_videos(videos / 'synthetic', [('still_cam', walk), ('panning', walk)], size=96, pan_every=2)

    proc = prepare(videos, cache)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert 'warning: skipping street/notes.mp4' in proc.stderr
    index = json.loads((cache / 'index.json').read_text())
    assert index['videos']['street/notes.mp4']['status'] == 'skipped'
    clips = {index['clips'][c[0]]['video']: index['clips'][c[0]] for v, e in index['videos'].items()
             if (c := e['clips'])}
    assert set(clips) == {'street/walk.mp4', 'synthetic/still_cam.mp4', 'synthetic/panning.mp4'}
    assert clips['synthetic/still_cam.mp4']['static'] and clips['street/walk.mp4']['static']
    assert not clips['synthetic/panning.mp4']['static']  # the background moves: unpaired
    assert clips['synthetic/panning.mp4']['has_3d'] and not clips['street/walk.mp4']['has_3d']

    data = VideoPairDataset(cache, 'paired', min_gap_seconds=0.5)
    item = data[len(data) - 1]
    assert item['target'].shape == (3, 64, 64) and -1 <= item['target'].min() and item['target'].max() <= 1
    assert item['keypoints'].abs().max() < 1.2  # the person is inside the crop
    assert len(VideoPairDataset(cache, 'unpaired')) == clips['synthetic/panning.mp4']['num_frames']

    # A second run resumes: finished videos are not touched, a new one is added.
    shutil.copy(demo_clip, videos / 'street' / 'walk_again.mp4')
    proc = prepare(videos, cache)
    assert proc.returncode == 0 and '4 already cached' in proc.stderr, proc.stderr[-2000:]
    index2 = json.loads((cache / 'index.json').read_text())
    assert len(index2['clips']) == len(index['clips']) + 1


def test_short_real_clips_make_a_cache(real_videos, tmp_path):
    """A 2.6 s real clip of two men (1080p, 28 fps) gives one clip per man with the default minimum (2 s);
    both are static-camera ("paired"), and pairs a second apart fit in them."""
    video = real_videos / 'two_people_room.mp4'
    (tmp_path / 'videos').mkdir()
    shutil.copy(video, tmp_path / 'videos' / video.name)
    proc = subprocess.run([sys.executable, 'tools/prepare_videos.py', str(tmp_path / 'videos'), '--out',
                           str(tmp_path / 'cache'), '--crop-size', '64'], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    index = json.loads((tmp_path / 'cache' / 'index.json').read_text())
    clips = list(index['clips'].values())
    assert len({c['track'] for c in clips}) == 2 and all(c['static'] and c['num_frames'] >= 56 for c in clips)
    # Each man's clip keeps the keypoint pipeline's 3D: a standing adult, about 1.4-2 m from head to feet.
    for clip_id, clip in index['clips'].items():
        pseudo = np.load(tmp_path / 'cache' / 'clips' / clip_id / 'pseudo_3d.npy')
        assert clip['has_pseudo_3d'] and pseudo.shape == (clip['num_frames'], 17, 3)
        assert np.abs(pseudo[:, 0]).max() == 0  # root-relative
        height = np.median(pseudo[:, 10, 1] - np.maximum(pseudo[:, 3, 1], pseudo[:, 6, 1]))
        assert 1300 < abs(height) < 2100, height
    data = VideoPairDataset(tmp_path / 'cache', 'paired', min_gap_seconds=1.0)
    assert len(data) == sum(c['num_frames'] for c in clips)
    assert data[0]['source'].shape == (3, 64, 64) and data[0]['has_pseudo_3d']
    # A static camera: the video's median frame is a background plate for synthetic renders. The two men
    # hardly move, so a plain median kept both (the detector found them in it); masked by their tracks,
    # the plate has nobody in it.
    import cv2
    from pipeline.people.mediapipe_detector import MediaPipeDetector
    plate = cv2.imread(str(tmp_path / 'cache' / 'backgrounds' / 'two_people_room.jpg'))
    assert plate is not None and max(plate.shape[:2]) == 720
    assert len(MediaPipeDetector()(plate, 0).keypoints) == 0


def test_too_short_folder_says_which_videos_and_by_how_much(h36m_paths, tmp_path):
    walk = np.load(h36m_paths['data_3d'])['S1/Walking 1'][:60:2]  # 30 frames: 1.2 s at 25 fps
    write_synthetic_videos(tmp_path / 'videos', [('brief', walk)], size=96)
    proc = subprocess.run([sys.executable, 'tools/prepare_videos.py', str(tmp_path / 'videos'), '--out',
                           str(tmp_path / 'cache'), '--crop-size', '64'], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode != 0
    assert 'at least 2 s' in proc.stderr and 'brief.mp4: longest track 1.20 s, 0.80 s short' in proc.stderr, \
        proc.stderr[-2000:]
    assert 'Traceback' not in proc.stderr
    # The longer clips of the seeds stay an option.
    proc = subprocess.run([sys.executable, 'tools/prepare_videos.py', str(tmp_path / 'videos'), '--out',
                           str(tmp_path / 'cache2'), '--crop-size', '64', '--min-clip-seconds', '1'], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]

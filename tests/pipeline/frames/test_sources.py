import time

import cv2
import numpy as np
import pytest

from pipeline.errors import UserError
from pipeline.frames.sources import ImageFolderSource, VideoSource, open_source


def test_video_streams_every_frame_and_keeps_fps(demo_clip):
    source = VideoSource(demo_clip)
    assert source.fps == pytest.approx(50) and (source.width, source.height) == (1000, 1002)
    indices = [i for i, frame in source]
    assert indices == list(range(60))


@pytest.mark.parametrize('make, message', [
    (lambda p: p / 'missing.mp4', 'not found'),
    (lambda p: (p / 'notes.mp4').write_text('not a video') and p / 'notes.mp4', 'not a readable video|no frames'),
])
def test_bad_videos_are_clear_errors(tmp_path, make, message):
    with pytest.raises(UserError, match=message):
        VideoSource(make(tmp_path))


def test_camera_that_does_not_exist():
    with pytest.raises(UserError, match='camera 9'):
        open_source('9')


def test_image_folder_in_name_order(tmp_path):
    for i in (2, 0, 1):
        cv2.imwrite(str(tmp_path / f'{i:03d}.png'), np.full((20, 30, 3), i * 50, np.uint8))
    source = open_source(str(tmp_path))
    assert isinstance(source, ImageFolderSource)
    assert [int(f[0, 0, 0]) for _, f in source] == [0, 50, 100]


def test_realtime_file_drops_frames_like_a_camera(demo_clip):
    source = VideoSource(demo_clip, realtime=True)
    start = time.perf_counter()
    seen = []
    for index, _ in source:
        seen.append(index)
        time.sleep(0.05)  # a consumer slower than the 50 fps source
    elapsed = time.perf_counter() - start
    assert source.dropped > 10 and len(seen) + source.dropped >= 59
    assert elapsed < 60 / 50 + 1.0  # kept up with the clock instead of playing every frame

"""A folder of videos -> each video's outputs in a mirror of its sub-folders, a summary, resume, bad files skipped."""
import json
import shutil

import cv2
import numpy as np
import pytest

from pipeline.runtime.batch import SUMMARY, lift_folder, output_stems, parse_shard, shard, summary_name
from pipeline.people.detectors import build_detector
from pipeline.errors import UserError
from pipeline.frames.sources import VideoSource, find_videos, video_folder
from pipeline.runtime.video import detect_tracks


def write_video(path, frames, fps=25):
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), fps, frames[0].shape[1::-1])
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


@pytest.fixture
def videos(demo_clip, tmp_path):
    root = tmp_path / 'videos'
    (root / 'street').mkdir(parents=True)
    shutil.copy(demo_clip, root / 'street' / 'walk.mp4')
    (root / 'street' / 'notes.mp4').write_text('not a video')
    write_video(root / 'room.mp4', [np.full((120, 160, 3), 40 + i, np.uint8) for i in range(8)])
    return root


def test_folder_of_videos_resumes_and_skips_bad_files(videos, tmp_path, default_lifter):
    out, detector = tmp_path / 'out', build_detector('mediapipe')
    found = video_folder(videos)
    assert [p.relative_to(videos).as_posix() for p in found] == ['room.mp4', 'street/notes.mp4', 'street/walk.mp4']

    def run(settings, **kw):
        return lift_folder(videos, video_folder(videos), out, detector, default_lifter, ['json', 'bvh'], settings,
                           progress=False, **kw)

    summary = run({'lifter': 'default'})
    walk, room, notes = (summary['videos'][k] for k in ('street/walk.mp4', 'room.mp4', 'street/notes.mp4'))
    assert walk['status'] == 'done' and walk['frames'] == 60 and walk['people'] == 1
    assert walk['outputs'] == ['street/walk.json', 'street/walk_track0.bvh']
    assert room['status'] == 'done' and room['people'] == 0 and room['outputs'] == ['room.json']
    assert notes['status'] == 'failed' and 'not a readable video' in notes['reason']
    assert json.loads((out / SUMMARY).read_text()) == summary
    doc = json.loads((out / 'street' / 'walk.json').read_text())
    assert len(doc['frames']) == 60 and sum(len(f['people']) for f in doc['frames']) >= 55

    # Run again: what is done stays as it is (the same file, not rewritten); a new video is lifted.
    stamp = (out / 'street' / 'walk.json').stat().st_mtime_ns
    shutil.copy(videos / 'room.mp4', videos / 'street' / 'room2.mp4')
    again = run({'lifter': 'default'})
    assert (out / 'street' / 'walk.json').stat().st_mtime_ns == stamp
    assert again['videos']['street/walk.mp4'] == walk and again['videos']['street/room2.mp4']['status'] == 'done'
    # A lost output, other settings, or overwrite: lifted again.
    (out / 'room.json').unlink()
    assert run({'lifter': 'default'})['videos']['room.mp4']['status'] == 'done' and (out / 'room.json').is_file()
    run({'lifter': 'another'})
    assert (out / 'street' / 'walk.json').stat().st_mtime_ns != stamp


def test_shares_split_a_folder_deterministically_and_together_cover_it(tmp_path):
    videos = sorted(tmp_path / f'v{k:02d}.mp4' for k in range(11))
    shares = [shard(videos, i, 4) for i in range(1, 5)]
    assert sorted(sum(shares, [])) == videos  # every video in exactly one share
    assert {len(s) for s in shares} == {2, 3}
    assert shard(list(reversed(videos))[::-1], 2, 4) == shares[1]  # the same folder splits the same way
    assert parse_shard('3/4') == (3, 4) and summary_name(3, 4) == 'batch_3of4.json' and summary_name() == SUMMARY
    for bad in ('0/4', '5/4', '4', 'a/b', '1/0'):
        with pytest.raises(UserError, match='--shard takes i/n'):
            parse_shard(bad)


def test_output_names_keep_videos_apart(tmp_path):
    videos = [tmp_path / n for n in ('a.mp4', 'a.avi', 'b.mp4', 'sub/a.mp4')]
    assert [s.as_posix() for s in output_stems(videos, tmp_path)] == ['a_mp4', 'a_avi', 'b', 'sub/a']


def test_what_a_folder_is(tmp_path, demo_clip):
    cv2.imwrite(str(tmp_path / '000.png'), np.zeros((8, 8, 3), np.uint8))
    shutil.copy(demo_clip, tmp_path / 'clip.mp4')
    assert video_folder(tmp_path) is None  # images at the top: one image sequence
    assert video_folder(demo_clip) is None  # a file
    (tmp_path / '000.png').unlink()
    assert video_folder(tmp_path) == find_videos(tmp_path) == [tmp_path / 'clip.mp4']
    (tmp_path / 'clip.mp4').unlink()
    (tmp_path / 'readme.txt').write_text('hello')
    with pytest.raises(UserError, match='no images and no videos'):
        video_folder(tmp_path)


def test_one_detector_serves_videos_one_after_another(demo_clip, tmp_path):
    """The bundled detector follows people from frame to frame; on the next video it must start afresh.
    The second video shows the same person elsewhere in a wider frame, where the last video's crop
    finds nobody: without a reset the first frames of it are lost."""
    frames = [frame for (_, frame), _ in zip(VideoSource(demo_clip), range(30))]
    h, w = frames[0].shape[:2]
    moved = [np.concatenate([np.zeros((h, w, 3), np.uint8), f], axis=1) for f in frames]
    other = write_video(tmp_path / 'moved.mp4', moved)

    def frames_with_person(detector):
        tracks, _ = detect_tracks(VideoSource(other), detector, progress=False)
        return sorted(i for t in tracks.values() for i in t.frames)

    fresh = frames_with_person(build_detector('mediapipe'))
    assert len(fresh) >= 28 and fresh[0] == 0
    used = build_detector('mediapipe')
    detect_tracks(VideoSource(demo_clip), used, progress=False)
    assert frames_with_person(used) == fresh

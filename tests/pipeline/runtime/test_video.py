"""The whole keypoint pipeline on the real demo video: bundled detector, shipped lifter."""
import json

import cv2
import numpy as np
import pytest

from pipeline import metrics
from pipeline.people.detectors import build_detector
from pipeline.files.export import export
from pipeline.geometry.skeleton import H36M
from pipeline.frames.sources import VideoSource
from pipeline.runtime.video import process_video, render_video


@pytest.fixture(scope='module')
def clip_result(demo_clip, default_lifter):
    return process_video(VideoSource(demo_clip), build_detector('mediapipe'), default_lifter, progress=False)


def bone_lengths(poses):
    return np.stack([np.linalg.norm(poses[:, c] - poses[:, p], axis=-1) for p, c in H36M.bones], -1)


def test_one_person_tracked_through_the_clip(clip_result):
    assert clip_result.num_frames == 60
    assert list(clip_result.tracks) == [0]  # one person, one id, never re-assigned
    assert len(clip_result.tracks[0]['frames']) >= 55


def test_the_person_is_placed_in_the_camera_frame(clip_result):
    """root_3d: where the person stands, a few metres in front of the camera, and seen through the
    assumed camera it lands on the person's pelvis in the image."""
    from pipeline.geometry.camera import assumed_intrinsics
    track = clip_result.tracks[0]
    root = track['root_3d']
    assert root.shape == (len(track['frames']), 3) and (root[:, 2] > 2000).all() and (root[:, 2] < 8000).all()
    f, c = assumed_intrinsics(clip_result.width, clip_result.height)
    pelvis = f * root[:, :2] / root[:, 2:] + c
    assert np.median(np.linalg.norm(pelvis - track['keypoints_2d'][:, 0], axis=-1)) < 0.03 * clip_result.width


def test_the_floor_is_found_under_the_walker(clip_result):
    """The demo's camera is held about level at chest height: gravity within 25 degrees of the image's
    down (the whole video reads 17; these 60 frames, one walk towards the camera, between 17 and 23
    depending on the lifter), the camera 1-2.5 m above the floor, the pelvis about a metre above it
    and the standing foot on it."""
    ground = clip_result.ground
    assert np.degrees(np.arccos(-ground.up[1])) < 25 and 1000 < ground.camera_height < 2500
    assert ground.contacts > 0.8 * len(clip_result.tracks[0]['frames']) and ground.spread < 60  # mm
    track = clip_result.tracks[0]
    assert 700 < np.median(track['root_world'][:, 1]) < 1200
    ankles = ground.to_world(track['pose_3d'][:, [3, 6]] + track['root_3d'][:, None])[..., 1].min(1)
    assert np.percentile(np.abs(ankles - 80), 90) < 100  # mm


def test_bone_lengths_are_human(clip_result, h36m_s1):
    reference = bone_lengths(h36m_s1['pose_3d']).mean(0)  # Human3.6M's mean bone lengths (mm)
    lifted = np.median(bone_lengths(clip_result.tracks[0]['pose_3d']), 0)
    ratio = lifted / reference
    assert (ratio > 0.6).all() and (ratio < 1.5).all(), dict(zip(H36M.bones, ratio.round(2)))
    height = np.ptp(clip_result.tracks[0]['pose_3d'][..., 1], axis=-1).mean()
    assert 1200 < height < 2000  # head top to feet of a standing adult, mm


def test_jitter_is_bounded(clip_result, demo_clip, single_frame_lifter):
    # Mean joint acceleration (mm / frame^2) at 50 fps: walking gives a few mm; jitter gives tens.
    assert metrics.mean_acceleration(clip_result.tracks[0]['pose_3d']) < 8  # the default, temporal lifter
    # A single-frame lifter's output is One-Euro smoothed by default, which removes jitter.
    smoothed, raw = (process_video(VideoSource(demo_clip), build_detector('mediapipe'), single_frame_lifter,
                                   progress=False, smooth=smooth).tracks[0]['pose_3d'] for smooth in (None, False))
    assert metrics.mean_acceleration(smoothed) < 8 and metrics.mean_acceleration(smoothed) < metrics.mean_acceleration(raw)


def test_exports_and_render(clip_result, demo_clip, tmp_path):
    written = export(clip_result, tmp_path, 'clip', ('json', 'npz', 'bvh'))
    assert {p.name for p in written} == {'clip.json', 'clip.npz', 'clip_track0.bvh'}
    doc = json.loads((tmp_path / 'clip.json').read_text())
    assert doc['layout'] == 'h36m17' and doc['fps'] == pytest.approx(50) and len(doc['frames']) == 60
    person = next(f['people'][0] for f in doc['frames'] if f['people'])
    assert np.array(person['keypoints_3d']).shape == (17, 3) and person['track_id'] == 0
    assert person['root_3d'] == pytest.approx(clip_result.tracks[0]['root_3d'][0] / 1000, abs=1e-4)
    assert np.abs(np.array(person['keypoints_3d'])).max() < 1.5  # metres
    npz = np.load(tmp_path / 'clip.npz')
    assert npz['keypoints_3d'].shape == (len(clip_result.tracks[0]['frames']), 17, 3)
    assert npz['root_3d'].shape == (len(clip_result.tracks[0]['frames']), 3)
    np.testing.assert_allclose(npz['root_world'], clip_result.tracks[0]['root_world'] / 1000, atol=1e-6)
    assert doc['ground']['camera_height_m'] == pytest.approx(clip_result.ground.camera_height / 1000, abs=1e-4)
    R = np.array(doc['ground']['camera_to_world']['rotation'])
    t = np.array(doc['ground']['camera_to_world']['translation_m'])
    assert person['root_world'] == pytest.approx(R @ person['root_3d'] + t, abs=2e-4)
    from pipeline.files.bvh import bvh_to_h36m, read_bvh
    names, _, positions = read_bvh(tmp_path / 'clip_track0.bvh')  # cm, in the world frame: y up, the floor at 0
    world = clip_result.tracks[0]['root_world']
    np.testing.assert_allclose(positions[:, 0], (world - world[0] * [1, 0, 1]) / 10, atol=0.01)  # from over the origin
    lower_ankle = bvh_to_h36m(names, positions)[:, [3, 6], 1].min(1)
    assert np.median(np.abs(lower_ankle - 8)) < 8  # cm: the standing foot's ankle, 8 cm above the floor
    render_video(VideoSource(demo_clip), clip_result, tmp_path / 'clip_3d.mp4', progress=False)
    cap = cv2.VideoCapture(str(tmp_path / 'clip_3d.mp4'))
    assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == 60
    ok, frame = cap.read()
    assert ok and frame.shape[1] > frame.shape[0]  # the 2D view and the 3D view side by side


def test_csv_rows_hold_the_3d_and_plausible_joint_angles(clip_result, tmp_path):
    import csv

    from pipeline.geometry.skeleton import JOINT_ANGLES, joint_angles
    export(clip_result, tmp_path, 'clip', ('csv',))
    with open(tmp_path / 'clip.csv', newline='') as f:
        rows = list(csv.DictReader(f))
    track = clip_result.tracks[0]
    assert len(rows) == len(track['frames']) and rows[0]['frame'] == str(track['frames'][0])
    assert float(rows[0]['rknee_y_m']) == pytest.approx(track['pose_3d'][0, 2, 1] / 1000, abs=1e-5)
    assert float(rows[0]['root_position_z_m']) == pytest.approx(track['root_3d'][0, 2] / 1000, abs=1e-4)
    assert float(rows[0]['root_world_y_m']) == pytest.approx(track['root_world'][0, 1] / 1000, abs=1e-4)
    angles = np.array([[float(r[f'{a}_deg']) for a in JOINT_ANGLES] for r in rows])
    xyz = np.array([[float(v) for k, v in r.items() if k.endswith('_m') and not k.startswith('root_')]
                    for r in rows]).reshape(-1, 17, 3)
    np.testing.assert_allclose(angles, joint_angles(xyz), atol=0.05)  # the angles of the rows' own 3D
    knees = angles[:, [list(JOINT_ANGLES).index(k) for k in ('r_knee_flexion', 'l_knee_flexion')]]
    assert (knees >= 0).all() and (knees < 100).all()  # a person standing and walking in the clip


def test_video_without_people_gives_valid_empty_outputs(tmp_path, default_lifter):
    path = tmp_path / 'empty_room.mp4'
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), 25, (320, 240))
    for i in range(10):
        writer.write(np.full((240, 320, 3), 40 + i, np.uint8))
    writer.release()
    result = process_video(VideoSource(path), build_detector('mediapipe'), default_lifter, progress=False)
    assert result.tracks == {} and result.num_frames == 10
    export(result, tmp_path, 'empty', ('json', 'npz', 'csv', 'bvh'))
    assert (tmp_path / 'empty.csv').read_text().count('\n') == 1  # the header alone
    doc = json.loads((tmp_path / 'empty.json').read_text())
    assert len(doc['frames']) == 10 and all(f['people'] == [] for f in doc['frames'])
    assert np.load(tmp_path / 'empty.npz')['keypoints_3d'].shape == (0, 17, 3)
    assert np.load(tmp_path / 'empty.npz')['root_3d'].shape == (0, 3)


def test_temporal_lifter_halves_the_jitter_of_the_single_frame_lifter(demo_clip, default_lifter, single_frame_lifter):
    """The shipped temporal lifter (the default) on the same tracks: per-frame 3D whose mean joint
    acceleration is at most half the single-frame lifter's (both without smoothing), with human bone lengths."""
    from pipeline.runtime.video import detect_tracks, lift_tracks
    tracks, _ = detect_tracks(VideoSource(demo_clip), build_detector('mediapipe'), progress=False)
    temporal = default_lifter
    assert temporal.receptive_field == 81 and not temporal.causal
    single = lift_tracks(tracks, single_frame_lifter, 50, smooth=False)[0]['pose_3d']
    smooth = lift_tracks(tracks, temporal, 50)[0]['pose_3d']  # no One-Euro filter for a temporal lifter
    assert smooth.shape == single.shape
    assert metrics.mean_acceleration(smooth) <= 0.5 * metrics.mean_acceleration(single)
    ratio = np.median(bone_lengths(smooth), 0) / np.median(bone_lengths(single), 0)
    assert (ratio > 0.7).all() and (ratio < 1.4).all()

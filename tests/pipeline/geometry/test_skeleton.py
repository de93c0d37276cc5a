import numpy as np
import pytest

from pipeline.geometry.skeleton import COCO, H36M, LAYOUTS, MEDIAPIPE, SH16, conversion_matrix, to_h36m


@pytest.mark.parametrize('skeleton', LAYOUTS.values(), ids=lambda s: s.name)
def test_layouts_are_consistent(skeleton):
    assert len(skeleton.parents) == skeleton.num_joints
    assert sum(p < 0 for p in skeleton.parents) == 1
    perm = skeleton.flip_permutation
    assert (perm[perm] == np.arange(skeleton.num_joints)).all()  # mirroring twice is the identity


def test_h36m_bones_match_the_data_readme():
    assert H36M.bones == ((0, 1), (1, 2), (2, 3), (0, 4), (4, 5), (5, 6), (0, 7), (7, 8), (8, 9), (9, 10),
                          (8, 11), (11, 12), (12, 13), (8, 14), (14, 15), (15, 16))


@pytest.mark.parametrize('layout', ['coco17', 'mediapipe33', 'sh16', 'h36m17'])
def test_conversions_average_source_joints(layout):
    W = conversion_matrix(layout)
    assert W.shape == (17, LAYOUTS[layout].num_joints)
    np.testing.assert_allclose(W.sum(1), 1.0)


def test_coco_conversion_places_pelvis_between_hips_and_keeps_sides():
    kp = np.random.default_rng(0).normal(size=(4, 17, 2)).astype(np.float32)
    h = to_h36m(kp, 'coco17')
    np.testing.assert_allclose(h[:, 0], (kp[:, 11] + kp[:, 12]) / 2, rtol=1e-6)
    np.testing.assert_allclose(h[:, H36M.index('LWrist')], kp[:, COCO.index('left_wrist')])
    np.testing.assert_allclose(h[:, H36M.index('RFoot')], kp[:, COCO.index('right_ankle')])
    mp = np.random.default_rng(1).normal(size=(2, 33, 3))
    np.testing.assert_allclose(to_h36m(mp, 'mediapipe33')[:, H36M.index('RKnee')],
                               mp[:, MEDIAPIPE.index('right_knee')], rtol=1e-6)


def test_mediapipe_trunk_and_head_move_to_the_motion_capture_conventions():
    """MediaPipe's hips sit lower and closer together than hip-joint centres, and it has no thorax or
    head top: the conversion widens and raises the hips, puts the thorax above the shoulders and the
    head beyond the face, in the body's own frame (a tilted person tilts the corrections with them)."""
    import math
    from pipeline.geometry import skeleton
    mp = np.zeros((1, 33, 2))
    mp[0, MEDIAPIPE.index('left_hip')], mp[0, MEDIAPIPE.index('right_hip')] = (10, 0), (-10, 0)
    mp[0, MEDIAPIPE.index('left_shoulder')], mp[0, MEDIAPIPE.index('right_shoulder')] = (20, -100), (-20, -100)
    mp[0, 1:9] = (0, -130)  # eyes and ears
    angle = math.radians(30)
    R = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    for pose, turn in ((mp, np.eye(2)), (mp @ R.T, R)):
        h = to_h36m(pose, 'mediapipe33')[0] @ turn  # back in the upright frame
        up = skeleton.MEDIAPIPE_HIP_UP * 100
        np.testing.assert_allclose(h[H36M.index('Hip')], (0, -up), atol=1e-4)
        np.testing.assert_allclose(h[H36M.index('LHip')], (10 * skeleton.MEDIAPIPE_HIP_WIDTH, -up), atol=1e-4)
        assert h[H36M.index('Thorax'), 1] < -100 < h[H36M.index('Spine'), 1] < h[H36M.index('Hip'), 1]
        assert h[H36M.index('Head'), 1] < -130
        np.testing.assert_allclose(h[H36M.index('LShoulder')], (20, -100), atol=1e-4)  # limbs as they are


def test_derived_joint_score_is_its_weakest_source():
    kp = np.zeros((1, 16, 2))
    scores = np.linspace(0.1, 1.0, 16)[None]
    _, s = to_h36m(kp, 'sh16', scores)
    assert s[0, 0] == pytest.approx(scores[0, SH16.index('Hip')])
    assert s[0, 7] == pytest.approx(min(scores[0, SH16.index('Hip')], scores[0, SH16.index('Spine')]))
    mp_scores = np.linspace(0.1, 1.0, 33)[None]
    _, s = to_h36m(np.zeros((1, 33, 2)), 'mediapipe33', mp_scores)  # the hips also weigh the shoulders
    assert s[0, H36M.index('RHip')] == pytest.approx(mp_scores[0, MEDIAPIPE.index('left_shoulder')])


def test_unknown_layout_is_a_clear_error():
    with pytest.raises(ValueError, match='unknown keypoint layout'):
        conversion_matrix('openpose25')


def test_joint_angles_by_hand():
    """A standing pose with straight limbs, then the right knee bent to a right angle, the left arm
    raised sideways to the horizontal and its elbow bent 45 degrees."""
    from pipeline.geometry.skeleton import JOINT_ANGLES, joint_angles
    y_down = np.array([0.0, 1.0, 0.0])
    pose = np.zeros((17, 3))
    pose[[7, 8, 9, 10]] = [[0, -250, 0], [0, -500, 0], [0, -600, 0], [0, -700, 0]]  # y points down
    for hip, knee, foot, x in ((1, 2, 3, -100), (4, 5, 6, 100)):
        pose[hip], pose[knee], pose[foot] = [x, 0, 0], [x, 450, 0], [x, 900, 0]
    for shoulder, elbow, wrist, x in ((14, 15, 16, -150), (11, 12, 13, 150)):
        pose[shoulder] = [x, -500, 0]
        pose[elbow], pose[wrist] = pose[shoulder] + 280 * y_down, pose[shoulder] + 530 * y_down
    standing = dict(zip(JOINT_ANGLES, joint_angles(pose)))
    assert all(abs(v) < 1e-3 for v in standing.values()), standing

    pose[3] = pose[2] + [0, 0, -450]  # right shank pointing backwards: knee bent 90 degrees
    pose[12] = pose[11] + [280, 0, 0]  # left upper arm horizontal, out to the side
    pose[13] = pose[12] + 250 * np.array([np.cos(np.pi / 4), np.sin(np.pi / 4), 0])  # forearm 45 degrees down
    bent = dict(zip(JOINT_ANGLES, joint_angles(pose[None])[0]))
    assert bent['r_knee_flexion'] == pytest.approx(90, abs=1e-3) and bent['l_knee_flexion'] == pytest.approx(0, abs=1e-3)
    assert bent['l_shoulder_elevation'] == pytest.approx(90, abs=1e-3)
    assert bent['l_elbow_flexion'] == pytest.approx(45, abs=1e-3)
    assert bent['r_hip_flexion'] == pytest.approx(0, abs=1e-3) and bent['r_elbow_flexion'] == pytest.approx(0, abs=1e-3)

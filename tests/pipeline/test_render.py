"""The 3D view: people upright on a floor grid that moves under them as they walk."""
import numpy as np

from pipeline.render import draw_3d, upright


def test_upright_stands_a_camera_frame_pose_on_the_floor(h36m_s1):
    pose = h36m_s1['pose_3d'][0]  # camera frame, y down
    shown = upright(pose, x_offset=300.0)
    assert shown[[3, 6], 1].min() == 0 and shown[10, 1] > 1000  # feet on the floor, head up
    np.testing.assert_allclose(shown[:, 0], pose[:, 0] + 300)
    np.testing.assert_allclose(shown[:, 2], -pose[:, 2])


def test_the_grid_moves_and_the_person_stays(h36m_s1):
    joints = upright(h36m_s1['pose_3d'][0])
    still = draw_3d(200, [(0, joints)])
    walked = draw_3d(200, [(0, joints)], grid_shift=(250.0, 0.0))
    empty = draw_3d(200, [])
    person = (still != empty).any(-1) & (still.max(-1) > 100)  # bright skeleton pixels, not grey grid lines
    assert person.sum() > 100
    assert (walked[person] == still[person]).all(-1).mean() > 0.9  # (anti-aliased edges blend with the grid)
    assert (walked != still).any(-1).sum() > 200  # the grid lines moved

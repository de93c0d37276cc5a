"""The 3D view: people upright on a floor grid that moves under them as they walk."""
import numpy as np

from pipeline.files.render import ViewFit, draw_3d, upright, view_plane


def test_upright_stands_a_camera_frame_pose_on_the_floor(h36m_s1):
    pose = h36m_s1['pose_3d'][0]  # camera frame, y down
    shown = upright(pose, x_offset=300.0)
    assert shown[[3, 6], 1].min() == 0 and shown[10, 1] > 1000  # feet on the floor, head up
    np.testing.assert_allclose(shown[:, 0], pose[:, 0] + 300)
    np.testing.assert_allclose(shown[:, 2], -pose[:, 2])


def test_the_grid_moves_and_the_person_stays(h36m_s1):
    joints = upright(h36m_s1['pose_3d'][0])
    still = draw_3d(200, [(0, joints)])
    walked = draw_3d(200, [(0, joints + [250.0, 0, 0])])  # a step to the right: the view follows
    empty = draw_3d(200, [])
    person = (still != empty).any(-1) & (still.max(-1) > 100)  # bright skeleton pixels, not grey grid lines
    assert person.sum() > 100
    assert (walked[person] == still[person]).all(-1).mean() > 0.9  # (anti-aliased edges blend with the grid)
    assert (walked != still).any(-1).sum() > 200  # the grid lines moved


def test_the_view_keeps_everyone_whole_and_eases_over_time(h36m_s1):
    """A group spread over 7 m, walking apart: every joint of every person stays inside the panel, and
    the view moves by small steps from frame to frame."""
    size, fit, views = 300, ViewFit(), []
    for t in range(60):
        people = [(k, upright(h36m_s1['pose_3d'][10 * k + t]) + [x * (1 + t / 60), 0, z])
                  for k, (x, z) in enumerate([(-3000, 0), (-800, -2500), (900, 1500), (3200, -400)])]
        view = fit(people)
        views.append((view.centre.copy(), view.span))
        for _, joints in people:
            px = (view_plane(joints) - view.centre) * size / view.span + size / 2
            assert (px > 0).all() and (px < size).all(), t
    steps = [np.abs(b[0] - a[0]).max() / a[1] for a, b in zip(views, views[1:])]
    assert max(steps) < 0.05  # at most 5 % of the panel per frame once the group is in view
    assert views[-1][1] > views[0][1]  # it widened as they walked apart
    assert draw_3d(size, people, view).shape == (size, size, 3)

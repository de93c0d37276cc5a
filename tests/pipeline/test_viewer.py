import numpy as np

from pipeline.geometry.skeleton import H36M
from pipeline.viewer import line_set


def test_line_set_has_every_bone_of_every_person_in_metres_y_up():
    poses = np.random.default_rng(0).normal(scale=300, size=(2, 17, 3))
    ls = line_set(poses, [(255, 0, 0), (0, 0, 255)])
    lines = np.asarray(ls.lines)
    assert len(lines) == 2 * len(H36M.bones)
    assert lines.max() == 2 * 17 - 1
    points = np.asarray(ls.points).reshape(2, 17, 3)
    np.testing.assert_allclose(points, poses * [1, -1, -1] / 1000)
    np.testing.assert_allclose(np.asarray(ls.colors)[0], [1, 0, 0])

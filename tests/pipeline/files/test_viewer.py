import numpy as np

from pipeline.geometry.skeleton import H36M
from pipeline.files.viewer import floor_grid, skeletons


def test_skeletons_have_every_bone_of_every_person_in_metres():
    poses = np.random.default_rng(0).normal(scale=300, size=(2, 17, 3))
    ls = skeletons(poses, [(255, 0, 0), (0, 0, 255)])
    lines = np.asarray(ls.lines)
    assert len(lines) == 2 * len(H36M.bones)
    assert lines.max() == 2 * 17 - 1
    np.testing.assert_allclose(np.asarray(ls.points).reshape(2, 17, 3), poses / 1000)
    np.testing.assert_allclose(np.asarray(ls.colors)[0], [1, 0, 0])
    np.testing.assert_allclose(np.asarray(ls.colors)[-1], [0, 0, 1])


def test_floor_grid_lies_on_the_floor_around_the_people():
    grid = floor_grid((2000.0, -1000.0), 1500.0)
    points = np.asarray(grid.points)
    assert len(np.asarray(grid.lines)) == 2 * 7  # 7 lines each way, 0.5 m apart over 3 m
    assert (points[:, 1] == 0).all()
    np.testing.assert_allclose(points[:, [0, 2]].min(0), [0.5, -2.5])
    np.testing.assert_allclose(points[:, [0, 2]].max(0), [3.5, 0.5])

import numpy as np
import pytest

from pipeline import metrics
from pipeline.geometry.transforms import rotation_matrix


def test_mpjpe_hand_computed():
    target = np.zeros((1, 2, 3))
    pred = np.array([[[3.0, 4.0, 0.0], [0.0, 0.0, 1.0]]])
    assert metrics.mpjpe(pred, target)[0] == pytest.approx((5 + 1) / 2)


def test_p_mpjpe_ignores_similarity_but_mpjpe_does_not():
    target = np.random.default_rng(0).normal(scale=200, size=(5, 17, 3))
    pred = 1.3 * target @ rotation_matrix(0.5, 0.2).T + 40
    assert metrics.p_mpjpe(pred, target).max() < 1e-6
    assert metrics.mpjpe(pred, target).min() > 10


def test_n_mpjpe_removes_scale_only():
    target = np.random.default_rng(1).normal(size=(3, 17, 3))
    assert metrics.n_mpjpe(2 * target, target).max() < 1e-9


def test_error_decomposition_tells_tilt_from_turn():
    target = np.random.default_rng(6).normal(scale=200, size=(2, 17, 3))
    target -= target[:, :1]  # root-relative, as the protocol scores it
    up = np.array([[0.0, -1.0, 0.0]] * 2)  # the camera's -y axis points up
    turned = target @ rotation_matrix(np.radians(25)).T  # 25 degrees about the vertical: no tilt
    parts = metrics.error_decomposition(turned, target, up)
    np.testing.assert_allclose(parts['rotation_deg'], 25, atol=1e-6)
    assert parts['tilt_deg'].max() < 1e-4 and parts['mpjpe_without_rotation'].max() < 1e-6
    np.testing.assert_allclose(parts['mpjpe_without_tilt'], metrics.mpjpe(turned, target), atol=1e-6)
    # 8 degrees about the horizontal x axis, then 30 about the vertical: the tilt is the 8 alone.
    R = rotation_matrix(np.radians(30), np.radians(8))
    expected = np.degrees(np.arccos((np.trace(R) - 1) / 2))  # the composite angle, by hand from its trace
    parts = metrics.error_decomposition(1.2 * target @ R.T, target, up)
    np.testing.assert_allclose(parts['rotation_deg'], expected, atol=1e-6)
    np.testing.assert_allclose(parts['tilt_deg'], 8, atol=1e-6)
    assert parts['mpjpe_without_tilt'].min() > parts['mpjpe_without_rotation'].max()


def test_pck_and_auc():
    target = np.zeros((1, 4, 3))
    pred = np.array([[[0, 0, 0], [100, 0, 0], [149, 0, 0], [200, 0, 0]]], float)
    assert metrics.pck3d(pred, target)[0] == pytest.approx(0.75)
    assert 0 < metrics.auc3d(pred, target)[0] < 0.75


def test_mpjve_and_acceleration():
    t = np.arange(4, dtype=float)[:, None, None] * np.ones((4, 2, 3))
    assert metrics.mpjve(t, t).max() == 0
    assert metrics.mpjve(t + np.array([0, 1, 0, 0])[:, None, None] * [1, 0, 0], t)[0] == pytest.approx(1)
    assert metrics.mean_acceleration(t) == pytest.approx(0)


def test_per_action_means_average_actions_not_poses():
    table, mean = metrics.per_action_means(np.array([1.0, 3.0, 10.0]), ['Walking', 'Walking', 'Eating'])
    assert table == {'Eating': 10.0, 'Walking': 2.0}
    assert mean == pytest.approx(6.0)  # not 14/3


def test_action_names_merge_takes():
    assert metrics.action_name('Walking 1') == 'Walking' == metrics.action_name('Walking')

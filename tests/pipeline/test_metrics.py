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

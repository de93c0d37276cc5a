import math

import numpy as np
import torch

from pipeline.geometry.transforms import (back_project, normalize_2d, procrustes_align, project_from_distance,
                                          random_rotation, root_relative, rotation_about, rotation_angle,
                                          rotation_between, rotation_matrix)


def test_procrustes_undoes_a_similarity_transform():
    rng = np.random.default_rng(0)
    target = rng.normal(size=(8, 17, 3))
    R = rotation_matrix(0.7, 0.3, -0.4)
    pred = 2.5 * target @ R.T + [10, -5, 3]
    np.testing.assert_allclose(procrustes_align(pred, target), target, atol=1e-9)


def test_procrustes_never_reflects():
    rng = np.random.default_rng(1)
    target = rng.normal(size=(4, 17, 3))
    mirrored = target * [-1, 1, 1]
    aligned = procrustes_align(mirrored, target)
    assert np.abs(aligned - target).mean() > 0.05  # a reflection would have matched exactly


def test_procrustes_numpy_and_torch_agree():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(2, 6, 17, 3))
    np.testing.assert_allclose(procrustes_align(a, b),
                               procrustes_align(torch.from_numpy(a), torch.from_numpy(b)).numpy(), atol=1e-10)


def test_rotations_are_proper():
    R = random_rotation(100, generator=torch.Generator().manual_seed(0))
    np.testing.assert_allclose((R @ R.transpose(1, 2)).numpy(), np.broadcast_to(np.eye(3), (100, 3, 3)), atol=1e-5)
    np.testing.assert_allclose(torch.linalg.det(R).numpy(), 1, atol=1e-5)
    # Azimuth pi/2 about the vertical axis sends x to -z.
    np.testing.assert_allclose(rotation_matrix(math.pi / 2) @ [1, 0, 0], [0, 0, -1], atol=1e-12)


def test_rotation_about_an_axis_keeps_the_axis_and_turns_the_rest_by_the_angle():
    axis, angle = torch.randn(6, 3, dtype=torch.float64), torch.rand(6, dtype=torch.float64) * 3
    R = rotation_about(axis, angle)
    torch.testing.assert_close(R @ R.transpose(1, 2), torch.eye(3, dtype=R.dtype).expand(6, 3, 3))
    torch.testing.assert_close((R @ axis[:, :, None])[..., 0], axis)
    torch.testing.assert_close(rotation_angle(R), angle)
    # About the vertical axis it is rotation_matrix's azimuth; about any axis, conjugate to it.
    torch.testing.assert_close(rotation_about(torch.tensor([[0.0, 1, 0]]), torch.tensor([0.4]))[0].numpy(),
                               rotation_matrix(0.4).astype(np.float32))
    to_y = rotation_between(axis, torch.tensor([0.0, 1, 0], dtype=axis.dtype).expand_as(axis))
    torch.testing.assert_close(R, to_y.transpose(1, 2) @ rotation_matrix(angle) @ to_y)


def test_normalize_2d_ignores_position_and_size():
    pose = np.random.default_rng(3).normal(size=(3, 17, 2))
    np.testing.assert_allclose(normalize_2d(pose * 7 + [100, 50]), normalize_2d(pose), atol=1e-10)
    n = normalize_2d(pose)
    np.testing.assert_allclose(n[:, 0], 0)
    np.testing.assert_allclose((n ** 2).sum(-1).mean(-1), 1)
    assert (root_relative(pose)[:, 0] == 0).all()


def test_back_project_is_the_inverse_of_projection():
    """Points put back on the camera rays of a 2D pose project onto it again, and keep their depths."""
    torch.manual_seed(0)
    pose2d, depth = torch.randn(5, 17, 2), torch.rand(5, 17, 1) - 0.5
    points = back_project(pose2d, depth, 5.0)
    assert torch.equal(points[..., 2:], depth)
    torch.testing.assert_close(project_from_distance(points, 5.0), pose2d)
    # A point 0.5 behind the root plane is 10 % farther out than its image (5.5 / 5).
    torch.testing.assert_close(back_project(torch.ones(1, 1, 2), torch.full((1, 1, 1), 0.5), 5.0)[0, 0, :2],
                               torch.full((2,), 1.1))

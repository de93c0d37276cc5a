"""Pose normalisation, Procrustes alignment and random rotations, for numpy arrays and torch tensors.

Procrustes is written once, in torch (batched SVD); `procrustes_align` takes and returns numpy too.
"""
import math

import numpy as np
import torch

from pipeline.geometry.skeleton import H36M

ROOT = 0  # the pelvis is joint 0 of the Human3.6M layout


def mirrored(pose):
    """Poses (..., 17, D) of the Human3.6M layout, 2D or 3D, mirrored left-right: x -> -x and every left
    joint swapped with its right twin (a horizontally flipped image's pose, in coordinates centred on x = 0)."""
    sign = torch.ones(pose.shape[-1], dtype=pose.dtype, device=pose.device)
    sign[0] = -1
    return pose[..., torch.as_tensor(H36M.flip_permutation, device=pose.device), :] * sign


def root_relative(pose, root=ROOT):
    """(N, *, J, D) -> the same with the root joint at the origin."""
    return pose - pose[..., root:root + 1, :]


def pose_scale(pose2d, root=ROOT, eps=1e-6):
    """(N, *, J, 2) -> (N, *, 1, 1) RMS distance of the joints from the root.

    Why RMS over all joints: it is defined for any pose, does not vanish when one bone is
    foreshortened, and is what a 2D lifter needs to become independent of the person's pixel size.
    """
    centred = pose2d - pose2d[..., root:root + 1, :]
    if isinstance(pose2d, torch.Tensor):
        return centred.pow(2).sum(-1).mean(-1)[..., None, None].sqrt().clamp_min(eps)
    return np.maximum(np.sqrt((centred ** 2).sum(-1).mean(-1))[..., None, None], eps)


def pose_extent(pose2d, root=ROOT, eps=1e-6):
    """(N, *, J, 2) -> (N, *, 1, 1) largest |coordinate| of the root-centred pose (TIPSy's [-1, 1] scaling)."""
    centred = pose2d - pose2d[..., root:root + 1, :]
    if isinstance(pose2d, torch.Tensor):
        return centred.abs().flatten(-2).amax(-1)[..., None, None].clamp_min(eps)
    return np.maximum(np.abs(centred).reshape(*centred.shape[:-2], -1).max(-1)[..., None, None], eps)


def head_height(pose2d, root=ROOT, head=10):
    """(N, *, J, 2) -> (N, *, 1, 1) root-to-head distance (Human3.6M joint 10), the VAE-GAN lifter's unit,
    floored at a quarter of the pose's extent: a trunk foreshortened to a point must not blow the pose up."""
    d = pose2d[..., head, :] - pose2d[..., root, :]
    floor = pose_extent(pose2d, root) / 4
    if isinstance(pose2d, torch.Tensor):
        return torch.maximum(d.norm(dim=-1)[..., None, None], floor)
    return np.maximum(np.linalg.norm(d, axis=-1)[..., None, None], floor)


SCALES = {'rms': pose_scale, 'max': pose_extent, 'head': head_height}


def normalize_2d(pose2d, root=ROOT, scale='rms'):
    """(N, *, J, 2) pixels -> root at the origin and scale 1: 'rms' distance from the root, 'max' |coordinate|
    or 'head' root-to-head distance."""
    return root_relative(pose2d, root) / SCALES[scale](pose2d, root)


def procrustes_torch(pred, target):
    """The similarity that best maps pred onto target, (N, J, 3) x2 -> (scale (N, 1, 1), rotation R (N, 3, 3),
    centroids mu_pred, mu_target (N, 1, 3)), with target ~ scale * (pred - mu_pred) @ R + mu_target."""
    assert pred.shape == target.shape and pred.shape[-1] == 3
    mu_p, mu_t = pred.mean(-2, keepdim=True), target.mean(-2, keepdim=True)
    p, t = pred - mu_p, target - mu_t
    norm_p = p.flatten(-2).norm(dim=-1)[..., None, None].clamp_min(1e-9)
    norm_t = t.flatten(-2).norm(dim=-1)[..., None, None].clamp_min(1e-9)
    p, t = p / norm_p, t / norm_t
    U, S, Vh = torch.linalg.svd(p.transpose(-1, -2) @ t)  # (N, 3, 3)
    # Flip the last singular vector where needed so the result is a rotation, not a reflection.
    sign = torch.sign(torch.linalg.det(U @ Vh))
    Vh = torch.cat([Vh[..., :2, :], Vh[..., 2:, :] * sign[..., None, None]], -2)
    S = torch.cat([S[..., :2], S[..., 2:] * sign[..., None]], -1)
    return S.sum(-1)[..., None, None] * norm_t / norm_p, U @ Vh, mu_p, mu_t


def procrustes_align_torch(pred, target):
    """Rigid alignment with scale of pred onto target: (N, J, 3) x2 -> (N, J, 3) aligned pred."""
    scale, R, mu_p, mu_t = procrustes_torch(pred, target)
    return scale * (pred - mu_p) @ R + mu_t


def _cross_matrix(v):
    """(..., 3) -> (..., 3, 3) [v]x, the matrix of the cross product v x ."""
    zero = torch.zeros_like(v[..., 0])
    return torch.stack([torch.stack(row, -1) for row in ((zero, -v[..., 2], v[..., 1]), (v[..., 2], zero, -v[..., 0]),
                                                         (-v[..., 1], v[..., 0], zero))], -2)


def rotation_between(a, b):
    """(..., 3) directions a and b -> (..., 3, 3) the least rotation R with R @ a along b (a != -b)."""
    a, b = a / a.norm(dim=-1, keepdim=True), b / b.norm(dim=-1, keepdim=True)
    # Rodrigues: I + [v]x + [v]x^2 / (1 + a.b), v = a x b.
    K, cos = _cross_matrix(torch.cross(a, b, dim=-1)), (a * b).sum(-1)
    return torch.eye(3, dtype=a.dtype, device=a.device).expand_as(K) + K + K @ K / (1 + cos)[..., None, None]


def rotation_about(axis, angle):
    """(..., 3) axes and (...) angles in radians -> (..., 3, 3) right-handed rotations about them."""
    K = _cross_matrix(axis / axis.norm(dim=-1, keepdim=True))
    angle = angle[..., None, None]
    return torch.eye(3, dtype=K.dtype, device=K.device).expand_as(K) + angle.sin() * K + (1 - angle.cos()) * K @ K


def rotation_angle(R):
    """(..., 3, 3) rotations -> (...) their angles in radians."""
    return torch.arccos(((R.diagonal(dim1=-2, dim2=-1).sum(-1) - 1) / 2).clamp(-1, 1))


def procrustes_align(pred, target):
    """Same as procrustes_align_torch for numpy arrays (computed in float64)."""
    if isinstance(pred, torch.Tensor):
        return procrustes_align_torch(pred, target)
    aligned = procrustes_align_torch(torch.from_numpy(np.asarray(pred, np.float64)),
                                     torch.from_numpy(np.asarray(target, np.float64)))
    return aligned.numpy()


def rotation_matrix(azimuth, elevation=0.0, roll=0.0):
    """Rotation about the camera's vertical axis (y), then its horizontal axis (x), then z; radians.

    Works on torch tensors of shape (N,) (returns (N, 3, 3)) and on floats (returns (3, 3) numpy).
    """
    if not isinstance(azimuth, torch.Tensor):
        return rotation_matrix(*(torch.tensor([float(a)], dtype=torch.float64)
                                 for a in (azimuth, elevation, roll)))[0].numpy()
    elevation = torch.as_tensor(elevation, dtype=azimuth.dtype).expand_as(azimuth)
    roll = torch.as_tensor(roll, dtype=azimuth.dtype).expand_as(azimuth)
    zero, one = torch.zeros_like(azimuth), torch.ones_like(azimuth)

    def mat(rows):
        return torch.stack([torch.stack(r, -1) for r in rows], -2)

    ca, sa, ce, se, cr, sr = (f(a) for a in (azimuth, elevation, roll) for f in (torch.cos, torch.sin))
    Ry = mat([[ca, zero, sa], [zero, one, zero], [-sa, zero, ca]])
    Rx = mat([[one, zero, zero], [zero, ce, -se], [zero, se, ce]])
    Rz = mat([[cr, -sr, zero], [sr, cr, zero], [zero, zero, one]])
    return Rz @ Rx @ Ry


def random_rotation(n, max_azimuth=math.pi, max_elevation=math.pi / 18, generator=None, device=None):
    """(n, 3, 3) rotations with azimuth uniform in [-max_azimuth, max_azimuth] and elevation likewise."""
    u = torch.rand(n, 2, generator=generator, device=device) * 2 - 1
    return rotation_matrix(u[:, 0] * max_azimuth, u[:, 1] * max_elevation)


def project_from_distance(pose, distance):
    """Perspective view of root-centred poses (N, *, J, 3) placed `distance` in front of a unit camera
    (looking down +z) -> (N, *, J, 2), scaled by `distance` so the root's depth plane keeps its size."""
    return pose[..., :2] * (distance / (distance + pose[..., 2:]).clamp_min(1e-3 * distance))


def back_project(pose2d, depth, distance):
    """The inverse of project_from_distance: 2D (N, *, J, 2) and each joint's depth (N, *, J, 1) -> the 3D
    points on those camera rays (N, *, J, 3), which project back onto the 2D exactly."""
    return torch.cat([pose2d * (distance + depth) / distance, depth], -1)


def rotate(pose, R):
    """(..., J, 3) poses rotated by (..., 3, 3) rotations about the origin."""
    return pose @ R.transpose(-1, -2)

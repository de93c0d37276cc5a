"""Cameras: world <-> camera frames, projection (with Human3.6M's lens distortion) and screen coordinates.

Conventions (those of the Human3.6M release): a world point X (mm) is X_cam = R @ (X - T) in the
camera frame; pixels are f * distort(X_cam[:2] / X_cam[2]) + c.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from pipeline.errors import UserError
from pipeline.geometry.transforms import rotation_between


@dataclass(frozen=True)
class Camera:
    R: np.ndarray  # (3, 3) world -> camera rotation
    T: np.ndarray  # (3,) camera centre in world coordinates, mm
    f: np.ndarray  # (2,) focal lengths, px
    c: np.ndarray  # (2,) principal point, px
    k: np.ndarray = field(default_factory=lambda: np.zeros(3))  # radial distortion
    p: np.ndarray = field(default_factory=lambda: np.zeros(2))  # tangential distortion
    width: int = 0
    height: int = 0

    @classmethod
    def from_dict(cls, d):
        return cls(**{key: np.asarray(d[key], np.float64) if key not in ('width', 'height') else int(d[key])
                      for key in ('R', 'T', 'f', 'c', 'k', 'p', 'width', 'height') if key in d})


def load_cameras(path):
    """Human3.6M camera file -> {subject: {camera id: Camera}}."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f'camera file not found: {path}')
    try:
        raw = json.loads(path.read_text())
        return {subject: {cam_id: Camera.from_dict(d) for cam_id, d in cams.items()}
                for subject, cams in raw.items()}
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise UserError(f'{path} is not a Human3.6M camera file ({e})') from None


def world_to_camera(X, cam):
    """(N, *, 3) world mm -> (N, *, 3) camera-frame mm."""
    assert X.shape[-1] == 3
    return (np.asarray(X, np.float64) - cam.T) @ cam.R.T


def camera_to_world(X, cam):
    """(N, *, 3) camera-frame mm -> (N, *, 3) world mm. Inverse of world_to_camera."""
    assert X.shape[-1] == 3
    return np.asarray(X, np.float64) @ cam.R + cam.T


def project(X, cam, distort=True):
    """(N, *, 3) camera-frame points -> (N, *, 2) pixels, with Human3.6M's radial/tangential model."""
    assert X.shape[-1] == 3
    xy = X[..., :2] / X[..., 2:3]
    if distort:
        r2 = (xy ** 2).sum(-1, keepdims=True)
        radial = 1 + cam.k[0] * r2 + cam.k[1] * r2 ** 2 + cam.k[2] * r2 ** 3
        tangential = cam.p[0] * xy[..., 1:2] + cam.p[1] * xy[..., 0:1]
        # The release's model: x' = x (radial + tan) + p2 r2, y' = y (radial + tan) + p1 r2.
        xy = xy * (radial + tangential) + r2 * cam.p[::-1]
    return cam.f * xy + cam.c


def unproject(uv, depth, cam):
    """(N, *, 2) undistorted pixels and (N, *) depths (mm) -> (N, *, 3) camera-frame points.

    Inverse of project(..., distort=False).
    """
    assert uv.shape[-1] == 2 and uv.shape[:-1] == np.shape(depth)
    xy = (uv - cam.c) / cam.f
    return np.concatenate([xy * depth[..., None], np.asarray(depth)[..., None]], -1)


def root_position(pose, uv, f, c, weights=None):
    """Where the person stands: root-relative poses (N, J, 3) in the camera frame (mm) and their keypoints
    (N, J, 2) in pixels of a camera with focal lengths f and principal point c ((2,) or (N, 2)) -> the
    root's camera-frame position (N, 3) mm that best places each pose on its keypoints' rays.

    For a joint P + t seen at normalised (x, y) = ((u, v) - c) / f, perspective asks x (Z + t_z) = X + t_x
    and y (Z + t_z) = Y + t_y: two equations linear in t per joint, solved by weighted least squares
    (weights (N, J), e.g. the joints' reliability; at least two joints must weigh). The pose's size sets
    the distance, so a lifter's human-size prior carries into it.
    """
    pose, uv = np.asarray(pose, np.float64), np.asarray(uv, np.float64)
    assert pose.shape[-1] == 3 and uv.shape == pose.shape[:-1] + (2,), (pose.shape, uv.shape)
    xy = (uv - np.asarray(c, np.float64)[..., None, :]) / np.asarray(f, np.float64)[..., None, :]  # (N, J, 2)
    w = np.ones(pose.shape[:-1]) if weights is None else np.asarray(weights, np.float64)
    A = np.zeros(xy.shape + (3,))  # (N, J, 2, 3): rows [1, 0, -x] and [0, 1, -y]
    A[..., 0, 0] = A[..., 1, 1] = 1.0
    A[..., 2] = -xy
    b = xy * pose[..., 2:] - pose[..., :2]  # (N, J, 2)
    AtA = np.einsum('nj,njri,njrk->nik', w, A, A)
    Atb = np.einsum('nj,njri,njr->ni', w, A, b)
    return np.linalg.solve(AtA + 1e-9 * np.eye(3), Atb[..., None])[..., 0]


def normalize_screen_coordinates(uv, width, height):
    """Pixels -> [-1, 1] along the width, aspect ratio kept (VideoPose3D's convention)."""
    assert uv.shape[-1] == 2
    return uv / width * 2 - np.array([1, height / width])


def image_coordinates(xy, width, height):
    """Inverse of normalize_screen_coordinates."""
    assert xy.shape[-1] == 2
    return (xy + np.array([1, height / width])) * width / 2


def assumed_intrinsics(width, height, focal=None):
    """(f, c) for a video whose camera is unknown: the principal point at the image centre and, unless
    given, a focal length of the longer image side in pixels (a 53-degree field of view across it,
    between Human3.6M's 47 and a phone's or webcam's 60-70)."""
    focal = float(focal or max(width, height))
    return np.array([focal, focal], np.float32), np.array([width / 2, height / 2], np.float32)


def rotation_onto_optical_axis(ray):
    """(..., 3) ray directions in front of the camera -> (..., 3, 3) the least rotation about the camera
    centre that turns each onto the optical axis (R @ ray ∝ (0, 0, 1))."""
    return rotation_between(ray, torch.tensor([0.0, 0.0, 1.0], dtype=ray.dtype, device=ray.device).expand_as(ray))


def look_at_root(uv, f, c, root=0):
    """Keypoints (..., J, 2) in pixels of a camera with focal lengths f and principal point c ((..., 2) or
    (2,)) -> the same keypoints seen by a virtual camera at the same centre turned to look straight at the
    root joint (normalised coordinates x/z, y/z), and R (..., 3, 3), the real camera frame -> virtual.

    Why: a person off the image centre is seen obliquely, and a lifter that only sees root-centred 2D
    cannot know by how much; in the virtual camera every person is seen head-on, and R.T turns the
    lifted 3D back into the real camera's frame (perspective crop normalisation).
    """
    uv = torch.as_tensor(uv)
    f, c = (torch.as_tensor(v, dtype=uv.dtype, device=uv.device)[..., None, :] for v in (f, c))
    rays = torch.cat([(uv - c) / f, torch.ones_like(uv[..., :1])], -1)
    R = rotation_onto_optical_axis(rays[..., root, :])
    seen = rays @ R.transpose(-1, -2)
    return seen[..., :2] / seen[..., 2:], R

"""The floor under the people of a video: which way is up and how high the camera is, in its own frame.

Lifted poses and root positions are in the camera's frame (x right, y down, z forward), tilted against
gravity by however the camera was held. People stand on the floor, so in each frame the lower foot
(the one carrying the weight) lies on one plane. Fitting that plane gives the up direction and the
camera's height, and with them a gravity-aligned world frame (y up, the floor at y = 0) in which an
animation stands upright on its floor. A prior keeps the fit sane when the feet barely move: up is
near the mean direction of the spine (pelvis to thorax), which is about vertical for people standing,
walking or sitting. The camera must be static (as for the root positions themselves); a large `spread`
of the contacts' heights says that no floor was found.
"""
from dataclasses import dataclass

import numpy as np

from pipeline.geometry.skeleton import H36M

ANKLE_HEIGHT_MM = 80.0  # Human3.6M's foot joints are ankles, about 8 cm above the floor they stand on
FEET = (H36M.index('RFoot'), H36M.index('LFoot'))
ROOT, THORAX = H36M.index('Hip'), H36M.index('Thorax')


@dataclass
class Ground:
    up: np.ndarray  # (3,) unit vector, camera frame
    camera_height: float  # mm above the floor
    contacts: int  # foot contacts the fit rests on (after re-weighting); 0: up is the prior alone
    spread: float = float('nan')  # mm, a robust standard deviation of the contacts' heights about the floor

    def camera_to_world(self):
        """-> (R (3, 3), t (3,)) with world = R @ camera + t: y up, the floor at y = 0, the origin on the
        floor below the camera, x along the camera's right, z pointing back towards the camera (right-handed)."""
        x = np.array([1.0, 0.0, 0.0])
        x = x - (x @ self.up) * self.up
        x /= np.linalg.norm(x)
        R = np.stack([x, self.up, np.cross(x, self.up)])
        return R, np.array([0.0, self.camera_height, 0.0])

    def to_world(self, points):
        """(..., 3) camera-frame mm -> world-frame mm."""
        R, t = self.camera_to_world()
        return np.asarray(points, np.float64) @ R.T + t


def fit_ground(poses, roots, fps, prior_deg=10.0, noise_mm=30.0, min_contacts=10, iterations=5):
    """Root-relative poses and their roots in the camera's frame, one array per person ((T, 17, 3) and
    (T, 3), mm) -> Ground, or None without any pose.

    Each frame's lower foot is a contact point. The plane through them is a least-squares fit of its normal
    around the prior (a Gaussian of `prior_deg` on its tilt, against `noise_mm` of height noise per
    independent contact; contacts within half a second count as one, since lifting errors persist from
    frame to frame), re-weighted with Tukey's biweight so that lifted feet and mis-lifted frames drop out.
    On Human3.6M's true poses with 30 mm of noise added (tools/benchmark_ground.py), up is off by 1.4
    degrees on average for people walking, 1.9 for people standing and 6.1 for people sitting (whose feet
    are often off the floor).
    """
    points = [np.asarray(p, np.float64) + np.asarray(r, np.float64)[:, None] for p, r in zip(poses, roots) if len(p)]
    if not points:
        return None
    joints = np.concatenate(points)  # (N, 17, 3)
    joints = joints[np.isfinite(joints).all((1, 2))]
    if not len(joints):  # no usable pose: the camera's own axes, which claim nothing
        return Ground(np.array([0.0, -1.0, 0.0]), 0.0, 0)
    axis = joints[:, THORAX] - joints[:, ROOT]
    prior = (axis / np.linalg.norm(axis, axis=-1, keepdims=True)).sum(0)
    prior /= np.linalg.norm(prior)
    feet = joints[:, FEET]  # (N, 2, 3)
    contacts = feet[np.arange(len(feet)), np.argmin(feet @ prior, 1)]  # (N, 3)
    if len(contacts) < min_contacts:
        return Ground(prior, ANKLE_HEIGHT_MM - float(np.median(contacts @ prior)), 0)
    # The normal as prior + a e1 + b e2, and the plane's offset d: r = (prior + a e1 + b e2) . p - d is
    # linear in (a, b, d); a and b are the tangents of the tilt away from the prior.
    e1 = np.cross(prior, [1.0, 0.0, 0.0] if abs(prior[0]) < 0.9 else [0.0, 1.0, 0.0])
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(prior, e1)
    A = np.stack([contacts @ e1, contacts @ e2, -np.ones(len(contacts))], 1)
    b = -(contacts @ prior)
    ridge = np.diag([1.0, 1.0, 0.0]) * (noise_mm / np.tan(np.radians(prior_deg))) ** 2 * max(1.0, fps / 2)
    weights = np.ones(len(contacts))
    for _ in range(iterations):
        Aw = A * weights[:, None]
        a1, a2, d = np.linalg.solve(Aw.T @ A + ridge, Aw.T @ b)
        residual = A @ [a1, a2, d] - b
        spread = 1.4826 * np.median(np.abs(residual))
        scale = max(4.685 * spread, noise_mm)  # Tukey's c
        # A foot is lifted off the floor, never sunk into it: contacts above the plane are the suspects.
        weights = np.clip(1 - (residual / np.where(residual > 0, scale / 3, scale)) ** 2, 0, None) ** 2
    normal = prior + a1 * e1 + a2 * e2
    n = np.linalg.norm(normal)
    return Ground(normal / n, ANKLE_HEIGHT_MM - d / n, int((weights > 0).sum()), float(spread / n))


"""Pose metrics in the units of the input (mm for Human3.6M), and per-action aggregation.

All take (N, J, 3) predictions and targets that are already root-relative where the protocol wants it.
"""
import numpy as np
import torch

from pipeline.geometry.transforms import procrustes_align, procrustes_torch, rotate, rotation_angle, rotation_between


def mpjpe(pred, target):
    """Protocol 1: mean per-joint position error, per pose -> (N,)."""
    assert pred.shape == target.shape
    return np.linalg.norm(pred - target, axis=-1).mean(-1)


def p_mpjpe(pred, target):
    """Protocol 2: MPJPE after rigid Procrustes alignment with scale -> (N,)."""
    return mpjpe(procrustes_align(pred, target), target)


def error_decomposition(pred, target, up):
    """How much of P1 is the pose's orientation. Root-relative (N, J, 3) poses and the world's up
    direction (N, 3) in each pose's frame -> per pose (N,): 'rotation_deg', the angle of Protocol 2's
    rotation; 'tilt_deg', that of its part that moves the up axis (the least rotation putting the
    prediction's up back where the truth's is); P1 after undoing each with the ground truth's help,
    'mpjpe_without_rotation' and 'mpjpe_without_tilt' (N-MPJPE is the same for scale)."""
    p, t, up = (torch.from_numpy(np.asarray(a, np.float64)) for a in (pred, target, up))
    rotation = procrustes_torch(p, t)[1].transpose(-1, -2)  # p @ R ~ t, so R.T turns the prediction onto the truth
    tilt = rotation_between(up, (rotation @ up[..., None])[..., 0])
    return {'rotation_deg': np.degrees(rotation_angle(rotation).numpy()),
            'tilt_deg': np.degrees(rotation_angle(tilt).numpy()),
            'mpjpe_without_rotation': mpjpe(rotate(p, rotation).numpy(), target),
            'mpjpe_without_tilt': mpjpe(rotate(p, tilt).numpy(), target)}


def n_mpjpe(pred, target):
    """MPJPE after the least-squares scale of pred onto target (Rhodin et al. 2018) -> (N,)."""
    scale = (pred * target).sum((-1, -2)) / np.maximum((pred * pred).sum((-1, -2)), 1e-12)
    return mpjpe(scale[:, None, None] * pred, target)


def pck3d(pred, target, threshold=150.0):
    """Fraction of joints within `threshold` mm, per pose -> (N,)."""
    return (np.linalg.norm(pred - target, axis=-1) <= threshold).mean(-1)


def auc3d(pred, target, thresholds=np.linspace(0, 150, 31)):
    """Area under the 3D PCK curve over 0-150 mm (normalised to 1), per pose -> (N,)."""
    return np.mean([pck3d(pred, target, t) for t in thresholds], axis=0)


def mpjve(pred, target):
    """Mean per-joint velocity error over consecutive frames of ONE sequence -> (N-1,).

    Frame-to-frame differences, so it measures jitter; the inputs must be in time order.
    """
    assert pred.shape == target.shape and len(pred) >= 2
    return np.linalg.norm(np.diff(pred, axis=0) - np.diff(target, axis=0), axis=-1).mean(-1)


def mean_acceleration(poses):
    """Mean joint acceleration magnitude of one sequence (N, J, 3), per frame^2: a jitter measure."""
    return float(np.linalg.norm(np.diff(poses, n=2, axis=0), axis=-1).mean()) if len(poses) > 2 else 0.0


def action_name(sequence):
    """'Walking 1' -> 'Walking': the second take of an action counts towards the same action."""
    return sequence.split(' ')[0]


def per_action_means(values, actions):
    """Average `values` (N,) within each action, then over actions (the literature's convention).

    Returns ({action: mean}, mean over actions).
    """
    names, group = np.unique(np.asarray(actions), return_inverse=True)
    means = np.bincount(group, weights=values) / np.bincount(group)
    table = {str(a): float(m) for a, m in zip(names, means)}
    return table, float(means.mean()) if len(means) else float('nan')

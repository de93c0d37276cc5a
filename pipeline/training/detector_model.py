"""What an unseen 2D detector does to keypoints: a training augmentation for lifters that meet detectors
they were never trained on.

Two effects, measured on real detectors against motion capture:
- Convention. Each detector's training labels put some joints elsewhere than motion capture does: hip
  landmarks on the body's surface (wider and higher than the hip-joint centres), the pelvis, spine and
  thorax somewhere along the trunk, the neck and head somewhere along the neck. Limb ends agree. Modelled
  as per-joint displacements in the body's own frame (along the trunk, across the hips, along the neck),
  drawn once per sequence, in units of the person's own trunk and neck lengths.
- Noise. Per frame, heavy-tailed (Student's t, plus rare gross errors such as a joint snapping to the
  wrong limb) and correlated in time (a detector's error drifts over frames rather than flickering).

The ranges below are set from the bundled detector's per-joint offsets against motion capture (about
0.1-0.15 of the trunk at the hips, spine and head, under 0.05 at the limb ends), widened so one model
covers detectors whose conventions we have not seen. They were not fitted to any test detector.
"""
import torch

from pipeline.geometry.skeleton import H36M

HIP, RHIP, LHIP, SPINE, THORAX, NECK, HEAD = (H36M.index(n) for n in
                                              ('Hip', 'RHip', 'LHip', 'Spine', 'Thorax', 'Neck/Nose', 'Head'))
SHOULDERS = [H36M.index('LShoulder'), H36M.index('RShoulder')]

# (low, high) of a uniform draw per sequence, in trunk (hip centre to thorax) or neck (thorax to head) lengths.
HIP_OUTWARD = (-0.10, 0.20)   # each hip away from the other (surface landmarks sit wider)
HIP_UP = (-0.10, 0.20)        # both hips along the trunk (surface landmarks sit higher)
PELVIS_UP = (-0.05, 0.05)     # the pelvis beyond the hips' mean
SPINE_UP = (-0.15, 0.15)
THORAX_UP = (-0.10, 0.10)
SHOULDERS_UP = (-0.05, 0.05)
NECK_ALONG = (-0.25, 0.20)    # along the neck, thorax -> head
HEAD_ALONG = (-0.30, 0.15)
NOISE = (0.0, 0.04)           # per-sequence scale of the per-frame noise, in trunk lengths
NOISE_DOF = 3.0               # Student's t degrees of freedom: heavy tails
CORRELATION = (0.0, 0.95)     # per-sequence AR(1) coefficient of the noise from frame to frame
GROSS_PROB = 0.005            # chance per joint and frame of a gross error ...
GROSS_SIZE = 0.5              # ... of about this many trunk lengths


def _uniform(bounds, shape, device):
    low, high = bounds
    return low + (high - low) * torch.rand(shape, device=device)


def _unit(v, eps=1e-6):
    length = v.norm(dim=-1, keepdim=True).clamp_min(eps)
    return v / length, length


def simulate_detector(keypoints):
    """2D poses (B, T, 17, 2) (T frames of one sequence each; any units, any normalisation) -> the same
    poses as an unseen detector might report them: per-sequence convention offsets in the body's frame,
    then correlated heavy-tailed per-frame noise. The caller re-normalises (the pelvis moves)."""
    B, T, device = keypoints.shape[0], keypoints.shape[1], keypoints.device
    up, trunk = _unit(keypoints[:, :, THORAX] - keypoints[:, :, HIP])          # (B, T, 2), (B, T, 1)
    across, _ = _unit(keypoints[:, :, RHIP] - keypoints[:, :, LHIP])
    along_neck, neck = _unit(keypoints[:, :, HEAD] - keypoints[:, :, THORAX])

    def draw(bounds):  # one value per sequence, constant over its frames
        return _uniform(bounds, (B, 1, 1), device)

    out = keypoints.clone()
    hip_up = draw(HIP_UP) * trunk * up
    outward = draw(HIP_OUTWARD) * trunk * across
    out[:, :, RHIP] += hip_up + outward
    out[:, :, LHIP] += hip_up - outward
    out[:, :, HIP] += hip_up + draw(PELVIS_UP) * trunk * up
    out[:, :, SPINE] += draw(SPINE_UP) * trunk * up
    out[:, :, THORAX] += draw(THORAX_UP) * trunk * up
    out[:, :, SHOULDERS] += (draw(SHOULDERS_UP) * trunk * up)[:, :, None]
    out[:, :, NECK] += draw(NECK_ALONG) * neck * along_neck
    out[:, :, HEAD] += draw(HEAD_ALONG) * neck * along_neck

    t_noise = torch.distributions.StudentT(NOISE_DOF).sample(out.shape).to(device)
    rho = _uniform(CORRELATION, (B, 1, 1), device)
    drift = [t_noise[:, 0]]
    for t in range(1, T):  # AR(1) with unit stationary variance: correlated over frames, same spread
        drift.append(rho * drift[-1] + (1 - rho ** 2).sqrt() * t_noise[:, t])
    noise = torch.stack(drift, 1) * _uniform(NOISE, (B, 1, 1, 1), device)
    gross = (torch.rand(out.shape[:-1] + (1,), device=device) < GROSS_PROB) * torch.randn_like(out) * GROSS_SIZE
    return out + (noise + gross) * trunk[:, :, None]

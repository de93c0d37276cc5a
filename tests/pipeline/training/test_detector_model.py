import numpy as np
import pytest
import torch

from pipeline.training import detector_model
from pipeline.geometry.skeleton import H36M

CONVENTION_JOINTS = [H36M.index(n) for n in ('Hip', 'RHip', 'LHip', 'Spine', 'Thorax', 'Neck/Nose', 'Head',
                                             'LShoulder', 'RShoulder')]
LIMB_ENDS = [H36M.index(n) for n in ('RFoot', 'LFoot', 'LWrist', 'RWrist', 'LElbow', 'RKnee')]


@pytest.fixture
def no_noise(monkeypatch):
    monkeypatch.setattr(detector_model, 'NOISE', (0.0, 0.0))
    monkeypatch.setattr(detector_model, 'GROSS_PROB', 0.0)


def poses(h36m_s1, n=64, frames=5):
    start = np.arange(n) * 7
    return torch.from_numpy(h36m_s1['gt_2d'][start[:, None] + np.arange(frames)])  # (n, T, 17, 2) pixels


def test_conventions_move_trunk_and_head_only_and_stay_fixed_in_the_body_frame(h36m_s1, no_noise):
    x = poses(h36m_s1)
    out = detector_model.simulate_detector(x)
    moved = (out - x).norm(dim=-1)  # (n, T, 17)
    assert torch.all(moved[..., LIMB_ENDS] == 0)
    assert torch.all(moved[..., CONVENTION_JOINTS].mean((0, 1)) > 0)
    trunk = (x[:, :, H36M.index('Thorax')] - x[:, :, 0]).norm(dim=-1)
    # the hip offset, in trunk lengths along the trunk and across the hips, is one draw per sequence
    up = (x[:, :, H36M.index('Thorax')] - x[:, :, 0]) / trunk[..., None]
    both_hips = (out - x)[:, :, [H36M.index('RHip'), H36M.index('LHip')]].mean(2)  # outward shifts cancel
    hip_up = (both_hips * up).sum(-1) / trunk
    torch.testing.assert_close(hip_up, hip_up[:, :1].expand_as(hip_up), atol=1e-4, rtol=0)
    assert hip_up[:, 0].std() > 0.03  # ... and differs between sequences
    assert moved[..., CONVENTION_JOINTS].max() < 0.35 * trunk.max()


def test_noise_is_heavy_tailed_correlated_in_time_and_scaled_by_the_body(h36m_s1, monkeypatch):
    monkeypatch.setattr(detector_model, 'CORRELATION', (0.9, 0.9))
    monkeypatch.setattr(detector_model, 'NOISE', (0.04, 0.04))
    x = poses(h36m_s1, n=256, frames=40)
    noise = (detector_model.simulate_detector(x) - x)[..., LIMB_ENDS, 0]  # the limb ends keep no offset
    trunk = (x[:, :, H36M.index('Thorax')] - x[:, :, 0]).norm(dim=-1)[..., None]
    z = noise / trunk
    lag1 = torch.corrcoef(torch.stack([z[:, 1:].flatten(), z[:, :-1].flatten()]))[0, 1]
    assert lag1 > 0.7  # a drift, not a flicker
    kurtosis = ((z - z.mean()) ** 4).mean() / z.var() ** 2
    assert kurtosis > 4  # heavier-tailed than Gaussian noise (3)
    assert z.std() == pytest.approx(0.04 * 3 ** 0.5, rel=0.3)  # Student's t (3 dof) has variance 3

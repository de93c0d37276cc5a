"""The temporal lifters: receptive field, causality, padding, streams kept apart, chunk data, learning.
What holds for every window lifter is checked on both networks (dilated convolutions, trajectory GCN)."""
import numpy as np
import pytest
import torch

from models.lifters.gcn import TrajectoryGCNLifter, cosine_basis
from models.lifters.temporal import TemporalConvNet, TemporalLifter
from pipeline.training.h36m import H36MSequenceDataset
from pipeline.runtime.live import LiveLifter
from pipeline.errors import UserError
from pipeline.geometry.transforms import procrustes_torch, rotation_angle


def tiny(causal=False, widths=(3, 3), perspective=False):
    torch.manual_seed(0)
    return TemporalLifter(filter_widths=widths, channels=16, dropout=0.0, causal=causal, flip_test=False,
                          codec=dict(type='RootScaleCodec', perspective=perspective)).eval()


def tiny_trajectory(causal=False, widths=(3, 3), perspective=False):
    """The trajectory GCN with the receptive field `widths` would give the TCN."""
    torch.manual_seed(0)
    return TrajectoryGCNLifter(receptive_field=int(np.prod(widths)), frequencies=4, causal=causal, hidden=16,
                               num_blocks=1, flip_test=False,
                               codec=dict(type='RootScaleCodec', perspective=perspective)).eval()


window_lifters = pytest.mark.parametrize('make', [tiny, tiny_trajectory], ids=['tcn', 'trajectory_gcn'])


def walk(n, seed=0):
    """A smooth random 2D trajectory of n poses in pixels."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(17, 2)) * 80 + 500
    drift = np.cumsum(rng.normal(size=(n, 17, 2)) * 2, axis=0)
    return (base + drift).astype(np.float32)


def test_shapes_and_receptive_field():
    model = tiny(widths=(3, 3, 3))
    assert model.receptive_field == 27 and model.pad == (13, 13)
    out = model.forward_tensor(torch.randn(4, 40, 17, 2))
    assert out.shape == (4, 40 - 27 + 1, 17, 3)
    assert torch.all(out[..., 0, :] == 0)  # root-relative
    with pytest.raises(UserError, match='27-frame'):
        model.forward_tensor(torch.randn(1, 20, 17, 2))


def test_velocity_loss_scores_motion_in_fp32_under_bf16():
    """The velocity term is the error of frame-to-frame motion: zero for an output off by a constant,
    the hand-computed value for one that jitters; the output stays fp32 under bf16 autocast."""
    model = tiny(widths=(3,))
    model.velocity_weight = 2.0
    x = torch.randn(2, 12, 17, 2)
    with torch.no_grad():
        pred = model.forward_tensor(x)
    shifted = pred + torch.tensor([0.1, 0.0, 0.0])  # the same motion, off by 10 cm everywhere
    assert model.loss(x, shifted)['loss_velocity'].item() < 1e-5
    jitter = pred.clone()
    jitter[:, 4, 1:, 2] += 0.03  # frame 4 jumps 3 cm in depth and back: 2 of 9 steps move 16 of 17 joints
    expected = 2.0 * 0.03 * (2 / 9) * (16 / 17)
    assert model.loss(x, jitter)['loss_velocity'].item() == pytest.approx(expected, rel=1e-3)
    with torch.autocast('cpu', dtype=torch.bfloat16):
        assert model.forward_tensor(x).dtype == torch.float32
    with pytest.raises(UserError, match='two or more target frames'):  # single windows have no motion
        model.loss(x[:, :model.receptive_field], pred[:, :1])


@pytest.mark.parametrize('causal', [False, True])
@pytest.mark.parametrize('widths', [(3, 3, 3), (5, 3)])
def test_single_windows_run_strided_and_match_the_sliding_pass(causal, widths):
    """A window of exactly R frames takes the strided path (VideoPose3D's single-frame training model):
    the same weights must give the same pose as sliding the dilated network over a longer input."""
    model = tiny(causal, widths)
    for bn in (m for m in model.modules() if isinstance(m, torch.nn.BatchNorm1d)):  # non-trivial statistics
        bn.running_mean.normal_()
        bn.running_var.uniform_(0.5, 2.0)
    R = model.receptive_field
    x = torch.randn(3, R + 6, 17, 2)
    sliding = model.forward_tensor(x)  # (3, 7, 17, 3)
    windows = torch.cat([model.forward_tensor(x[:, t:t + R]) for t in range(7)], 1)
    torch.testing.assert_close(windows, sliding, atol=1e-5, rtol=1e-5)
    layer = model.net.blocks[0].layers[0][0]
    assert layer.dilation == (widths[0],) and layer.stride == (1,)  # the module itself stays dilated


@window_lifters
@pytest.mark.parametrize('causal', [False, True])
def test_output_frame_sees_exactly_its_window(make, causal):
    """Output t depends on frames [t, t + R) of the input and on no other frame."""
    model = make(causal)
    R = model.receptive_field
    x = torch.randn(1, 30, 17, 2, requires_grad=True)
    model.forward_tensor(x)[0, 5].sum().backward()
    used = x.grad[0].abs().sum((1, 2)) > 0
    expected = torch.zeros(30, dtype=torch.bool)
    expected[5:5 + R] = True
    assert torch.equal(used, expected)


@window_lifters
def test_causal_lift_ignores_the_future_and_symmetric_does_not(make):
    seq = walk(40)
    later = seq.copy()
    later[25:, 11:] += 60  # the arms move after frame 24
    causal, centred = make(causal=True), make(causal=False)
    np.testing.assert_allclose(causal.lift_sequences(seq)[:25], causal.lift_sequences(later)[:25], atol=1e-4)
    assert not np.allclose(centred.lift_sequences(seq)[20:25], centred.lift_sequences(later)[20:25], atol=1e-3)


@window_lifters
def test_sequences_are_padded_and_kept_apart(make):
    model = make()
    a, b = walk(30, 1), walk(4, 2)  # b is shorter than the receptive field (9): edge padding
    both = model.lift_sequences(np.concatenate([a, b]), sequence=np.r_[np.zeros(30), np.ones(4)])
    assert both.shape == (34, 17, 3) and np.isfinite(both).all()
    np.testing.assert_allclose(both[:30], model.lift_sequences(a), atol=1e-4)
    np.testing.assert_allclose(both[30:], model.lift_sequences(b), atol=1e-4)
    # A still pose lifted alone equals a sequence that holds it.
    still = np.repeat(a[:1], 12, axis=0)
    np.testing.assert_allclose(model.lift(a[:1])[0], model.lift_sequences(still)[6], atol=1e-4, rtol=1e-5)


@window_lifters
@pytest.mark.parametrize('perspective', [False, True])
def test_live_ring_buffer_matches_the_offline_causal_pass(make, perspective):
    """Frame by frame through LiveLifter = the whole track at once through the causal lifter."""
    from pipeline.people.base import People
    seq = walk(20)
    model = make(causal=True, perspective=perspective)
    intrinsics = (np.array([1000.0, 1000.0]), np.array([320.0, 240.0]))  # the person stands right of centre

    class OnePerson:  # the detector is not under test: it hands over the known keypoints
        def __call__(self, frame, index):
            kp = seq[index]
            box = np.r_[kp.min(0), kp.max(0)][None]
            return People(boxes=box, keypoints=kp[None], scores=np.ones((1, 17), np.float32))

    live = LiveLifter(OnePerson(), model, fps=25, intrinsics=intrinsics)
    online = np.stack([live(None, i)[0][3] for i in range(len(seq))])
    whole = model.lift_sequences(seq, intrinsics=intrinsics)
    # To a micrometre: one window (strided) and the whole track (sliding) sum their products in other orders.
    np.testing.assert_allclose(online, whole, atol=1e-3)
    # A perspective lifter turns each pose by its frame's view; a plain one ignores the camera.
    assert np.allclose(whole, model.lift_sequences(seq), atol=1e-3) != perspective
    with pytest.raises(UserError, match='causal'):
        LiveLifter(OnePerson(), make(causal=False), fps=25)


def test_trajectory_features_are_the_cosine_amplitudes_and_chunks_equal_windows():
    """Coefficient 0 of a trajectory is its mean and coefficient k the amplitude of its k-th cosine; a chunk
    of L outputs equals its L windows lifted one by one (training takes windows, validation chunks)."""
    R = 27
    t = torch.arange(R) + 0.5
    trajectory = 3.0 + 0.5 * torch.cos(np.pi * 2 * t / R) - 0.2 * torch.cos(np.pi * 5 * t / R)
    torch.testing.assert_close(trajectory @ cosine_basis(R, 6), torch.tensor([3.0, 0, 0.5, 0, 0, -0.2]),
                               atol=1e-5, rtol=0)
    model = tiny_trajectory(widths=(3, 3, 3))
    x = torch.randn(2, R + 5, 17, 2)
    chunk = model.forward_tensor(x)
    assert chunk.shape == (2, 6, 17, 3) and torch.all(chunk[..., 0, :] == 0)
    windows = torch.cat([model.forward_tensor(x[:, i:i + R]) for i in range(6)], 1)
    torch.testing.assert_close(chunk, windows, atol=1e-5, rtol=1e-5)
    with pytest.raises(UserError, match='27-frame'):
        model.forward_tensor(x[:, :R - 1])


def test_chunks_hold_the_right_frames(h36m_paths):
    R, L = 9, 16
    data = H36MSequenceDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', receptive_field=R,
                               chunk=L, train=False, device='cpu')
    n0 = int(data.stream_length[0])
    # The last chunk of the first stream: partial, its context repeats the stream's last frame.
    last = n0 // L - (n0 % L == 0)
    batch = data.__getitems__([0, last])
    x, valid = batch['inputs'], batch['valid']
    assert x.shape == (2, L + R - 1, 17, 2) and batch['targets'].shape == (2, L, 17, 3)
    gt = data.inputs[0]
    torch.testing.assert_close(x[0, 4:], gt[:L + 4])  # centred: 4 frames before, 4 after
    torch.testing.assert_close(x[0, :4], gt[:1].expand(4, -1, -1))  # the start repeated
    assert valid[0].all() and valid[1].sum() == n0 - last * L
    torch.testing.assert_close(x[1, -1], gt[n0 - 1])
    assert len(batch['targets_mm']) == int(valid.sum())


def test_a_window_seen_from_a_virtual_camera_is_turned_as_one(h36m_paths):
    data = H36MSequenceDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', receptive_field=9, chunk=4,
                               codec=dict(type='RootScaleCodec', perspective=True), device='cpu')
    windows = list(range(0, len(data), len(data) // 16))
    torch.manual_seed(0)
    plain = data.__getitems__(windows)
    data.novel_view_prob = 1.0
    torch.manual_seed(0)  # the same windows, now each turned by one random azimuth
    turned = data.__getitems__(windows)
    angle = rotation_angle(procrustes_torch(turned['targets'].flatten(0, 1), plain['targets'].flatten(0, 1))[1])
    angle = angle.view(len(windows), -1)
    assert angle.std(1).max() < 1e-3 and angle[:, 0].std() > 0.3
    assert (turned['inputs'] - plain['inputs']).abs().mean() > 0.1
    torch.testing.assert_close(torch.as_tensor(turned['targets_mm']),
                               data.codec.decode_3d(turned['targets'][turned['valid']]))


@pytest.mark.parametrize('chunk, batch_size', [(32, 32), (1, 256)])
def test_training_on_chunks_reduces_the_error(h36m_paths, chunk, batch_size):
    """Chunks of 32 frames, or single windows (strided), both learn from S1."""
    torch.manual_seed(0)
    data = H36MSequenceDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', receptive_field=9, chunk=chunk,
                               train=True, frame_steps=(1, 2), flip_prob=0.5, device='cpu')
    model = TemporalLifter(filter_widths=(3, 3), channels=64, dropout=0.0).train()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    losses = []
    for step in range(60):
        batch = data.__getitems__(torch.randint(len(data), (batch_size,)).tolist())
        assert batch['inputs'].shape[1] == chunk + 8
        loss = model.loss(batch['inputs'], batch['targets'])['loss_mpjpe']
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert np.mean(losses[-10:]) < 0.6 * np.mean(losses[:5]), losses


@pytest.mark.parametrize('causal', [False, True])
def test_matrix_product_network_is_the_convolutional_one(causal):
    """The convolutions run as matrix products over gathered taps; the same weights through torch's own
    Conv1d layers (the layout checkpoints were trained in) give the same poses, on chunks and single windows."""
    torch.manual_seed(0)
    net = TemporalConvNet(34, 48, (3, 3, 3), channels=64, dropout=0.0, causal=causal).eval()
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm1d):  # non-trivial statistics, so the check covers them
            m.running_mean.uniform_(-0.5, 0.5), m.running_var.uniform_(0.5, 2.0)

    def reference(x):  # (N, T, C) through the layers as nn.Conv1d modules, (N, C, T)
        h = net.expand(x.transpose(1, 2))
        for block in net.blocks:
            lost = block.crop
            h = h[:, :, lost[0]:h.shape[2] - lost[1]] + block.layers(h)
        return net.shrink(h).transpose(1, 2)

    for T in (27, 60):
        x = torch.randn(3, T, 34)
        torch.testing.assert_close(net(x), reference(x), rtol=1e-4, atol=1e-4)

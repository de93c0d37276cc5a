import numpy as np
import pytest
import torch
from mmengine.config import Config

from models.checkpoint import export_lifter, load_lifter
from pipeline.errors import UserError
from pipeline.geometry.camera import look_at_root
from pipeline.registry import MODELS

CONFIGS = ['configs/lifters/simple_baseline_h36m.py', 'configs/lifters/deepbase1_h36m.py',
           'configs/lifters/deepbase2_h36m.py', 'configs/lifters/supervised_gan_h36m.py',
           'configs/lifters/modulated_gcn_h36m.py']
SMALL = dict(hidden=64)


def small_model(config):
    cfg = Config.fromfile(config).model.to_dict()
    cfg.update(SMALL)
    if 'disc_hidden' in cfg:
        cfg['disc_hidden'] = SMALL['hidden']
    return MODELS.build(cfg), cfg


@pytest.mark.parametrize('config', CONFIGS)
def test_lifter_shapes_and_root(config):
    model, _ = small_model(config)
    out = model.lift(np.random.default_rng(0).normal(size=(5, 17, 2)) * 100 + 500)
    assert out.shape == (5, 17, 3)
    assert np.abs(out[:, 0]).max() == 0  # root-relative


def test_perspective_lifter_lifts_in_the_view_and_returns_to_the_camera():
    torch.manual_seed(0)
    model, cfg = small_model(CONFIGS[0])
    assert cfg['codec']['perspective']  # the supervised configs' codec
    kp = (np.random.default_rng(1).normal(size=(6, 17, 2)) * 60 + [900, 300]).astype(np.float32)
    f, c = np.array([1000.0, 1000.0]), np.array([512.0, 512.0])
    # A person on the optical axis (principal point at the root): the view is the camera itself.
    # (float32 round-off of a pose hundreds of mm across is ~1e-4 mm: 1e-3 mm, a micrometre, is the tolerance)
    np.testing.assert_allclose(model.lift(kp, (f, kp[:, 0])), model.lift(kp), atol=1e-3)
    # Off the axis: lifted as seen head-on, then turned back into the camera's frame.
    view, R = look_at_root(torch.from_numpy(kp), f, c)
    np.testing.assert_allclose(model.lift(kp, (f, c)), model.lift(view.numpy()) @ R.numpy(), atol=1e-3)
    assert not np.allclose(model.lift(kp, (f, c)), model.lift(kp), atol=1.0)


def test_graph_convolution_matches_its_formula_and_the_skeleton_limits_its_reach():
    """y_i = A_ii m_i.(W_self x_i) + sum_{j!=i} A_ij m_j.(W_nbr x_j), A = sym(Â + Δ), computed joint by joint,
    against the layer's folded, joint-major form; and with Δ = 0 a joint hears only its skeleton neighbours."""
    from models.lifters.gcn import ModulatedGraphConv, skeleton_adjacency
    from pipeline.geometry.skeleton import H36M
    torch.manual_seed(0)
    adjacency = skeleton_adjacency()
    np.testing.assert_allclose(adjacency.sum(1), 1, atol=1e-6)
    layer = ModulatedGraphConv(5, 4, adjacency)
    with torch.no_grad():
        layer.modulation.uniform_(0.5, 1.5)
        layer.affinity.normal_(0, 0.1)
    x = torch.randn(17, 3, 5)  # (J, N, C_in)
    a = (adjacency + layer.affinity) / 2 + (adjacency + layer.affinity).T / 2
    m = layer.modulation[:, 0]
    expected = torch.stack([a[i, i] * m[i] * (x[i] @ layer.weight_self)
                            + sum(a[i, j] * m[j] * (x[j] @ layer.weight_neighbours) for j in range(17) if j != i)
                            for i in range(17)]) + layer.bias
    torch.testing.assert_close(layer(x), expected, atol=1e-5, rtol=1e-5)

    with torch.no_grad():
        layer.affinity.zero_()
    wrist = H36M.index('LWrist')
    moved = x.clone()
    moved[wrist] += 1
    changed = (layer(moved) - layer(x)).abs().amax((1, 2)) > 1e-6
    assert set(np.flatnonzero(changed.numpy())) == {wrist, H36M.index('LElbow')}


def test_gcn_affinity_is_l1_regularised_and_learns():
    model, _ = small_model('configs/lifters/modulated_gcn_h36m.py')
    losses = model.loss(torch.randn(8, 17, 2), torch.randn(8, 17, 3))
    assert set(losses) == {'loss_mpjpe', 'loss_affinity'}
    assert 0 < losses['loss_affinity'].item() < 1e-6  # Δ starts at 1e-6 per entry
    sum(losses.values()).backward()
    assert all(a.grad.abs().sum() > 0 for a in model.affinities())
    assert sum(p.numel() for p in MODELS.build(Config.fromfile('configs/lifters/modulated_gcn_h36m.py').model)
               .parameters()) < 1.3e6  # the paper's size class


def test_deepbase2_supervises_its_hidden_head():
    model, _ = small_model('configs/lifters/deepbase2_h36m.py')
    losses = model.loss(torch.randn(8, 17, 2), torch.randn(8, 17, 3))
    assert set(losses) == {'loss_mpjpe', 'loss_aux'}
    losses['loss_aux'].backward()
    assert model.net.stem[0].weight.grad.abs().sum() > 0  # the short path reaches the first layer
    assert model.net.head.weight.grad is None


def test_max_norm_bounds_weights():
    from models.lifters.residual import apply_max_norm
    model, _ = small_model('configs/lifters/simple_baseline_h36m.py')
    with torch.no_grad():
        model.net.head.weight.mul_(100)
    apply_max_norm(model.net, 1.0)
    assert model.net.head.weight.norm(dim=1).max() <= 1.0 + 1e-5


@pytest.fixture(scope='module')
def s1_dataset(h36m_paths):
    from pipeline.training.h36m import H36MLiftingDataset
    return H36MLiftingDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', input='gt', stride=20)


@pytest.mark.parametrize('config', CONFIGS)
def test_training_on_real_poses_lowers_the_error(config, s1_dataset):
    """150 steps on real Human3.6M poses must beat the untrained model clearly."""
    from mmengine.optim import OptimWrapper, OptimWrapperDict
    torch.manual_seed(0)
    ds = s1_dataset
    model, _ = small_model(config)
    if hasattr(model, 'discriminator'):
        optim = OptimWrapperDict(**{name: OptimWrapper(torch.optim.Adam(getattr(model, name).parameters(), 1e-3))
                                    for name in ('generator', 'discriminator')})
    else:
        optim = OptimWrapper(torch.optim.Adam(model.parameters(), 1e-3))
    val = ds.__getitems__(np.arange(0, len(ds), 97))

    def error_mm():
        model.eval()
        with torch.no_grad():
            return (model.forward_tensor(val['inputs']) - val['targets']).norm(dim=-1).mean().item() * 1000

    before = error_mm()
    model.train()
    for step in range(150):
        model.train_step(ds.__getitems__(torch.randint(len(ds), (256,))), optim)
    after = error_mm()
    assert after < 0.6 * before and after < 200, (before, after)


def test_checkpoint_round_trip_and_refusals(tmp_path):
    model, cfg = small_model('configs/lifters/deepbase2_h36m.py')
    model.eval()
    path = tmp_path / 'lifter.pth'
    export_lifter(model, cfg, path, meta=dict(note='test'))
    loaded = load_lifter(path, cfg)
    x = np.random.default_rng(0).normal(size=(4, 17, 2))
    np.testing.assert_allclose(loaded.lift(x), model.lift(x), atol=2.0)  # half-precision weights, mm
    assert loaded.meta['note'] == 'test'
    other = dict(cfg, num_blocks=2)
    with pytest.raises(UserError, match='another model'):
        load_lifter(path, other)
    with pytest.raises(UserError, match='holds a ResidualLifter, the config wants a SupervisedGANLifter'):
        load_lifter(path, Config.fromfile('configs/lifters/supervised_gan_h36m.py').model.to_dict())
    # A codec argument spelled out at its default is the same model; another value is not.
    plain = dict(cfg, codec=dict(type='RootScaleCodec'))
    export_lifter(MODELS.build(plain), plain, tmp_path / 'plain.pth')
    load_lifter(tmp_path / 'plain.pth', dict(cfg, codec=dict(type='RootScaleCodec', perspective=False)))
    with pytest.raises(UserError, match='another model'):
        load_lifter(tmp_path / 'plain.pth', dict(cfg, codec=dict(type='RootScaleCodec', perspective=True)))
    (tmp_path / 'junk.pth').write_bytes(b'garbage')
    with pytest.raises(UserError, match='not a lift3d checkpoint'):
        load_lifter(tmp_path / 'junk.pth')
    torch.save({'state_dict': {}}, tmp_path / 'foreign.pth')
    with pytest.raises(UserError, match='not a lift3d lifter checkpoint'):
        load_lifter(tmp_path / 'foreign.pth')


def test_gan_checkpoint_drops_the_discriminator(tmp_path):
    model, cfg = small_model('configs/lifters/supervised_gan_h36m.py')
    export_lifter(model, cfg, tmp_path / 'gan.pth')
    state = torch.load(tmp_path / 'gan.pth', weights_only=True)['state_dict']
    assert state and not any(k.startswith('discriminator.') for k in state)
    load_lifter(tmp_path / 'gan.pth', cfg)


def test_nan_keypoints_are_refused_by_lift():
    model, _ = small_model('configs/lifters/simple_baseline_h36m.py')
    x = np.zeros((2, 17, 2))
    x[1, 4] = np.nan
    with pytest.raises(UserError, match='NaN'):
        model.lift(x)

"""The 2D pose flow: its likelihood is exact, a fit to real 2D learns what a human pose looks like, and a lifter
with it as its prior trains without a discriminator and refuses a flow fitted to another encoding."""
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict

from models.checkpoint import export_lifter
from models.lifters.pose_flow import PoseFlow
from models.lifters.tipsy import TIPSyLifter
from pipeline.codec import build_codec
from pipeline.errors import UserError
from pipeline.training.h36m import load_h36m

ROOT = Path(__file__).resolve().parents[3]
TIPSY_CODEC = dict(type='RootScaleCodec', scale='max', unit_mm=900.0)


def test_the_flow_likelihood_is_exact():
    """nll(x) = |f(x)|^2 / 2 - log|det df/dx|, with the Jacobian taken by autograd (couplings not at identity)."""
    torch.manual_seed(0)
    flow = PoseFlow(num_joints=3, dims=6, hidden=16, num_layers=4).double()
    for layer in flow.layers:
        torch.nn.init.normal_(layer.net[-1].weight, std=0.3)
    flow.basis.copy_(torch.eye(6, dtype=torch.float64) * 2.0)  # the whitening is a linear map: its det counts too

    def to_latent(v):
        z = (v - flow.mean) @ flow.basis.T
        for layer in flow.layers:
            z = layer(z)[0]
        return z

    for _ in range(3):
        x = torch.randn(6, dtype=torch.float64)
        z = to_latent(x)
        log_det = torch.linalg.slogdet(torch.autograd.functional.jacobian(to_latent, x))[1]
        expected = 0.5 * z.pow(2).sum() - log_det + 6 * np.log(2.0)  # nll leaves out the whitening's constant
        torch.testing.assert_close(flow.nll(x.view(1, 3, 2)).double()[0], expected, atol=1e-4, rtol=1e-4)


@pytest.fixture(scope='module')
def fitted_flow(h36m_paths):
    """A small flow fitted to S1's ground-truth 2D, and S5's (held out) encoded alike."""
    codec = build_codec(TIPSY_CODEC)
    real = {s: codec.encode_2d(torch.from_numpy(load_h36m(h36m_paths['data_3d'], h36m_paths['cameras'], [s],
                                                          stride=20)['gt_2d']).float()) for s in ('S1', 'S5')}
    torch.manual_seed(0)
    flow = PoseFlow(dims=26, hidden=64, num_layers=4, codec=TIPSY_CODEC)
    optim = torch.optim.Adam(flow.parameters(), 3e-3)
    for _ in range(300):
        loss = flow(real['S1'][torch.randint(len(real['S1']), (512,))], mode='loss')['loss_nll']
        optim.zero_grad()
        loss.backward()
        optim.step()
    return flow.eval(), real['S1'], real['S5']


def test_a_fitted_flow_finds_held_out_poses_likelier_than_distorted_ones(fitted_flow):
    """Whether it prefers the true depth's novel views to a flat pose's is a property of the full-size flow on
    four subjects (tools/probe_view_models.py --flow); here, that the fit learns what a human 2D pose is."""
    flow, _, held_out = fitted_flow
    torch.manual_seed(1)
    limbs_swapped = held_out[:, [0, 4, 5, 6, 1, 2, 3, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]]  # legs crossed over
    jittered = held_out + 0.05 * torch.randn_like(held_out) * (torch.arange(17) > 0)[:, None]
    with torch.no_grad():
        nll = [float(flow.nll(x).mean()) for x in (held_out, limbs_swapped, jittered)]
    assert nll[0] + 5 < min(nll[1:]), nll


def test_a_lifter_with_a_flow_prior_trains_no_discriminator(fitted_flow, tmp_path):
    flow = fitted_flow[0]
    path = tmp_path / 'flow.pth'
    export_lifter(flow, dict(type='PoseFlow', dims=26, hidden=64, num_layers=4, codec=TIPSY_CODEC), path)
    model = TIPSyLifter(hidden=32, disc_hidden=32, prior=str(path)).train()
    disc_before = [p.detach().clone() for p in model.discriminator.parameters()]
    gen_before = [p.detach().clone() for p in model.generator.parameters()]
    optim = OptimWrapperDict(generator=OptimWrapper(torch.optim.Adam(model.generator.parameters(), 1e-3)),
                             discriminator=OptimWrapper(torch.optim.Adam(model.discriminator.parameters(), 1e-3)))
    losses = model.train_step(dict(inputs=fitted_flow[1][:64]), optim)
    assert 'loss_disc' not in losses and all(torch.isfinite(v) for v in losses.values())
    assert all(torch.equal(a, b) for a, b in zip(disc_before, model.discriminator.parameters()))
    assert any(not torch.equal(a, b) for a, b in zip(gen_before, model.generator.parameters()))
    assert not any(k.startswith('_flow') or 'flow' in k for k in model.state_dict())  # not saved with the lifter
    # A flow fitted to 2D encoded another way is refused, with the reason.
    other = TIPSyLifter(hidden=32, disc_hidden=32, prior=str(path), codec=dict(TIPSY_CODEC, perspective=True))
    with pytest.raises(UserError, match='perspective'):
        other.train_step(dict(inputs=fitted_flow[1][:64]), optim)


@pytest.mark.parametrize('name', ['pose_flow_h36m', 'pose_flow_upright_h36m'])
def test_the_flow_configs_train_through_the_runner_and_export_a_prior(name, h36m_paths, tmp_path):
    """tools/train.py's path: 2D only in, the principal components fitted on the first batch, lifter.pth out."""
    from mmengine.runner import Runner

    from models.checkpoint import load_lifter
    from pipeline.cli import load_config
    from pipeline.training.h36m import ground_truth_2d
    gt2d = tmp_path / 'gt2d.npz'
    views = ground_truth_2d(h36m_paths['data_3d'], h36m_paths['cameras'], ['S1'])
    np.savez(gt2d, **{k: v[::20] for k, v in views.items()})
    cfg = load_config(ROOT / f'configs/lifters/{name}.py')
    perspective = cfg.model.codec.get('perspective', False)
    cfg.merge_from_dict({'model.hidden': 32, 'train_dataloader.batch_size': 256, 'train_cfg.max_iters': 5,
                         'train_dataloader.dataset.data_2d': str(gt2d), 'train_dataloader.dataset.subjects': 'S1',
                         **({'train_dataloader.dataset.cameras': str(h36m_paths['cameras'])} if perspective else {})})
    cfg.work_dir = str(tmp_path / 'work')
    Runner.from_cfg(cfg).train()
    flow = load_lifter(tmp_path / 'work' / 'lifter.pth')
    assert isinstance(flow, PoseFlow) and bool(flow.fitted) and flow.codec.perspective == perspective
    assert torch.isfinite(flow.nll(torch.randn(4, 17, 2) * 0.3)).all()

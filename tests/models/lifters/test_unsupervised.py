"""Lifters that learn without 3D: the data path holds none, the parts stay independent, the discriminator
and encoder get only the gradients they should, and the VAE-GAN gives hypotheses that all reproject."""
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict

from models.lifters.adversarial import bone_proportion_loss, ninety_degree_loss
from models.lifters.tipsy import LEGS, TORSO, DepthGenerator, TIPSyLifter
from models.lifters.vae_gan import VAEGANLifter, cyclical_beta
from pipeline.geometry.transforms import project_from_distance, random_rotation, rotate

ROOT = Path(__file__).resolve().parents[3]
UNSUPERVISED = ['tipsy_parts_h36m', 'tipsy_solo_h36m', 'tipsy_student_h36m', 'tipsy_student_h36m_all',
                'tipsy_parts_upright_h36m', 'tipsy_student_upright_h36m',
                'vae_gan_h36m', 'vae_gan_h36m_all', 'vae_gan_upright_h36m']


@pytest.fixture(scope='module')
def gt2d_s1(h36m_paths, tmp_path_factory):
    """Ground-truth 2D of S1 in the detection-file format (what tools/project_h36m_2d.py writes)."""
    from pipeline.training.h36m import ground_truth_2d
    path = tmp_path_factory.mktemp('gt2d') / 's1_gt2d.npz'
    views = ground_truth_2d(h36m_paths['data_3d'], h36m_paths['cameras'], ['S1'])
    np.savez(path, **{k: v[::10] for k, v in views.items()})
    return path


def optimisers(model, lr_disc=1e-3):
    return OptimWrapperDict(generator=OptimWrapper(torch.optim.Adam(model.generator.parameters(), 1e-3)),
                            discriminator=OptimWrapper(torch.optim.SGD(model.discriminator.parameters(), lr_disc)))


def poses_2d(n=64, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 17, 2, generator=g) * 0.3
    return x - x[:, :1]


@pytest.mark.parametrize('name', UNSUPERVISED)
def test_no_3d_can_reach_an_unsupervised_trainer(name, gt2d_s1, h36m_paths, tmp_path, monkeypatch):
    """Train a few steps through mmengine's Runner while any read of the 3D file fails and every
    batch is checked: 2D inputs only."""
    from mmengine.hooks import Hook
    from mmengine.runner import Runner

    from pipeline.cli import load_config
    from pipeline.registry import HOOKS
    cfg = load_config(ROOT / f'configs/lifters/{name}.py')
    text = json.dumps(cfg.to_dict(), default=str)
    perspective = cfg.model.codec.get('perspective', False)
    # No config names the 3D file; only a perspective codec reads the cameras, for their intrinsics.
    assert 'data_3d' not in text and ('cameras' not in text or perspective) and cfg.val_dataloader is None
    allowed = {'inputs'} | ({'up'} if cfg.train_dataloader.dataset.get('view_tilt_deg') is not None else set())

    teacher = None
    if 'student' in name:  # a teacher to distil from: an untrained parts lifter is enough here
        from models.checkpoint import export_lifter
        teacher_cfg = load_config(ROOT / 'configs/lifters/tipsy_parts_h36m.py').model.to_dict()
        teacher_cfg.update(hidden=32, disc_hidden=32)
        teacher = tmp_path / 'teacher.pth'
        export_lifter(TIPSyLifter(**{k: v for k, v in teacher_cfg.items() if k != 'type'}), teacher_cfg, teacher)
    cfg.merge_from_dict({'model.hidden': 32, 'model.disc_hidden': 32, 'train_dataloader.batch_size': 64,
                         'train_dataloader.dataset.data_2d': str(gt2d_s1), 'train_dataloader.dataset.subjects': 'S1',
                         'train_cfg.max_iters': 4, 'custom_hooks.0.begin_iter': 2, 'default_hooks.logger.interval': 1,
                         **({'model.latent': 16} if 'vae' in name else {}),
                         **({'model.teacher': str(teacher)} if teacher else {}),
                         **({'train_dataloader.dataset.cameras': str(h36m_paths['cameras'])} if perspective else {})})
    cfg.work_dir = str(tmp_path / 'work')

    real_load = np.load
    forbidden = {str(Path(h36m_paths['data_3d']).resolve())}

    def guarded_load(path, *args, **kwargs):
        assert str(Path(path).resolve()) not in forbidden, 'an unsupervised trainer opened the 3D poses'
        return real_load(path, *args, **kwargs)
    monkeypatch.setattr(np, 'load', guarded_load)

    seen = []

    class OnlyTwoD(Hook):
        def before_train_iter(self, runner, batch_idx, data_batch=None):
            assert set(data_batch) == allowed and data_batch['inputs'].shape[-1] == 2, list(data_batch)
            assert 'up' not in data_batch or data_batch['up'].shape == (len(data_batch['inputs']), 3)
            seen.append(batch_idx)

    HOOKS.register_module(module=OnlyTwoD, force=True)  # this test's instance, with its own `seen`
    cfg.custom_hooks = list(cfg.custom_hooks) + [dict(type='OnlyTwoD')]
    Runner.from_cfg(cfg).train()
    assert len(seen) == 4
    assert (tmp_path / 'work' / 'lifter.pth').is_file()


def test_tipsy_parts_are_lifted_independently():
    model = TIPSyLifter(parts=True, hidden=32, disc_hidden=32).eval()
    x = poses_2d().requires_grad_(True)
    z = model.depths(x)
    assert z.shape == (64, 17) and torch.all(z[:, 0] == 0)
    grad, = torch.autograd.grad(z[:, list(TORSO)].sum(), x)
    assert torch.all(grad[:, list(LEGS)] == 0) and grad[:, list(TORSO)].abs().sum() > 0
    # Scale-equivariant: the same pose at twice the size has twice the depths.
    torch.testing.assert_close(model.depths(2 * x.detach()), 2 * z.detach(), atol=1e-5, rtol=1e-4)


def test_tipsy_depth_range_reaches_past_the_image_extent_and_keeps_small_depths():
    """A body seen along its length (sitting, legs toward the camera) reaches further in depth than across
    the image: depth_range lets a generator say so, and leaves the depths a range-1 generator gives where
    they are small, so weights trained at range 1 start from the same lifter."""
    torch.manual_seed(0)
    short, long = DepthGenerator(TORSO, hidden=32).eval(), DepthGenerator(TORSO, hidden=32, depth_range=2.0).eval()
    long.load_state_dict(short.state_dict())
    outputs = [[m for m in gen.net.modules() if isinstance(m, torch.nn.Linear)][-1] for gen in (short, long)]
    x = poses_2d()
    with torch.no_grad():
        shrink = 0.1 / short.net(x[:, list(TORSO)].flatten(1))[0].abs().max()
        for out in outputs:  # pre-activations of about +-0.1: both generators' depths agree
            out.weight.mul_(shrink)
            out.bias.zero_()
        torch.testing.assert_close(long(x), short(x), atol=1e-3, rtol=0.01)
        for out in outputs:  # pre-activations near 3: only range 2 reaches past the extent
            out.bias.fill_(3.0)
        assert short(x).max() <= 1.0 and long(x).min() > 1.0 and long(x).max() <= 2.0


@pytest.mark.parametrize('model', [TIPSyLifter(hidden=32, disc_hidden=32),
                                   VAEGANLifter(hidden=32, latent=8, disc_hidden=32, disc_steps=3)])
def test_the_lifter_step_leaves_the_discriminator_alone(model):
    x = poses_2d()
    model.train()
    disc_before = [p.detach().clone() for p in model.discriminator.parameters()]
    gen_before = [p.detach().clone() for p in model.generator.parameters()]
    losses = model.train_step(dict(inputs=x), optimisers(model, lr_disc=0.0))
    assert all(torch.isfinite(v) for v in losses.values())
    assert all(torch.equal(a, b) for a, b in zip(disc_before, model.discriminator.parameters()))
    assert all(p.grad is None or not p.grad.any() for p in model.discriminator.parameters())
    assert any(not torch.equal(a, b) for a, b in zip(gen_before, model.generator.parameters()))


def test_vae_gan_adversarial_signal_reaches_the_decoder_only():
    model = VAEGANLifter(hidden=32, latent=8, disc_hidden=32).train()
    model.generator_losses(poses_2d())['loss_adv'].backward()
    encoder = [p.grad for p in model.generator['encoder'].parameters()]
    decoder = [p.grad for p in model.generator['decoder'].parameters()]
    assert all(g is None or not g.any() for g in encoder)
    assert any(g is not None and g.any() for g in decoder)


def test_ninety_degree_loss_is_zero_for_a_consistent_lifter_and_catches_a_mirrored_pose():
    """A lifter that knows two 3D poses and their turned views exactly (orthographic) satisfies every
    90-degree constraint; mirroring one pose's depths breaks them."""
    poses = torch.randn(2, 17, 3, generator=torch.Generator().manual_seed(0))
    poses -= poses[:, :1].clone()
    X, Y, Z = poses.unbind(-1)
    turned = [(X, Z), (Z, -X), (-Z, X), (-X, -Z)]  # (2D x, depth) seen from 0, 90, -90 and 180 degrees

    def lifter(mirrored):
        """Each pose's depths from a lookup of its views; mirrored: pose 0 seen from the front gets -Z."""
        def depths(q):
            out = []
            for i in range(2):
                for x, z in turned:
                    if torch.allclose(q[i, :, 0], x[i]) and torch.allclose(q[i, :, 1], Y[i]):
                        out.append(-z[i] if mirrored and i == 0 and x is X else z[i])
                        break
                else:
                    raise AssertionError('a view the constraints should not ask for')
            return torch.stack(out)
        return depths

    x = poses[..., :2]
    assert ninety_degree_loss(lifter(False), x, Z) == 0
    assert ninety_degree_loss(lifter(True), x, torch.stack([-Z[0], Z[1]])) > 0.1


def test_bone_proportions_hold_for_one_body_in_any_view_and_size_and_catch_a_flattened_one(h36m_s1):
    """Motion capture of one subject has fixed bone lengths: turned and scaled, its poses satisfy the
    prior; the same poses with every depth zero, or one pose's depths stretched, do not; both lifters train on it."""
    pose = torch.as_tensor(h36m_s1['pose_3d'][::50][:64], dtype=torch.float32)
    pose = pose - pose[:, :1]
    pose = rotate(pose, random_rotation(len(pose), max_elevation=1.0)) * torch.rand(len(pose), 1, 1).add(0.5)
    assert bone_proportion_loss(pose) < 1e-6
    flat = pose.clone()
    flat[..., 2] = 0
    assert bone_proportion_loss(flat) > 1e-2
    stretched = pose.clone()
    stretched[0, :, 2] *= 2
    assert bone_proportion_loss(stretched) > 1e-5
    for model in (TIPSyLifter(parts=False, hidden=32, disc_hidden=32, w_bone=1.0),
                  VAEGANLifter(hidden=32, latent=8, disc_hidden=32, w_bone=1.0)):
        model.train().generator_losses(poses_2d())['loss_bone'].backward()
        assert all(p.grad is not None and p.grad.any() for p in model.generator.parameters() if p.ndim > 1)


def test_vae_gan_ninety_degree_loss_trains_encoder_and_decoder():
    model = VAEGANLifter(hidden=32, latent=8, disc_hidden=32, w_90=0.5).train()
    assert 'loss_90' not in VAEGANLifter(hidden=32, latent=8, disc_hidden=32).generator_losses(poses_2d())
    loss = model.generator_losses(poses_2d())['loss_90']
    assert loss > 0
    loss.backward()
    for part in ('encoder', 'decoder'):
        assert any(p.grad is not None and p.grad.any() for p in model.generator[part].parameters())
    # Depths are scale-equivariant, so the turned views need no unit of their own.
    x = poses_2d(8)
    torch.testing.assert_close(model.eval().depths(3 * x), 3 * model.depths(x), atol=1e-5, rtol=1e-4)


def test_cyclical_beta_matches_the_schedule():
    kw = dict(beta_max=1e-3, warmup=10, cycle=40, hold=10)
    assert cyclical_beta(5, **kw) == 0.0 and cyclical_beta(10, **kw) == 0.0
    assert cyclical_beta(25, **kw) == pytest.approx(0.5e-3)  # halfway up the 30-epoch rise
    assert cyclical_beta(45, **kw) == pytest.approx(1e-3)  # held
    assert cyclical_beta(50, **kw) == 0.0  # the next cycle starts again from 0


def test_vae_gan_hypotheses_differ_in_3d_and_agree_in_2d():
    torch.manual_seed(0)
    model = VAEGANLifter(hidden=32, latent=8, disc_hidden=32)
    keypoints = (poses_2d(5) * 200 + 500).numpy()
    hyps = model.sample_hypotheses(keypoints, k=8)  # (8, 5, 17, 3) mm
    assert hyps.shape == (8, 5, 17, 3)
    assert hyps[..., 2].std(0).mean() > 1.0  # depths differ between samples (mm)
    encoded = model.codec.encode_3d(torch.from_numpy(hyps))
    reprojected = project_from_distance(encoded, model.distance)
    target = model.codec.encode_2d(torch.from_numpy(keypoints)).expand_as(reprojected)
    torch.testing.assert_close(reprojected, target, atol=1e-4, rtol=1e-4)


def test_vae_gan_survives_a_foreshortened_trunk():
    """Head on top of the pelvis in 2D (a person bending towards the camera): the root-to-head unit is
    floored, the input stays bounded and a training step stays finite."""
    model = VAEGANLifter(hidden=32, latent=8, disc_hidden=32, iters_per_epoch=1, beta_warmup=0)
    x = poses_2d(64) * 3
    x[:, 10] = x[:, 0] + 1e-4
    encoded = model.codec.encode_2d(x)
    assert torch.isfinite(encoded).all() and encoded.abs().max() <= 4.0 + 1e-4
    model.train()
    for _ in range(3):
        losses = model.train_step(dict(inputs=encoded), optimisers(model))
    assert all(torch.isfinite(v) for v in losses.values()) and losses['loss_kl'] > 0


@pytest.mark.parametrize('name', ['tipsy_student_h36m_all', 'vae_gan_h36m_all'])
def test_shipped_unsupervised_lifters_load_and_lift(name, h36m_s1):
    from models.shipped import load_demo_lifter
    lifter = load_demo_lifter(default=name)
    pred = lifter.lift(h36m_s1['gt_2d'][:200])
    assert pred.shape == (200, 17, 3) and np.isfinite(pred).all()
    if name.startswith('vae'):  # several hypotheses: different in 3D, the same in 2D
        hyps = lifter.sample_hypotheses(h36m_s1['gt_2d'][:50], k=8)
        assert np.std(hyps, axis=0).mean() > 1.0  # mm
        reprojected = project_from_distance(lifter.codec.encode_3d(torch.from_numpy(hyps)), lifter.distance)
        target = lifter.codec.encode_2d(torch.from_numpy(h36m_s1['gt_2d'][:50])).expand_as(reprojected)
        torch.testing.assert_close(reprojected, target, atol=1e-3, rtol=1e-3)


def test_random_roll_turns_each_pose_rigidly_within_its_bound():
    from models.lifters.adversarial import random_roll
    x = poses_2d(256)
    rolled = random_roll(x, 15.0)
    assert torch.allclose(rolled.norm(dim=-1), x.norm(dim=-1), atol=1e-5)  # rigid about the root
    angle = torch.rad2deg(torch.atan2(rolled[:, 3, 1], rolled[:, 3, 0]) - torch.atan2(x[:, 3, 1], x[:, 3, 0]))
    angle = (angle + 180) % 360 - 180
    assert angle.abs().max() <= 15.0 + 1e-3 and angle.std() > 5.0  # each pose its own angle, all within 15


def test_critic_without_batch_norm_scores_each_pose_alone():
    """Batch norm scores a pose by its batch's statistics: a batch of fakes is normalised to look like a
    batch of reals. The critic without it gives a pose the same score in any batch."""
    x, others = poses_2d(8), poses_2d(64, seed=1) * 0.5
    for norm, independent in (('none', True), ('layer', True), ('batch', False)):
        model = VAEGANLifter(hidden=32, latent=8, disc_hidden=32, disc_norm=norm).train()
        alone, among = model.critic(x), model.critic(torch.cat([x, others]))[:8]
        assert torch.allclose(alone, among, atol=1e-5) == independent, norm


def test_vae_gan_views_on_the_input_rays_reproject_exactly():
    """adv_on_rays: the critic judges the decoder's depths placed on the input's camera rays (as lift()
    places them), so the 2D reconstruction's errors cannot tell a fake from a real pose."""
    x = poses_2d()
    for on_rays in (False, True):
        model = VAEGANLifter(hidden=32, latent=8, disc_hidden=32, adv_on_rays=on_rays).eval()
        pose = model.adversarial_pose(model.decode(model.encode(x)[0]), x)
        error = (project_from_distance(pose, model.distance) - x).abs().max()
        assert (error < 1e-5) == on_rays


def test_novel_views_about_up_keep_the_line_of_sight():
    """Given each pose's up direction, a novel view turns about it alone: up stays fixed and every joint
    keeps its height along up, so the view's elevation is the real camera's."""
    from models.lifters.adversarial import novel_view
    from pipeline.geometry.transforms import rotate
    g = torch.Generator().manual_seed(0)
    pose = torch.randn(256, 17, 3, generator=g) * 0.3
    pose = pose - pose[:, :1]
    up = torch.nn.functional.normalize(torch.randn(256, 3, generator=g) * 0.2 + torch.tensor([0.0, -1.0, -0.2]), dim=-1)
    view, R = novel_view(pose, 5.0, up)
    torch.testing.assert_close((R @ up[..., None])[..., 0], up)
    torch.testing.assert_close(rotate(pose, R) @ up[..., None], pose @ up[..., None])
    torch.testing.assert_close(view, project_from_distance(rotate(pose, R), 5.0))
    azimuth = torch.atan2(R[:, 0, 2] - R[:, 2, 0], R.diagonal(dim1=1, dim2=2).sum(-1) - 1)
    assert azimuth.abs().max() > 2.5  # they span the circle, not a few degrees
    _, R_camera = novel_view(pose, 5.0)  # without up: about the camera's vertical, tilted by <= 10 degrees
    assert not torch.allclose((R_camera @ up[..., None])[..., 0], up, atol=1e-3)


def test_upright_2d_dataset_gives_each_pose_its_up_in_the_virtual_camera(gt2d_s1, h36m_paths):
    """With a perspective codec and a tilt prior, the 2D dataset gives each pose the world's up as its
    virtual camera sees it: the prior (0, -cos t, -sin t) turned by the look-at rotation, mirrored with
    a mirrored pose; and the 2D itself is the virtual camera's."""
    import math
    from pipeline.codec import build_codec
    from pipeline.geometry.camera import load_cameras, look_at_root
    from pipeline.training.h36m import H36M2DPoseDataset, load_h36m_2d
    codec = dict(type='RootScaleCodec', scale='head', unit_mm=700.0, perspective=True)
    common = dict(data_2d=str(gt2d_s1), subjects='S1', codec=codec, device='cpu', cameras=h36m_paths['cameras'],
                  view_tilt_deg=13.0)
    plain = H36M2DPoseDataset(flip_prob=0.0, **common)
    mirrored = H36M2DPoseDataset(flip_prob=1.0, **common)
    idx = list(range(0, len(plain), max(1, len(plain) // 50)))
    a, b = plain.__getitems__(idx), mirrored.__getitems__(idx)
    raw = load_h36m_2d(str(gt2d_s1), ['S1'])
    cam = load_cameras(h36m_paths['cameras'])['S1'][raw['camera'][idx[0]]]
    seen, R = look_at_root(torch.from_numpy(raw['keypoints'][idx[:1]]), torch.from_numpy(cam.f).float(),
                           torch.from_numpy(cam.c).float())
    t = math.radians(13.0)
    prior = torch.tensor([0.0, -math.cos(t), -math.sin(t)])
    torch.testing.assert_close(a['up'][0], (R[0] @ prior).float(), atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(a['inputs'][:1], build_codec(codec).encode_2d(seen).float())
    torch.testing.assert_close(a['up'].norm(dim=-1), torch.ones(len(idx)))
    torch.testing.assert_close(b['up'], a['up'] * torch.tensor([-1.0, 1.0, 1.0]))
    torch.testing.assert_close(b['inputs'], build_codec(codec).flip(a['inputs']))
    assert (a['up'] - prior).norm(dim=-1).max() > 1e-3  # off-centre people see up turned
    with pytest.raises(Exception, match='needs the cameras'):
        H36M2DPoseDataset(**{**common, 'cameras': None})

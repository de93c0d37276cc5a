"""The kinematic autoencoder's parts: forward kinematics keeps the skeleton, the maps sit on the joints
and limbs and are differentiable, flips and rotations map poses and images alike, and the unpaired
loss leaves the decoder alone."""
import math

import numpy as np
import pytest
import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict
from torch.utils.data import DataLoader

from models.image.kinematic_ae import (KinematicAE, forward_kinematics, rotate_2d, rotate_image,
                                       spatial_maps)
from pipeline.errors import UserError
from pipeline.geometry.skeleton import CANONICAL_BONE_MM, H36M
from pipeline.geometry.transforms import mirrored
from pipeline.training.h36m import batch_collate
from pipeline.training.video_cache import VideoPairDataset


def test_forward_kinematics_keeps_the_canonical_bone_lengths():
    torch.manual_seed(0)
    lengths = {b: v / 1000 for b, v in CANONICAL_BONE_MM.items()}
    pose = forward_kinematics(torch.randn(64) * 2, torch.randn(64, 13, 3) * 5, lengths)
    assert pose.shape == (64, 17, 3) and torch.all(pose[:, 0] == 0)
    for (p, c), length in lengths.items():
        torch.testing.assert_close((pose[:, c] - pose[:, p]).norm(dim=-1), torch.full((64,), length))
    # The spine is fixed along z; the hip line only turns about x.
    torch.testing.assert_close(pose[:, 7], torch.tensor([0.0, 0.0, 0.235]).expand(64, 3))
    assert torch.all(pose[:, 4, 0].abs() < 1e-6) and torch.all(pose[:, 1, 0].abs() < 1e-6)


def test_maps_peak_on_joints_and_limbs_and_pass_gradients():
    p2d = torch.tensor(np.random.default_rng(0).uniform(-0.7, 0.7, (2, 17, 2)), dtype=torch.float32,
                       requires_grad=True)
    size = 32
    maps = spatial_maps(p2d, size)
    assert maps.shape == (2, 33, size, size)
    to_pixel = lambda xy: ((xy + 1) / 2 * size - 0.5).round().long()  # noqa: E731
    for j in range(17):  # a heatmap's maximum is at its joint's pixel
        peak = maps[0, j].flatten().argmax()
        assert (peak % size, peak // size) == tuple(to_pixel(p2d[0, j].detach()).tolist())
    for k, (a, b) in enumerate(H36M.bones):  # a limb map is high at the limb's midpoint
        mid = to_pixel((p2d[0, a] + p2d[0, b]).detach() / 2).clamp(0, size - 1)
        assert maps[0, 17 + k, mid[1], mid[0]] > 0.5
    maps[:, 3].sum().backward(retain_graph=True)
    assert p2d.grad[:, 3].abs().sum() > 0 and p2d.grad[:, 5].abs().sum() == 0
    p2d.grad = None
    maps[:, 17].sum().backward()  # limb 0 is hip -> right hip
    assert p2d.grad[:, 0].abs().sum() > 0 and p2d.grad[:, 1].abs().sum() > 0


def test_flip_swaps_left_and_right_like_the_image_does():
    p2d = torch.tensor(np.random.default_rng(1).uniform(-0.7, 0.7, (1, 17, 2)), dtype=torch.float32)
    flipped = mirrored(p2d)
    torch.testing.assert_close(mirrored(flipped), p2d)
    assert torch.allclose(flipped[0, 4], p2d[0, 1] * torch.tensor([-1.0, 1.0]))  # the left hip where the right was
    maps, maps_of_flipped = spatial_maps(p2d, 32), spatial_maps(flipped, 32)
    # Mirroring the heatmap images = the heatmaps of the mirrored pose with left and right swapped.
    torch.testing.assert_close(maps[:, :17].flip(-1)[:, list(H36M.flip_permutation)], maps_of_flipped[:, :17],
                               atol=1e-5, rtol=1e-4)


def test_image_rotation_matches_pose_rotation():
    p2d = torch.tensor([[[0.3, -0.2]] * 17], dtype=torch.float32)
    image = spatial_maps(p2d, 32)[:, :1]  # a blob at one joint
    angle = torch.tensor([math.pi / 5])
    turned = rotate_image(image, angle)
    peak = turned[0, 0].flatten().argmax()
    expected = ((rotate_2d(p2d, angle)[0, 0] + 1) / 2 * 32 - 0.5).round()
    assert abs(peak % 32 - expected[0]) <= 1 and abs(peak // 32 - expected[1]) <= 1


@pytest.fixture(scope='module')
def kae_batch(video_cache):
    data = VideoPairDataset(video_cache, 'paired', image_size=32, with_unpaired=True, prior_samples=20)
    return next(iter(DataLoader(data, batch_size=4, shuffle=True, collate_fn=batch_collate)))


@pytest.mark.parametrize('ablation', [{}, dict(use_fk=False), dict(use_maps=False)])
def test_unpaired_steps_leave_the_decoder_alone(ablation, kae_batch):
    torch.manual_seed(0)
    model = KinematicAE(image_size=32, stride=8, width=0.125, **ablation).train()
    adagrad = lambda modules: OptimWrapper(torch.optim.Adagrad(  # noqa: E731
        [p for m in modules if m is not None for p in m.parameters()], lr=1e-2))
    optims = OptimWrapperDict(
        paired=adagrad([model.pose_encoder, model.appearance_encoder, model.learned_map, model.map_encoder,
                        model.decoder]),
        unpaired=adagrad([model.pose_encoder, model.appearance_encoder]), prior=adagrad([model.pose_encoder]))
    model.train_step(kae_batch, optims)  # a paired step first
    decoder = {k: v.clone() for k, v in model.decoder.state_dict().items()}
    encoder = [p.clone() for p in model.pose_encoder.parameters()]
    losses = model.train_step(kae_batch, optims)  # step 1: unpaired
    assert 'loss_unpaired_pose' in losses and all(torch.isfinite(v) for v in losses.values())
    assert all(torch.equal(v, model.decoder.state_dict()[k]) for k, v in decoder.items())  # weights and BN stats
    assert all(p.grad is None or not p.grad.any() for p in model.decoder.parameters())
    assert any(not torch.equal(a, b) for a, b in zip(encoder, model.pose_encoder.parameters()))
    assert 'loss_prior_3d' in model.train_step(kae_batch, optims)  # step 2: the prior
    poses = model.lift_images(np.zeros((2, 48, 48, 3), np.uint8))
    assert poses.shape == (2, 17, 3) and np.all(poses[:, 0] == 0)


def test_a_cache_of_real_videos_alone_still_trains(video_cache, tmp_path):
    """No labelled clips: the 20 prior samples are rendered from the poses the package ships; no
    moving-background clips: the unpaired loss is skipped rather than the run stopped."""
    import json
    import shutil
    shutil.copytree(video_cache, tmp_path / 'cache')
    index = json.loads((tmp_path / 'cache' / 'index.json').read_text())
    index['clips'] = {k: c for k, c in index['clips'].items() if c['video'] == 'walk.mp4'}
    (tmp_path / 'cache' / 'index.json').write_text(json.dumps(index))
    data = VideoPairDataset(tmp_path / 'cache', 'paired', image_size=32, with_unpaired=True, prior_samples=20)
    batch = next(iter(DataLoader(data, batch_size=4, collate_fn=batch_collate)))
    assert 'unpaired_target' not in batch and batch['prior_pose_3d'].shape == (4, 17, 3)
    model = KinematicAE(image_size=32, stride=8, width=0.125).train()
    optims = OptimWrapperDict(**{k: OptimWrapper(torch.optim.Adagrad(model.parameters(), lr=1e-3))
                                 for k in ('paired', 'unpaired', 'prior')})
    kinds = [set(model.train_step(batch, optims)) for _ in range(2)]
    assert 'loss_image' in kinds[0] and 'loss_prior_3d' in kinds[1]


def test_the_weak_variant_pulls_the_projected_pose_to_the_keypoints(kae_batch):
    """weak_2d_weight > 0 adds a 2D term on both video steps; a few steps on it alone lower it (the
    gradient reaches the pose encoder through the kinematics and the projection). Off by default."""
    torch.manual_seed(0)
    assert 'loss_weak_2d' not in KinematicAE(image_size=32, stride=8, width=0.125).train().paired_loss(kae_batch)
    model = KinematicAE(image_size=32, stride=8, width=0.125, weak_2d_weight=1.0).train()
    assert 'loss_weak_2d' in model.unpaired_loss(kae_batch)
    optim = torch.optim.Adam(model.pose_encoder.parameters(), lr=1e-4)
    history = []
    for _ in range(12):
        loss = model.paired_loss(kae_batch)['loss_weak_2d']
        optim.zero_grad()
        loss.backward()
        optim.step()
        history.append(float(loss))
    assert history[-1] < 0.8 * history[0], history


def test_the_spatial_variant_reads_2d_from_heatmaps_and_lifts_motion_capture(kae_batch):
    """spatial_2d: E_P's 2D comes from heatmaps (the weak term pulls them to the keypoints too), the pelvis of
    the projected pose sits where the heatmaps put it, and batches of poses without images train the
    2D -> kinematics MLP alone (through the prior's optimiser), its loss falling."""
    torch.manual_seed(0)
    model = KinematicAE(image_size=32, stride=8, width=0.125, spatial_2d=True, weak_2d_weight=1.0).train()
    p3d, p2d, heat_2d = model.pose(kae_batch['target'])
    assert heat_2d.shape == (4, 17, 2) and torch.allclose(p2d[:, 0], heat_2d[:, 0], atol=1e-5)
    assert 'loss_weak_heat_2d' in model.paired_loss(kae_batch)
    with torch.no_grad():  # skeletons the kinematics can reach, seen by random cameras
        pose_3d, keypoints, _ = model.kinematics(torch.randn(64, 40), torch.randn(64, 6), torch.zeros(64, 2))
    poses = dict(keypoints=keypoints, pose_3d=pose_3d)
    trunk = [p.clone() for p in model.pose_encoder.image.parameters()]
    optims = OptimWrapperDict(**{k: OptimWrapper(torch.optim.Adam(model.pose_encoder.parameters(), lr=1e-3))
                                 for k in ('paired', 'unpaired', 'prior')})
    history = [float(model.train_step(poses, optims)['loss_prior_3d']) for _ in range(30)]
    assert history[-1] < 0.7 * history[0], history
    assert all(torch.equal(a, b) for a, b in zip(trunk, model.pose_encoder.image.parameters()))  # no image seen
    with pytest.raises(UserError, match='spatial_2d'):
        KinematicAE(image_size=32, stride=8, width=0.125).train().train_step(poses, optims)


def test_the_spatial_variant_starts_from_a_cross_modal_vae_keypoint_head(tmp_path):
    """keypoint_weights: the trunk and heatmap head of a cross-modal VAE trained with spatial_2d, so both
    read the same 2D from a crop; a VAE without the head is refused in one line, and the path is a training
    argument that an exported checkpoint does not carry."""
    from models.checkpoint import export_lifter, load_lifter
    from models.image.crossmodal_vae import CrossModalVAE
    torch.manual_seed(0)
    vae = CrossModalVAE(image_size=32, latent=8, hidden=32, spatial_2d=True).eval()
    torch.save(vae.state_dict(), tmp_path / 'vae.pth')
    kae = KinematicAE(image_size=32, stride=8, width=0.125, spatial_2d=True, keypoint_weights=str(tmp_path / 'vae.pth'))
    crops = torch.rand(3, 3, 32, 32) * 2 - 1
    assert torch.allclose(kae.eval().image_to_2d(crops), vae.image_to_2d(crops), atol=1e-5)
    torch.save(CrossModalVAE(image_size=32, latent=8, hidden=32).state_dict(), tmp_path / 'plain.pth')
    with pytest.raises(UserError, match='no keypoint head'):
        KinematicAE(image_size=32, stride=8, width=0.125, spatial_2d=True, keypoint_weights=str(tmp_path / 'plain.pth'))
    cfg = dict(type='KinematicAE', image_size=32, stride=8, width=0.125, spatial_2d=True,
               keypoint_weights=str(tmp_path / 'vae.pth'))
    export_lifter(kae, cfg, tmp_path / 'kae.pth', half=False)
    (tmp_path / 'vae.pth').unlink()  # inference must not need it
    assert torch.allclose(load_lifter(tmp_path / 'kae.pth').image_to_2d(crops), kae.image_to_2d(crops), atol=1e-5)

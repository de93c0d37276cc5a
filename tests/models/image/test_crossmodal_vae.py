"""The cross-modal VAE: every encoder-decoder pair trains the parts it should, video crops without 3D
still teach the 3D decoder through the 2D, and crops come out as 3D poses."""
import numpy as np
import pytest
import torch
from mmengine.optim import OptimWrapper
from torch.utils.data import DataLoader

from models.image.crossmodal_vae import PAIRS, CrossModalVAE, front_view_error
from pipeline.training.h36m import batch_collate
from pipeline.training.video_cache import VideoPairDataset


@pytest.fixture(scope='module')
def batch(video_cache):
    torch.manual_seed(0)
    return next(iter(DataLoader(VideoPairDataset(video_cache, image_size=64), batch_size=12, shuffle=True,
                                collate_fn=batch_collate)))


def small():
    torch.manual_seed(0)
    return CrossModalVAE(image_size=64, latent=16, hidden=64).train()


@pytest.mark.parametrize('pair', PAIRS)
def test_each_pair_trains_its_own_encoder_and_decoder(pair, batch):
    model = small()
    losses = model.pair_loss(*pair, batch)
    assert all(torch.isfinite(v) for v in losses.values())
    sum(losses.values()).backward()
    source, target = pair
    for name, module in [*model.encoders.items(), *model.decoders.items()]:
        used = name == (source if module in model.encoders.values() else target)
        has_grad = any(p.grad is not None and p.grad.any() for p in module.parameters())
        assert has_grad == used, (pair, name)


def test_crops_without_3d_teach_the_3d_decoder_through_their_2d(batch):
    assert not batch['has_3d'].all() and batch['has_3d'].any()  # the cache mixes real and synthetic clips
    pose = torch.randn(4, 17, 3)
    keypoints = pose[..., :2] * 2.5 + 0.1  # the same front view, at another scale and place
    assert front_view_error(pose, keypoints, torch.ones(4, 17)) < 1e-10
    assert front_view_error(pose, keypoints + torch.randn(4, 17, 2) * 0.1, torch.ones(4, 17)) > 1e-4


def test_the_lifters_3d_of_real_crops_is_a_soft_target_with_a_weight(batch):
    real = ~batch['has_3d'] & batch['has_pseudo_3d']
    assert real.any() and not batch['has_pseudo_3d'][batch['has_3d']].any()  # synthetic crops have exact 3D
    model = small()
    torch.manual_seed(1)
    plain = model.pair_loss('image', 'pose3d', batch)['loss_recon']
    model.pseudo_weight = 1.0
    torch.manual_seed(1)
    soft = model.pair_loss('image', 'pose3d', batch)['loss_recon']
    assert soft > plain
    # ... and it pulls the real crops' 3D towards the lifter's, not just anywhere.
    moved = dict(batch, pseudo_3d=batch['pseudo_3d'] + 0.3 * real[:, None, None])
    torch.manual_seed(1)
    assert model.pair_loss('image', 'pose3d', moved)['loss_recon'] > soft


def test_training_steps_run_every_pair_and_lower_the_loss(batch):
    model = small()
    optim = OptimWrapper(torch.optim.Adam(model.parameters(), 1e-3))
    first = [model.train_step(batch, optim)['loss'].item() for _ in range(len(PAIRS))]
    for _ in range(4 * len(PAIRS)):
        model.train_step(batch, optim)
    last = [model.train_step(batch, optim)['loss'].item() for _ in range(len(PAIRS))]
    assert int(model.step) == 6 * len(PAIRS)
    assert sum(last) < sum(first)


def test_motion_capture_alone_trains_the_pose_paths(h36m_paths):
    """Batches of poses without images (H36MCropPoseDataset) train the 2D and 3D encoders and decoders;
    the image networks are not touched, and the 2D -> 3D loss falls."""
    from pipeline.training.h36m import H36MCropPoseDataset
    poses = H36MCropPoseDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', stride=50)
    pose_batch = poses.__getitems__(list(range(64)))
    model = small()
    model.pairs = [('pose2d', 'pose3d'), ('pose3d', 'pose3d'), ('pose3d', 'pose2d'), ('pose2d', 'pose2d')]
    optim = OptimWrapper(torch.optim.Adam(model.parameters(), 1e-3))
    first = model.pair_loss('pose2d', 'pose3d', pose_batch)['loss_recon'].item()
    for _ in range(40):
        model.train_step(pose_batch, optim)
    assert model.pair_loss('pose2d', 'pose3d', pose_batch)['loss_recon'].item() < 0.5 * first
    images = [*model.encoders['image'].parameters(), *model.decoders['image'].parameters()]
    assert all(p.grad is None or not p.grad.any() for p in images)


def test_crops_to_3d_and_preview(batch, video_cache):
    model = small()
    crops = np.load(video_cache / 'clips' / '000000' / 'crops.npy')[:5]
    poses = model.lift_images(crops)
    assert poses.shape == (5, 17, 3) and np.isfinite(poses).all() and np.all(poses[:, 0] == 0)
    grid = model.preview(batch, n=4)
    assert grid.shape == (3 * 64, 4 * 64, 3) and grid.dtype == np.uint8


def test_spatial_2d_reads_joints_where_they_are_and_lifts_through_the_pose_path(batch, video_cache):
    """spatial_2d: the heatmap head's soft-argmax puts a joint at the centre of its hottest cell, the
    image -> 2D pair trains the image trunk and that head alone, the 2D error falls with training, and a
    crop's 3D is its 2D lifted by the 2D encoder and 3D decoder."""
    from models.image.crossmodal_vae import SpatialKeypoints
    head = SpatialKeypoints(17)
    heat = torch.full((1, 17, 16, 16), -1e4)
    heat[0, :, 3, 12] = 0  # row 3, column 12 of 16: x = 12.5 / 8 - 1, y = 3.5 / 8 - 1
    head.up8[-1].forward = lambda x: heat  # the head's last layer, pinned to a one-hot heatmap
    xy = head(torch.zeros(1, 128, 8, 8), torch.zeros(1, 256, 4, 4))
    assert torch.allclose(xy[0, 0], torch.tensor([12.5 / 8 - 1, 3.5 / 8 - 1]))

    torch.manual_seed(0)
    model = CrossModalVAE(image_size=64, latent=16, hidden=64, spatial_2d=True).train()
    optim = OptimWrapper(torch.optim.Adam(model.parameters(), 1e-3))
    first = model.pair_loss('image', 'pose2d', batch)['loss_recon']
    first.backward()
    trained = {n for n, p in model.named_parameters() if p.grad is not None and p.grad.any()}
    assert any(n.startswith('keypoints.') for n in trained) and any(n.startswith('encoders.image.') for n in trained)
    assert not any(n.startswith(('decoders.', 'encoders.pose')) for n in trained)
    optim.zero_grad()
    model.pairs = [('image', 'pose2d')]
    for _ in range(30):
        model.train_step(batch, optim)
    assert model.pair_loss('image', 'pose2d', batch)['loss_recon'] < 0.7 * first

    model.eval()
    image = batch['target'][:3]
    with torch.no_grad():
        via_2d = model.decode('pose3d', model.encode('pose2d', model.image_to_2d(image))[0])
        assert torch.allclose(model(image), via_2d)
    crops = np.load(video_cache / 'clips' / '000000' / 'crops.npy')[:2]
    assert model.lift_images(crops).shape == (2, 17, 3)


def test_flip_test_reads_a_mirrored_crop_as_the_mirrored_pose(video_cache):
    """With flip_test a crop's 2D is averaged with the mirrored read of its mirror image, so the reads of a
    crop and of its mirror image are each other's mirror (an untrained head's are not), and lift_images
    lifts that 2D."""
    from models.image.common import crops_2d, crops_to_tensor
    from pipeline.geometry.transforms import mirrored
    torch.manual_seed(0)
    model = CrossModalVAE(image_size=64, latent=16, hidden=64, spatial_2d=True).eval()
    crops = np.load(video_cache / 'clips' / '000000' / 'crops.npy')[:3]
    x = crops_to_tensor(crops, 64, 'cpu')
    with torch.no_grad():
        torch.testing.assert_close(crops_2d(model, x.flip(-1)), mirrored(crops_2d(model, x)), atol=1e-5, rtol=0)
        lifted = model.lift_2d(crops_2d(model, x)).numpy() * model.unit_mm
        model.flip_test = False
        assert not torch.allclose(crops_2d(model, x.flip(-1)), mirrored(crops_2d(model, x)), atol=1e-3)
    model.flip_test = True
    np.testing.assert_allclose(model.lift_images(crops), lifted, atol=1e-3)

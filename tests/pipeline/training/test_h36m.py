import math

import numpy as np
import pytest
import torch

from pipeline.errors import UserError
from pipeline.geometry.skeleton import H36M
from pipeline.training.h36m import (H36MCropPoseDataset, H36MLiftingDataset, H36MSequenceDataset, evaluate_poses,
                                   load_h36m, load_h36m_2d, novel_view)


def test_loaded_arrays_are_aligned(h36m_s1):
    n = len(h36m_s1['pose_3d'])
    assert n > 1000
    for key in ('gt_2d', 'sh_2d', 'f', 'c', 'up', 'root', 'subject', 'action', 'camera', 'sequence', 'frame'):
        assert len(h36m_s1[key]) == n
    assert np.abs(h36m_s1['pose_3d'][:, 0]).max() == 0  # root-relative
    assert set(h36m_s1['camera']) == {'54138969', '55011271', '58860488', '60457274'}
    assert 'Walking' in set(h36m_s1['action']) and 'Walking 1' not in set(h36m_s1['action'])
    # Thigh length of a person is 40-50 cm.
    thigh = np.linalg.norm(h36m_s1['pose_3d'][:, 1] - h36m_s1['pose_3d'][:, 2], axis=-1)
    assert 350 < np.median(thigh) < 500
    # 'up' is the world's up in each camera's frame: the head is well above the pelvis along it.
    np.testing.assert_allclose(np.linalg.norm(h36m_s1['up'], axis=-1), 1, atol=1e-5)
    head_height = ((h36m_s1['pose_3d'][:, 10] - h36m_s1['pose_3d'][:, 0]) * h36m_s1['up']).sum(-1)
    assert 400 < np.median(head_height) < 800


def test_subjects_as_the_command_line_writes_them_or_as_a_list_select_the_same_frames(h36m_paths):
    as_text = load_h36m_2d(h36m_paths['data_2d'], 'S5,S7', stride=50)
    as_list = load_h36m_2d(h36m_paths['data_2d'], ['S5', 'S7'], stride=50)
    assert set(as_text['subject']) == {'S5', 'S7'}
    np.testing.assert_array_equal(as_text['keypoints'], as_list['keypoints'])
    poses = load_h36m(h36m_paths['data_3d'], h36m_paths['cameras'], 'S7', stride=50)
    assert set(poses['subject']) == {'S7'} and len(poses['pose_3d']) > 0


def test_missing_file_subject_and_key_are_clear_errors(h36m_paths, tmp_path):
    with pytest.raises(UserError, match='not found'):
        load_h36m(tmp_path / 'nope.npz', h36m_paths['cameras'], ['S1'])
    with pytest.raises(UserError, match='subject S9 is not in'):
        load_h36m(h36m_paths['data_3d'], h36m_paths['cameras'], ['S9'])
    small = tmp_path / 'small_3d.npz'
    np.savez(small, **{'S1/Walking': np.zeros((5, 17, 3), np.float32)})
    np.savez(tmp_path / 'small_2d.npz', **{'S1/Eating/54138969': np.zeros((5, 16, 2), np.int16)})
    with pytest.raises(UserError, match="no 2D detections of S1 in .* 'S1/Walking/60457274'"):
        load_h36m(small, h36m_paths['cameras'], ['S1'], tmp_path / 'small_2d.npz')
    # A few streams missing (corrupt takes): left out with a warning, and reported.
    np.savez(tmp_path / 'part_2d.npz', **{f'S1/Walking/{c}': np.zeros((5, 16, 2), np.int16)
                                          for c in ('54138969', '55011271', '58860488')})
    data = load_h36m(small, h36m_paths['cameras'], ['S1'], tmp_path / 'part_2d.npz')
    assert data['skipped'] == ['S1/Walking/60457274'] and len(data['sh_2d']) == 15
    (tmp_path / 'junk.npz').write_bytes(b'not a zip')
    with pytest.raises(UserError, match='not a readable'):
        load_h36m(tmp_path / 'junk.npz', h36m_paths['cameras'], ['S1'])


def test_nan_keypoints_are_refused(h36m_paths, tmp_path):
    pose = np.load(h36m_paths['data_3d'])['S1/Walking'][:5]
    np.savez(tmp_path / 'p3d.npz', **{'S1/Walking': pose})
    det = {f'S1/Walking/{c}': np.zeros((5, 16, 2), np.float32) for c in
           ('54138969', '55011271', '58860488', '60457274')}
    det['S1/Walking/54138969'][2, 3] = np.nan
    np.savez(tmp_path / 'p2d.npz', **det)
    with pytest.raises(UserError, match='NaN'):
        load_h36m(tmp_path / 'p3d.npz', h36m_paths['cameras'], ['S1'], tmp_path / 'p2d.npz')


def test_dataset_flip_mirrors_input_and_target_together(h36m_paths):
    ds = H36MLiftingDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', input='gt', stride=200)
    plain = ds.__getitems__([0, 1, 2])
    ds.flip_prob = 1.0
    flipped = ds.__getitems__([0, 1, 2])
    torch.testing.assert_close(ds.codec.flip(flipped['inputs']), plain['inputs'])
    torch.testing.assert_close(ds.codec.flip(flipped['targets']), plain['targets'])
    assert plain['inputs'].shape == (3, 17, 2) and plain['targets'].shape == (3, 17, 3)


def test_crop_pose_dataset_gives_the_2d_as_a_person_crop_and_mirrors_2d_and_3d_together(h36m_paths):
    ds = H36MCropPoseDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', stride=200, flip_prob=0.0)
    plain = ds.__getitems__([0, 1, 2])
    assert plain['keypoints'].shape == (3, 17, 2) and plain['pose_3d'].shape == (3, 17, 3)
    assert plain['has_3d'].all() and (plain['scores'] == 1).all()
    # The crop box is square around every joint, 1.3 times the pose's longer side: [-1, 1] with a margin,
    # and the longer side spans 2 / 1.3 of it.
    kp = plain['keypoints']
    assert kp.abs().max() < 1 and torch.allclose((kp.amax(1) - kp.amin(1)).amax(1), torch.tensor(2 / 1.3))
    # Root-relative metres (a person is about 1.7 m tall, not 1700).
    assert plain['pose_3d'][:, 0].abs().max() < 1e-6 and 0.5 < plain['pose_3d'].abs().max() < 2
    ds.flip_prob = 1.0
    flipped = ds.__getitems__([0, 1, 2])
    torch.testing.assert_close(ds.codec.flip(flipped['keypoints']), plain['keypoints'])
    torch.testing.assert_close(ds.codec.flip(flipped['pose_3d']), plain['pose_3d'])


@pytest.mark.parametrize('perspective', [True, False])
def test_novel_view_is_another_camera_on_the_circle_around_the_person(h36m_paths, perspective):
    ds = H36MLiftingDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', input='gt', stride=200,
                            codec=dict(type='RootScaleCodec', perspective=perspective))
    idx = torch.arange(0, len(ds), 7)
    pose_mm, up, root = ds.codec.decode_3d(ds.target[0, idx]), ds.up[idx], ds.root[idx]
    # Azimuth 0 is the real camera: the same target, and the same 2D up to the real lens's distortion.
    x, y = novel_view(ds.codec, pose_mm, up, root, torch.zeros(len(idx)))
    torch.testing.assert_close(y, ds.target[0, idx])
    assert (x - ds.inputs[0, idx]).abs().mean() < 0.005 and (x - ds.inputs[0, idx]).abs().max() < 0.05
    # A quarter turn about the vertical: heights and bone lengths kept, the pose truly turned, and the
    # 2D input is the turned pose seen from the real distance.
    x, y = novel_view(ds.codec, pose_mm, up, root, torch.full((len(idx),), math.pi / 2))
    turned = ds.codec.decode_3d(y)
    torch.testing.assert_close(turned @ up[:, :, None], pose_mm @ up[:, :, None], atol=1e-2, rtol=0)
    bones = torch.as_tensor(H36M.bones)
    torch.testing.assert_close((turned[:, bones[:, 0]] - turned[:, bones[:, 1]]).norm(dim=-1),
                               (pose_mm[:, bones[:, 0]] - pose_mm[:, bones[:, 1]]).norm(dim=-1), atol=1e-2, rtol=0)
    assert (turned - pose_mm).norm(dim=-1).mean() > 100
    seen = turned + root[:, None]
    torch.testing.assert_close(x, ds.codec.encode_2d(seen[..., :2] / seen[..., 2:]), atol=1e-4, rtol=0)


def augmented_batch(ds):
    """Every sample twice -> (indices, the batch, [is the ground-truth row's input unchanged, is the detections'])."""
    idx = torch.arange(len(ds)).repeat(2)
    batch = ds.__getitems__(idx)
    return idx, batch, [(batch['inputs'] == ds.inputs[s, idx]).flatten(1).all(1) for s in (0, 1)]


def test_novel_views_replace_only_ground_truth_samples(h36m_paths):
    ds = H36MLiftingDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', h36m_paths['data_2d'],
                            input='mix', gt_fraction=0.5, stride=50, novel_view_prob=0.5)
    idx, batch, real = augmented_batch(ds)
    kept_target = [(batch['targets'] == ds.target[s, idx]).flatten(1).all(1) for s in (0, 1)]
    novel = ~(real[0] | real[1])
    assert novel.float().mean().item() == pytest.approx(0.25, abs=0.03)
    assert torch.all(kept_target[1][real[1]]) and not torch.any(kept_target[0][novel])
    torch.testing.assert_close(torch.as_tensor(batch['targets_mm']), ds.codec.decode_3d(batch['targets']))
    with pytest.raises(UserError, match='novel_view_prob'):
        H36MLiftingDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', h36m_paths['data_2d'], input='sh',
                           novel_view_prob=0.5)


@pytest.mark.parametrize('gt_fraction', [0.5, 0.85])
def test_mix_takes_ground_truth_2d_at_the_asked_rate(h36m_paths, gt_fraction):
    ds = H36MLiftingDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', h36m_paths['data_2d'],
                            input='mix', gt_fraction=gt_fraction, stride=20)
    idx = torch.arange(len(ds)).repeat(4)
    batch = ds.__getitems__(idx)
    gt, sh = ds.inputs[0, idx], ds.inputs[1, idx]
    from_gt = (batch['inputs'] == gt).flatten(1).all(1)
    assert torch.all(from_gt | (batch['inputs'] == sh).flatten(1).all(1))  # every pose is one or the other
    assert from_gt.float().mean().item() == pytest.approx(gt_fraction, abs=0.02)


def test_evaluate_poses_per_action_and_velocity():
    target = np.zeros((4, 17, 3))
    pred = target + np.array([10.0, 0, 0])
    pred[2:] += [20.0, 0, 0]
    result = evaluate_poses(pred, target, np.array(['A', 'A', 'B', 'B']), np.array([0, 0, 1, 1]))
    assert result['per_action']['A']['mpjpe'] == pytest.approx(10)
    assert result['per_action']['B']['mpjpe'] == pytest.approx(30)
    assert result['summary']['mpjpe'] == pytest.approx(20)
    assert result['summary']['mpjve'] == pytest.approx(0)  # the jump between streams does not count


def test_datasets_simulate_the_detector_on_ground_truth_samples_only(h36m_paths):
    ds = H36MLiftingDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', h36m_paths['data_2d'],
                            input='mix', gt_fraction=0.5, stride=50, detector_prob=0.6)
    idx, batch, real = augmented_batch(ds)
    assert (~(real[0] | real[1])).float().mean().item() == pytest.approx(0.3, abs=0.03)
    assert torch.all(batch['targets'][real[1]] == ds.target[1, idx[real[1]]])
    root = batch['inputs'][:, 0]
    torch.testing.assert_close(root, torch.zeros_like(root))  # re-normalised: the moved pelvis is the origin

    seq = H36MSequenceDataset(h36m_paths['data_3d'], h36m_paths['cameras'], 'S1', input='gt', receptive_field=9,
                              chunk=4, detector_prob=1.0)
    x = seq.__getitems__(list(range(16)))['inputs']
    assert x.shape == (16, 12, 17, 2) and torch.isfinite(x).all()

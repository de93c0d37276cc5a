"""Synthetic humans: the labels are exact, the body is drawn where they say, backgrounds pan or stay."""
import numpy as np

from pipeline.training.synthetic import project_pinhole, render_clip, write_synthetic_videos


def walking(h36m_paths, n=20):
    return np.load(h36m_paths['data_3d'])['S1/Walking 1'][:n * 4:4]


def test_labels_are_exact_and_the_body_is_drawn_there(h36m_paths):
    rng = np.random.default_rng(0)
    frames, keypoints, pose_cam, backgrounds = render_clip(walking(h36m_paths), size=128, rng=rng, pan=True)
    assert frames.shape == (20, 128, 128, 3) and keypoints.shape == (20, 17, 2) and pose_cam.shape == (20, 17, 3)
    # The 2D labels are the pinhole projection of the 3D labels: recover f and c from two joints and check all.
    uv, xy = keypoints[0], pose_cam[0, :, :2] / pose_cam[0, :, 2:]
    f = (uv[10, 1] - uv[3, 1]) / (xy[10, 1] - xy[3, 1])
    c = uv[0] - f * xy[0]
    np.testing.assert_allclose(project_pinhole(pose_cam, f, c), keypoints, atol=1e-2)
    assert (keypoints > 0).all() and (keypoints < 128).all()  # the person is in the frame
    # The body covers its joints: the frame differs from the empty background there, and only near the body.
    x, y = np.round(keypoints[0, [0, 8, 10]]).astype(int).T
    assert (np.abs(frames[0, y, x].astype(int) - backgrounds[0, y, x].astype(int)).sum(-1) > 30).all()
    assert np.array_equal(frames[0, :, :5], backgrounds[0, :, :5])  # the image's left edge: background only
    assert not np.array_equal(backgrounds[0], backgrounds[-1])  # the camera panned


def test_written_videos_carry_their_labels(h36m_paths, tmp_path):
    seqs = [(f'sub/clip{k}', walking(h36m_paths, 12)) for k in range(2)]
    paths = write_synthetic_videos(tmp_path, seqs, size=96, fps=25, pan_every=2)
    assert [p.name for p in paths] == ['clip0.mp4', 'clip1.mp4']
    labels = np.load(paths[0].with_suffix('.keypoints.npz'))
    assert labels['keypoints'].shape == (12, 1, 17, 2) and labels['pose_3d'].shape == (12, 17, 3)
    assert str(labels['layout']) == 'h36m17'

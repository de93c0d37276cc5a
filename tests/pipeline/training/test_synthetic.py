"""Synthetic humans: the labels are exact, the body is drawn where they say, backgrounds pan or stay."""
import numpy as np

from pipeline.training.synthetic import (HAIR, PALETTE, SKIN, Appearance, facing, look_at, project_pinhole,
                                         render_clip, render_person, write_synthetic_videos)


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


def test_front_and_back_differ_as_on_a_person(h36m_paths):
    """The same pose turned to face the camera and turned away: the face (skin) shows in the first, hair
    alone in the second, and the shirt's neckline only on its front; without these a body seen from behind
    is the mirror image of one seen from the front, and which way a person faces cannot be learned."""
    look = Appearance(top=PALETTE[0], bottom=PALETTE[1], skin=SKIN[0], stripes=False, hair=HAIR[0])
    world = walking(h36m_paths, 1)
    seen = {}
    for azimuth in (0.0, np.pi):
        pose_cam = look_at(world, azimuth, 0.0, 4000.0)[0]
        image = np.full((200, 200, 3), 255, np.uint8)
        uv = render_person(image, pose_cam, 200.0, np.array([100.0, 100.0]), look)
        face_forward, torso_forward = facing(pose_cam)
        assert np.sign(face_forward[2]) == np.sign(torso_forward[2])  # head and torso turn together here
        seen['front' if torso_forward[2] < 0 else 'back'] = image, uv
    (front, uv_front), (back, uv_back) = seen['front'], seen['back']

    def colour_at(image, point):
        x, y = np.round(point).astype(int)
        return image[y, x].astype(float)

    def nearest(colour, options):
        return min(options, key=lambda name: np.abs(colour - options[name]).sum())

    head = dict(skin=SKIN[0], hair=HAIR[0])
    assert nearest(colour_at(front, uv_front[10]), head) == 'skin'
    assert nearest(colour_at(back, uv_back[10]), head) == 'hair'
    # Just below the neck, on the torso's midline: skin in the neckline on the front, the shirt on the back.
    shirt = dict(skin=SKIN[0] * 0.9, shirt=PALETTE[0] * 0.7)
    below_neck = lambda uv: uv[8] + 0.15 * (uv[7] - uv[8])  # noqa: E731
    assert nearest(colour_at(front, below_neck(uv_front)), shirt) == 'skin'
    assert nearest(colour_at(back, below_neck(uv_back)), shirt) == 'shirt'


def test_heads_at_the_image_border_are_clipped(h36m_paths):
    look = Appearance.random(np.random.default_rng(0))
    image = np.zeros((64, 64, 3), np.uint8)
    from pipeline.training.synthetic import _paint_head
    for centre in ((-30.0, -30.0), (90.0, 20.0), (30.0, -5.0), (63.0, 63.0)):
        _paint_head(image, np.array(centre), 12.0, np.array([0.3, 0.0, -0.95]), look)
    assert image[:5, 25:35].any() and image[58:, 58:].any()  # the parts inside were painted

import numpy as np
import torch

from pipeline.codec import RootScaleCodec
from pipeline.geometry.camera import (Camera, assumed_intrinsics, camera_to_world, image_coordinates, load_cameras,
                                      look_at_root, normalize_screen_coordinates, project, root_position, unproject,
                                      world_to_camera)
from pipeline.geometry.transforms import rotation_matrix


def make_camera(k=(0, 0, 0), p=(0, 0)):
    return Camera(R=rotation_matrix(0.3, 0.1, 0.05), T=np.array([100.0, -200.0, 3000.0]), f=np.array([1100.0, 1120.0]),
                  c=np.array([500.0, 510.0]), k=np.array(k, float), p=np.array(p, float), width=1000, height=1002)


def test_world_camera_round_trip():
    X = np.random.default_rng(0).normal(scale=500, size=(10, 17, 3))
    cam = make_camera()
    np.testing.assert_allclose(camera_to_world(world_to_camera(X, cam), cam), X, atol=1e-9)


def test_project_unproject_round_trip():
    cam = make_camera()
    X = np.random.default_rng(1).normal(scale=300, size=(5, 17, 3)) + [0, 0, 4000]
    uv = project(X, cam, distort=False)
    np.testing.assert_allclose(unproject(uv, X[..., 2], cam), X, atol=1e-8)


def test_distortion_matches_hand_computation():
    cam = make_camera(k=(-0.2, 0.25, -0.003), p=(-0.001, 0.002))
    X = np.array([[[300.0, -150.0, 2000.0]]])
    x, y = 0.15, -0.075
    r2 = x * x + y * y
    radial = 1 - 0.2 * r2 + 0.25 * r2 ** 2 - 0.003 * r2 ** 3
    tan = -0.001 * y + 0.002 * x
    expected = [1100 * (x * (radial + tan) + 0.002 * r2) + 500, 1120 * (y * (radial + tan) - 0.001 * r2) + 510]
    np.testing.assert_allclose(project(X, cam)[0, 0], expected, rtol=1e-12)


def test_screen_coordinates_round_trip():
    uv = np.array([[0.0, 0.0], [1000.0, 1002.0], [500.0, 501.0]])
    xy = normalize_screen_coordinates(uv, 1000, 1002)
    np.testing.assert_allclose(xy[0], [-1, -1.002])
    np.testing.assert_allclose(image_coordinates(xy, 1000, 1002), uv)


def test_projected_ground_truth_lands_on_the_detections(h36m_s1):
    # The shared README: projections land within about 5-15 px of the detections for most joints.
    error = np.linalg.norm(h36m_s1['gt_2d'] - h36m_s1['sh_2d'], axis=-1)
    legs_and_arms = [1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16]
    assert np.median(error[:, legs_and_arms]) < 15


def test_cameras_file_loads(h36m_paths):
    cams = load_cameras(h36m_paths['cameras'])
    cam = cams['S1']['54138969']
    np.testing.assert_allclose(cam.R @ cam.R.T, np.eye(3), atol=1e-6)
    assert cam.width == 1000 and cam.height == 1002


def test_look_at_root_sees_every_person_head_on():
    cam = make_camera()
    X = np.random.default_rng(2).normal(scale=300, size=(6, 17, 3)) + [900, -400, 4000]  # off the image centre
    uv = torch.from_numpy(project(X, cam, distort=False))
    xy, R = look_at_root(uv, cam.f, cam.c)
    assert torch.allclose(R @ R.transpose(-1, -2), torch.eye(3, dtype=R.dtype).expand_as(R), atol=1e-12)
    assert torch.allclose(torch.det(R), torch.ones(6, dtype=R.dtype))
    seen = torch.from_numpy(X) @ R.transpose(-1, -2)  # the same people in the virtual camera's frame
    assert torch.allclose(xy, seen[..., :2] / seen[..., 2:], atol=1e-12)
    assert xy[:, 0].abs().max() < 1e-12  # the root on the optical axis
    # A person already on the optical axis: the virtual camera is the real one.
    _, R0 = look_at_root(torch.from_numpy(cam.c)[None, None].expand(1, 17, 2).clone(), cam.f, cam.c)
    assert torch.allclose(R0[0], torch.eye(3, dtype=R0.dtype))


def test_perspective_codec_turns_3d_back_into_the_camera_frame():
    cam = make_camera()
    X = torch.from_numpy(np.random.default_rng(3).normal(scale=300, size=(4, 17, 3)) + [-700, 300, 3500])
    codec = RootScaleCodec(perspective=True)
    _, R = codec.view(torch.from_numpy(project(X.numpy(), cam, distort=False)), (cam.f, cam.c))
    encoded = codec.encode_3d(X, R)  # the target a perspective lifter learns: the pose in its view
    assert not torch.allclose(encoded, codec.encode_3d(X), atol=1e-3)
    assert torch.allclose(codec.decode_3d(encoded, R), X - X[:, :1], atol=1e-9)
    # Without intrinsics it is the plain codec.
    assert codec.view(X[..., :2], None)[1] is None


def test_assumed_intrinsics_centre_the_principal_point():
    f, c = assumed_intrinsics(1280, 720)
    np.testing.assert_array_equal(f, [1280, 1280])
    np.testing.assert_array_equal(c, [640, 360])
    assert assumed_intrinsics(1280, 720, focal=900)[0][0] == 900


def test_root_position_puts_the_pose_back_where_it_stood():
    """Poses projected from known positions, each frame with its own camera: solved back exactly; a joint
    whose 2D is wrong changes nothing when it weighs nothing."""
    rng = np.random.default_rng(0)
    pose = rng.normal(size=(6, 17, 3)) * 300
    pose -= pose[:, :1]
    where = np.array([200.0, -300.0, 4500.0]) + rng.normal(size=(6, 3)) * [500, 200, 1000]
    f, c = rng.uniform(900, 1500, (6, 2)), rng.uniform(300, 700, (6, 2))
    seen = pose + where[:, None]
    uv = f[:, None] * seen[..., :2] / seen[..., 2:] + c[:, None]
    np.testing.assert_allclose(root_position(pose, uv, f, c), where, atol=1e-3)
    uv[:, 5] += 400  # one joint detected far off
    weights = np.ones((6, 17))
    weights[:, 5] = 0
    np.testing.assert_allclose(root_position(pose, uv, f, c, weights), where, atol=1e-3)
    assert np.abs(root_position(pose, uv, f, c) - where).max() > 10


def test_root_position_of_human36m_from_its_true_poses(h36m_s1):
    """The mocap pose, root-relative, and its 2D (projected with lens distortion, which the solve ignores):
    the person is placed within a few centimetres of where they stood, 3-6 m from the camera."""
    root = root_position(h36m_s1['pose_3d'], h36m_s1['gt_2d'], h36m_s1['f'], h36m_s1['c'])
    error = np.linalg.norm(root - h36m_s1['root'], axis=-1)
    assert np.median(error) < 60 and np.median(error / h36m_s1['root'][:, 2]) < 0.015, np.median(error)

"""The floor under the people: up and the camera's height from where the feet rest."""
import numpy as np
import pytest

from pipeline.geometry.ground import ANKLE_HEIGHT_MM, Ground, fit_ground


def angle_deg(a, b):
    return np.degrees(np.arccos(np.clip(a @ b, -1, 1)))


@pytest.fixture(scope='module')
def walks(h36m_s1, h36m_paths):
    """S1's walking takes from each camera: (camera-frame poses, roots, true up, the camera's height mm)."""
    import json
    cameras = json.loads(h36m_paths['cameras'].read_text())['S1']
    out = []
    for seq in np.unique(h36m_s1['sequence'][np.char.startswith(h36m_s1['action'].astype(str), 'Walking')]):
        m = h36m_s1['sequence'] == seq
        out.append((h36m_s1['pose_3d'][m], h36m_s1['root'][m], h36m_s1['up'][m][0],
                    cameras[h36m_s1['camera'][m][0]]['T'][2]))
    return out


def lean(pose, root, degrees):
    """Tilt each whole body about the ankle it stands on (the lower one), about the camera's x axis: the
    spine no longer points up, while the feet on the floor stay where they were."""
    from scipy.spatial.transform import Rotation
    joints = pose + root[:, None]
    foot = joints[np.arange(len(joints)), np.where(joints[:, 3, 1] > joints[:, 6, 1], 3, 6)][:, None]
    leaned = foot + (joints - foot) @ Rotation.from_euler('x', degrees, degrees=True).as_matrix().T
    return leaned - leaned[:, :1], leaned[:, 0]


def test_floor_of_people_walking_is_found(walks):
    """Human3.6M's cameras look down about 13 degrees. People leaning 8 degrees throughout (so the spine's
    prior is off by 8) still give gravity within 2 degrees from where their feet rest, with lifting-sized
    noise on every joint and on the distance, and the camera's height within 15 cm."""
    rng = np.random.default_rng(0)
    assert len(walks) >= 4
    for pose, root, up, height in walks:
        pose, root = lean(pose, root, 8)
        noisy = pose + rng.normal(0, 30, pose.shape)
        placed = root * (1 + rng.normal(0, 0.01, (len(root), 1)))
        ground = fit_ground([noisy], [placed], fps=2.5)  # every 20th frame of 50 fps
        assert angle_deg(ground.up, up) < 2 < angle_deg(np.array([0, -1.0, 0]), up)
        assert ground.camera_height == pytest.approx(height, abs=150)
        assert ground.contacts > 0.5 * len(pose) and ground.spread < 50  # mm: 30 of noise on each ankle
        spine = (pose[:, 8] - pose[:, 0]) / np.linalg.norm(pose[:, 8] - pose[:, 0], axis=-1, keepdims=True)
        assert angle_deg(spine.mean(0) / np.linalg.norm(spine.mean(0)), up) > 6  # the prior alone is off


def test_world_frame_is_upright_with_feet_on_the_floor(walks):
    pose, root, up, _ = walks[0]
    ground = fit_ground([pose], [root], fps=2.5)
    R, t = ground.camera_to_world()
    np.testing.assert_allclose(R @ R.T, np.eye(3), atol=1e-9)
    assert np.linalg.det(R) == pytest.approx(1)
    np.testing.assert_allclose(R @ ground.up, [0, 1, 0], atol=1e-9)
    world = ground.to_world(pose + root[:, None])
    lower_foot = world[:, [3, 6], 1].min(1)
    assert np.median(np.abs(lower_foot - ANKLE_HEIGHT_MM)) < 30  # mm: the ankles of the standing foot
    assert np.median(world[:, 10, 1]) > 1400  # heads well above the floor
    # The camera is at the origin of its own frame: in the world it stands at its height over the origin.
    np.testing.assert_allclose(ground.to_world(np.zeros(3)), [0, ground.camera_height, 0])


def test_a_person_who_never_moves_keeps_the_spine_prior():
    """Too few frames to fit a plane: up is the mean pelvis-to-thorax direction, and nothing is claimed."""
    pose = np.zeros((3, 17, 3))
    pose[:, 8] = [0, -500, -100]  # thorax above the pelvis, leaning towards the camera
    pose[:, [3, 6], 1] = 900
    ground = fit_ground([pose], [np.array([[0, 0, 4000.0]] * 3)], fps=25)
    assert ground.contacts == 0 and np.isnan(ground.spread)
    np.testing.assert_allclose(ground.up, np.array([0, -500, -100]) / np.hypot(500, 100))
    assert fit_ground([], [], fps=25) is None
    lost = fit_ground([np.full((5, 17, 3), np.nan)], [np.zeros((5, 3))], fps=25)  # no finite pose at all
    assert lost.contacts == 0 and np.isfinite(lost.camera_to_world()[0]).all()
    assert isinstance(ground, Ground)

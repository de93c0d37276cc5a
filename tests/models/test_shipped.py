"""The one place the runtime loads models: the shipped defaults, a named config, clear errors."""
import pytest

from models.shipped import DEFAULT_LIFTER, DEFAULT_LIVE_LIFTER, ROOT, config_path, load_demo_lifter, load_image_model
from pipeline.errors import UserError


def test_defaults_are_the_centred_and_the_causal_temporal_lifters():
    assert DEFAULT_LIFTER == 'temporal_tcn81_h36m_all' and DEFAULT_LIVE_LIFTER == 'temporal_tcn81_h36m_causal_all'
    files, live = load_demo_lifter(), load_demo_lifter(default=DEFAULT_LIVE_LIFTER)
    assert files.receptive_field == live.receptive_field == 81 and not files.causal and live.causal


def test_missing_checkpoint_and_unknown_image_model_are_clear_errors(tmp_path):
    with pytest.raises(UserError, match='no checkpoint for deepbase2_h36m.py'):
        load_demo_lifter('configs/lifters/deepbase2_h36m.py')
    with pytest.raises(UserError, match="unknown image model 'nope'"):
        load_image_model('nope', tmp_path / 'x.pth')
    with pytest.raises(UserError, match='crossmodal_vae has no shipped checkpoint: pass --checkpoint'):
        load_image_model('crossmodal_vae', None)  # the GPU config: trained by its user, not shipped


SHIPPED_LIFTERS = sorted(p.stem for p in (ROOT / 'checkpoints').glob('*.pth') if config_path(p.stem).is_file())


@pytest.mark.parametrize('name', SHIPPED_LIFTERS)
def test_every_shipped_lifter_loads_through_its_config_and_lifts(name):
    """Each checkpoints/X.pth beside configs/lifters/X.py loads strictly into the model its config builds (a
    refactor that renames a layer breaks this) and lifts a short track to finite, body-sized poses."""
    import numpy as np
    lifter = load_demo_lifter(config_path(name))
    rng = np.random.default_rng(0)
    person = np.array([[500, 400], [470, 400], [470, 520], [470, 640], [530, 400], [530, 520], [530, 640],
                       [500, 340], [500, 280], [500, 260], [500, 230], [540, 290], [570, 350], [590, 400],
                       [460, 290], [430, 350], [410, 400]], np.float32)
    track = person + rng.normal(scale=2.0, size=(12, 17, 2)).astype(np.float32)
    poses = lifter.lift_sequences(track)
    assert poses.shape == (12, 17, 3) and np.isfinite(poses).all()
    assert 200 < np.linalg.norm(poses[:, 10] - poses[:, 0], axis=-1).mean() < 1500  # head above root, in mm


SHIPPED_IMAGE_MODELS = sorted(p.stem for p in (ROOT / 'checkpoints').glob('*.pth')
                              if (ROOT / 'configs' / 'image' / f'{p.stem}.py').is_file())


@pytest.mark.parametrize('name', SHIPPED_IMAGE_MODELS)
def test_every_shipped_image_model_loads_by_name_and_lifts_crops(name, video_cache):
    """--model NAME without --checkpoint takes checkpoints/NAME.pth (at most 50 MB), and its 3D of real
    person crops is a body: finite, root at the origin, the head 20-150 cm from the root."""
    import numpy as np
    assert (ROOT / 'checkpoints' / f'{name}.pth').stat().st_size <= 50 * 2 ** 20
    model = load_image_model(name)
    crops = np.load(video_cache / 'clips' / '000000' / 'crops.npy')[:8]
    poses = model.lift_images(crops)
    assert poses.shape == (8, 17, 3) and np.isfinite(poses).all() and np.all(poses[:, 0] == 0)
    assert 200 < np.linalg.norm(poses[:, 10], axis=-1).mean() < 1500

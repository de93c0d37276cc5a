"""The one place the runtime loads models: the shipped defaults, a named config, clear errors."""
import pytest

from models.shipped import DEFAULT_LIFTER, DEFAULT_LIVE_LIFTER, load_demo_lifter, load_image_model
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

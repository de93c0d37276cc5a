"""Finding and loading a lifter for the demos: the shipped default unless the user names one."""
from pathlib import Path

from pipeline.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LIFTER = 'simple_baseline_h36m_all'
DEFAULT_CONFIG = ROOT / 'configs' / 'lifters' / f'{DEFAULT_LIFTER}.py'
DEFAULT_CHECKPOINT = ROOT / 'checkpoints' / f'{DEFAULT_LIFTER}.pth'


def load_demo_lifter(config=None, checkpoint=None, device='cpu'):
    """--lifter CONFIG --checkpoint FILE; CONFIG alone takes checkpoints/<config stem>.pth; neither: the default."""
    import models  # noqa: F401  (registers every lifter)
    from models.checkpoint import load_lifter
    from pipeline.cli import load_config
    config = Path(config) if config else DEFAULT_CONFIG
    checkpoint = Path(checkpoint) if checkpoint else ROOT / 'checkpoints' / f'{config.stem}.pth'
    if not checkpoint.is_file():
        raise UserError(f'no checkpoint for {config.name}: {checkpoint} not found (pass --checkpoint)')
    cfg = load_config(config)
    return load_lifter(checkpoint, cfg.model.to_dict(), device)

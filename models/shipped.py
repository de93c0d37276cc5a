"""Finding and loading a lifter for the demos: the shipped default unless the user names one."""
from pathlib import Path

from pipeline.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
# Files and folders: each track is lifted as a whole sequence by the centred temporal lifter (on a real video
# with motion capture, 53.9 mm P2 against the single-frame default's 59.5).
DEFAULT_LIFTER = 'temporal_tcn81_h36m_all'
# Live input has no future frames: the causal temporal lifter, which needs none and removes jitter.
DEFAULT_LIVE_LIFTER = 'temporal_tcn81_h36m_causal_all'


def config_path(name):
    return ROOT / 'configs' / 'lifters' / f'{name}.py'


def load_demo_lifter(config=None, checkpoint=None, device='cpu', default=DEFAULT_LIFTER):
    """--lifter CONFIG --checkpoint FILE; CONFIG alone takes checkpoints/<config stem>.pth; neither: `default`."""
    import models  # noqa: F401  (registers every lifter)
    from models.checkpoint import load_lifter
    from pipeline.cli import load_config
    config = Path(config) if config else config_path(default)
    checkpoint = Path(checkpoint) if checkpoint else ROOT / 'checkpoints' / f'{config.stem}.pth'
    if not checkpoint.is_file():
        raise UserError(f'no checkpoint for {config.name}: {checkpoint} not found (pass --checkpoint)')
    cfg = load_config(config)
    return load_lifter(checkpoint, cfg.model.to_dict(), device)


def load_image_model(name, checkpoint=None, device='cpu'):
    """--model NAME [--checkpoint FILE]: an image model (configs/image/NAME.py, or a config path); without
    --checkpoint the shipped checkpoints/<NAME>.pth."""
    import models  # noqa: F401
    from models.checkpoint import load_lifter
    from pipeline.cli import load_config
    config = Path(name) if name.endswith('.py') else ROOT / 'configs' / 'image' / f'{name}.py'
    if not config.is_file():
        known = ', '.join(sorted(p.stem for p in (ROOT / 'configs' / 'image').glob('*.py')))
        raise UserError(f'unknown image model {name!r} (known: {known})')
    if not checkpoint:
        checkpoint = ROOT / 'checkpoints' / f'{config.stem}.pth'
        if not checkpoint.is_file():
            shipped = ', '.join(sorted(p.stem for p in (ROOT / 'configs' / 'image').glob('*.py')
                                       if (ROOT / 'checkpoints' / f'{p.stem}.pth').is_file()))
            raise UserError(f'--model {name} has no shipped checkpoint: pass --checkpoint (e.g. WORK_DIR/lifter.pth '
                            f'from tools/train.py){"; shipped: " + shipped if shipped else ""}')
    model = load_lifter(checkpoint, device=device)
    if type(model).__name__ != load_config(config).model.type:
        raise UserError(f'{checkpoint} holds a {type(model).__name__}, not a {load_config(config).model.type}')
    return model

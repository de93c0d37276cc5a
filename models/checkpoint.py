"""Self-describing lifter checkpoints: the model's config (type, arguments, codec) beside its weights,
so inference rebuilds the model from the checkpoint alone. Loaded with weights_only=True: no pickled code.
"""
import pickle
from pathlib import Path

import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from pipeline.errors import UserError
from pipeline.io import atomic_write
from pipeline.registry import HOOKS, MODELS, build

FORMAT = 'lift3d-lifter/1'


def export_lifter(model, model_cfg, path, meta=None, half=True):
    """Write `model`'s inference weights and `model_cfg` (a plain dict) to `path` atomically."""
    skip = getattr(model, 'training_only_prefixes', ())
    state = {k: (v.half() if half and v.is_floating_point() else v).detach().cpu()
             for k, v in model.state_dict().items() if not k.startswith(skip)}
    with atomic_write(path) as tmp:
        torch.save(dict(format=FORMAT, model=model_cfg, state_dict=state, meta=meta or {}), tmp)


def read_checkpoint(path):
    path = Path(path)
    if not path.is_file():
        raise UserError(f'checkpoint not found: {path}')
    try:
        ckpt = torch.load(path, map_location='cpu', weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError) as e:
        raise UserError(f'{path} is not a lift3d checkpoint (refused to load: {str(e).splitlines()[0]})') from None
    if not isinstance(ckpt, dict) or ckpt.get('format') != FORMAT:
        raise UserError(f'{path} is not a lift3d lifter checkpoint (no {FORMAT!r} header); '
                        'training writes one as lifter.pth in its work dir')
    return ckpt


def load_lifter(path, model_cfg=None, device='cpu'):
    """Build the lifter a checkpoint describes and load its weights.

    With model_cfg (e.g. from a config file), the checkpoint must be of that model type.
    """
    ckpt = read_checkpoint(path)
    cfg = dict(ckpt['model'])
    if model_cfg is not None:
        differ = sorted(k for k in set(cfg) | set(model_cfg) if cfg.get(k) != model_cfg.get(k))
        if differ:
            got = ', '.join(f'{k}={cfg.get(k)!r}' for k in differ)
            want = ', '.join(f'{k}={model_cfg.get(k)!r}' for k in differ)
            raise UserError(f'{path} is a checkpoint of another model: it has {got}; the config wants {want}')
    model = build(MODELS, cfg)
    own = {k for k in model.state_dict() if not k.startswith(getattr(model, 'training_only_prefixes', ()))}
    if own != set(ckpt['state_dict']):
        raise UserError(f'{path}: its weights do not fit a {cfg["type"]} with these arguments')
    model.load_state_dict(ckpt['state_dict'], strict=False)
    model.meta = ckpt.get('meta', {})
    return model.float().to(device).eval()


@HOOKS.register_module()
class ExportLifterHook(Hook):
    """With each checkpoint (and at the end), writes work_dir/lifter.pth for tools/test.py and the demo."""

    priority = 'LOW'

    def __init__(self, filename='lifter.pth', meta=None):
        self.filename, self.meta = filename, meta or {}

    def _export(self, runner):
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        meta = dict(self.meta, iter=runner.iter, config=Path(runner.cfg.filename or '').name)
        if runner.rank == 0:
            export_lifter(model, runner.cfg.model.to_dict(), Path(runner.work_dir) / self.filename, meta)

    def before_save_checkpoint(self, runner, checkpoint):
        self._export(runner)

    def after_train(self, runner):
        self._export(runner)

"""Self-describing lifter checkpoints: the model's config (type, arguments, codec) beside its weights,
so inference rebuilds the model from the checkpoint alone. Loaded with weights_only=True: no pickled code.
"""
import inspect
import pickle
import shutil
from pathlib import Path

import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from pipeline.errors import UserError
from pipeline.io import atomic_write
from pipeline.registry import CODECS, HOOKS, MODELS, build

FORMAT = 'lift3d-lifter/1'


def export_lifter(model, model_cfg, path, meta=None, half=True, state_dict=None):
    """Write `model`'s inference weights (or those of `state_dict`) and `model_cfg` (a plain dict) to
    `path` atomically."""
    model_cfg = inference_cfg(model, model_cfg)
    skip = getattr(model, 'training_only_prefixes', ())
    state = {k: (v.half() if half and v.is_floating_point() else v).detach().cpu()
             for k, v in (state_dict or model.state_dict()).items() if not k.startswith(skip)}
    with atomic_write(path) as tmp:
        torch.save(dict(format=FORMAT, model=model_cfg, state_dict=state, meta=meta or {}), tmp)


def inference_cfg(model, model_cfg):
    """The model's config without its training-only arguments (e.g. a distillation teacher's path)."""
    drop = getattr(model, 'training_only_args', ())
    return {k: v for k, v in model_cfg.items() if k not in drop}


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
        model_cls = MODELS.get(model_cfg.get('type'))
        model_cfg = {k: v for k, v in model_cfg.items() if k not in getattr(model_cls, 'training_only_args', ())}
        if cfg.get('type') != model_cfg.get('type'):
            raise UserError(f'{path} is a checkpoint of another model: it holds a {cfg.get("type")}, '
                            f'the config wants a {model_cfg.get("type")}')
        have, want = _with_codec_defaults(cfg), _with_codec_defaults(model_cfg)
        differ = sorted(k for k in set(have) | set(want) if have.get(k) != want.get(k))
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


def _with_codec_defaults(model_cfg):
    """The model config with its codec's defaults spelled out: a config that writes a default codec
    argument (or a checkpoint from before that argument existed) describes the same model."""
    codec = model_cfg.get('codec')
    codec_cls = CODECS.get(codec.get('type')) if isinstance(codec, dict) else None
    if codec_cls is None:
        return model_cfg
    defaults = {k: p.default for k, p in inspect.signature(codec_cls).parameters.items()
                if p.default is not inspect.Parameter.empty}
    return {**model_cfg, 'codec': {**defaults, **codec}}


@HOOKS.register_module()
class ExportLifterHook(Hook):
    """With each checkpoint (and at the end), writes work_dir/lifter.pth for tools/test.py and the demo.

    It exports the checkpoint's weights, which are the averaged ones when an EMAHook runs (that hook
    swaps them in first: it has a higher priority). keep_all: also keep lifter_iter_<N>.pth per checkpoint.
    """

    priority = 'LOW'

    def __init__(self, filename='lifter.pth', meta=None, keep_all=False):
        self.filename, self.meta, self.keep_all = filename, meta or {}, keep_all
        self.exported_iter = None

    def _export(self, runner, iteration, state_dict=None):
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        meta = dict(self.meta, iter=iteration, config=Path(runner.cfg.filename or '').name)
        if runner.rank == 0:
            path = Path(runner.work_dir) / self.filename
            export_lifter(model, runner.cfg.model.to_dict(), path, meta, state_dict=state_dict)
            if self.keep_all:
                shutil.copyfile(path, path.with_name(f'{path.stem}_iter_{iteration}{path.suffix}'))
        self.exported_iter = iteration

    def before_save_checkpoint(self, runner, checkpoint):
        # Checkpoints are saved at the end of an iteration, before runner.iter counts it; meta has the count.
        self._export(runner, checkpoint['meta']['iter'], checkpoint['state_dict'])

    def after_train(self, runner):
        if self.exported_iter != runner.iter:  # the last checkpoint's export already holds these weights
            self._export(runner, runner.iter)

"""Training bookkeeping: every validation with the wall time since training began; image previews."""
import json
import time
from pathlib import Path

from mmengine.hooks import Hook

from pipeline.io import atomic_write
from pipeline.registry import HOOKS


@HOOKS.register_module()
class ValHistoryHook(Hook):
    """Appends {iter, seconds, metrics} to work_dir/val_history.json after each validation.

    `seconds` counts training wall time only (validation excluded) and carries over a resume, so
    'time to reach 45 mm' is an honest number even for an interrupted run.
    """

    def before_train(self, runner):
        self.path = Path(runner.work_dir) / 'val_history.json'
        self.history = json.loads(self.path.read_text()) if self.path.is_file() and runner._resume else []
        self.trained = self.history[-1]['seconds'] if self.history else 0.0
        self.since = time.perf_counter()

    def before_val(self, runner):
        if hasattr(self, 'since'):
            self.trained += time.perf_counter() - self.since

    def after_val_epoch(self, runner, metrics=None):
        if runner.rank == 0 and hasattr(self, 'path') and metrics:
            self.history.append(dict(iter=runner.iter, seconds=round(self.trained, 2),
                                     **{k: float(v) for k, v in metrics.items()}))
            with atomic_write(self.path) as tmp, open(tmp, 'w') as f:
                json.dump(self.history, f, indent=1)
        self.since = time.perf_counter()


@HOOKS.register_module()
class ImagePreviewHook(Hook):
    """Every `interval` iterations, work_dir/previews/iter_<N>.png: the model's picture of a training batch
    (reconstructions beside their targets), to watch an image model learn."""

    def __init__(self, interval=500):
        self.interval = interval

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if runner.rank != 0 or (runner.iter + 1) % self.interval or data_batch is None:
            return
        import cv2
        model = runner.model.module if hasattr(runner.model, 'module') else runner.model
        path = Path(runner.work_dir) / 'previews' / f'iter_{runner.iter + 1}.png'
        ok, png = cv2.imencode('.png', model.preview(data_batch))
        with atomic_write(path) as tmp:
            Path(tmp).write_bytes(png.tobytes())

"""Training bookkeeping the benchmarks read: every validation with the wall time since training began."""
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

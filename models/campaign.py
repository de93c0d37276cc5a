"""Training campaigns: runs of hours that span many sittings on a CPU.

    CampaignTrainLoop  mmengine's iteration loop, plus: a wall-time budget (`time_budget` seconds: save a
                       checkpoint and stop, exit 0), and a resume that is bit-exact and O(1): the infinite
                       sampler is moved to its position instead of fetching every batch already trained on,
                       and the random generators are restored as they were when the checkpoint was saved.
    CampaignHook       <work_dir>/campaign.json: every run (sitting) of the campaign, and points along one
                       curve over all of them: iteration, samples seen, training wall time, the smoothed
                       training loss and every validation metric.

A checkpoint carries checkpoint['campaign'] = {rng, wall_s, samples}: the generators of every rank, and the
campaign's wall time and samples up to that iteration, so a run killed after its last checkpoint leaves
no trace in the curve of the run that resumes it.
"""
import itertools
import json
import random
import re
import socket
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import torch
from mmengine import dist
from mmengine.dataset import InfiniteSampler
from mmengine.hooks import CheckpointHook, Hook
from mmengine.logging import print_log
from mmengine.runner import IterBasedTrainLoop
from mmengine.runner.loops import _InfiniteDataloaderIterator

from pipeline.errors import UserError
from pipeline.io import atomic_write
from pipeline.registry import HOOKS, LOOPS


def rng_state():
    """Every generator a training step draws from (torch, CUDA, numpy, Python), as plain tensors and lists."""
    kind, keys, pos, has_gauss, gauss = np.random.get_state()
    state = dict(torch=torch.get_rng_state(), numpy=[kind, torch.from_numpy(keys.astype(np.int64)), pos, has_gauss, gauss],
                 python=random.getstate())
    if torch.cuda.is_available():
        state['cuda'] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state):
    torch.set_rng_state(state['torch'])
    kind, keys, pos, has_gauss, gauss = state['numpy']
    np.random.set_state((kind, keys.numpy().astype(np.uint32), pos, has_gauss, gauss))
    random.setstate(tuple(tuple(x) if isinstance(x, list) else x for x in state['python']))
    if 'cuda' in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state['cuda'])


def batch_size(runner):
    """Samples one iteration trains on, over all ranks."""
    return runner.train_dataloader.batch_size * dist.get_world_size()


@LOOPS.register_module()
class CampaignTrainLoop(IterBasedTrainLoop):
    """IterBasedTrainLoop with `time_budget` (seconds of this run, None: none) and a bit-exact, O(1) resume."""

    def __init__(self, runner, dataloader, max_iters, time_budget=None, **kwargs):
        super().__init__(runner, dataloader, max_iters, **kwargs)
        self.time_budget = time_budget
        self.out_of_time = False

    def fast_forward(self, iters):
        """Put the data stream where it was after `iters` iterations without producing those batches."""
        sampler = self.dataloader.batch_sampler.sampler if self.dataloader.batch_sampler else self.dataloader.sampler
        if not isinstance(sampler, InfiniteSampler):
            print_log(f'fetching {iters} batches to reach the resumed position ({type(sampler).__name__} cannot '
                      'skip)', logger='current')
            for _ in range(iters):
                next(self.dataloader_iterator)
            return
        # The rank's infinite index stream, started anew (a fixed seed) and skipped past what was trained on.
        sampler.indices = itertools.islice(sampler._indices_of_rank(), iters * self.dataloader.batch_size, None)
        self.dataloader_iterator = _InfiniteDataloaderIterator(self.dataloader)

    def spent(self, started):
        """Whether this run's budget is spent; every rank stops at the same iteration."""
        if self.time_budget is None:
            return False
        flag = torch.tensor(float(time.perf_counter() - started >= self.time_budget))
        dist.all_reduce(flag, op='max')
        return bool(flag)

    def run(self):
        self.runner.call_hook('before_train')
        self.runner.call_hook('before_train_epoch')
        if self._iter > 0:
            self.fast_forward(self._iter)
        campaign = next((h for h in self.runner.hooks if isinstance(h, CampaignHook)), None)
        if campaign is not None:
            campaign.restore_rng()  # after the data stream is placed, which may draw from them
        started = time.perf_counter()
        while self._iter < self._max_iters and not self.stop_training:
            self.runner.model.train()
            self.run_iter(next(self.dataloader_iterator))
            self._decide_current_val_interval()
            if (self.runner.val_loop is not None and self._iter >= self.val_begin
                    and (self._iter % self.val_interval == 0 or self._iter == self._max_iters)):
                self.runner.val_loop.run()
            if self._iter < self._max_iters and self.spent(started):
                self.save_now()
                self.out_of_time = True
                print_log(f'time budget of {self.time_budget:.0f} s spent at iteration {self._iter}: checkpoint '
                          'saved, continue with --resume', logger='current')
                break
        self.runner.call_hook('after_train_epoch')
        self.runner.call_hook('after_train')
        return self.runner.model

    def save_now(self):
        """A checkpoint at the current iteration, through the CheckpointHook (its naming, keep-last and
        last_checkpoint file), unless it has just written one."""
        hook = next((h for h in self.runner.hooks if isinstance(h, CheckpointHook)), None)
        if hook is None:
            self.runner.save_checkpoint(self.runner.work_dir, f'iter_{self._iter}.pth', by_epoch=False)
            return
        if hook.last_ckpt is None or not str(hook.last_ckpt).endswith(f'iter_{self._iter}.pth'):
            self._iter -= 1  # the hook names and stamps a checkpoint as after iteration runner.iter + 1
            campaign = next((h for h in self.runner.hooks if isinstance(h, CampaignHook)), None)
            if campaign is not None:
                campaign.gather_rng(self.runner)
            try:
                hook._save_checkpoint(self.runner)
            finally:
                self._iter += 1


@HOOKS.register_module()
class CampaignHook(Hook):
    """Keeps <work_dir>/campaign.json and the campaign's state in every checkpoint (see the module doc).

    Points are added at every validation and every `interval` iterations (the training loss averaged
    over those iterations)."""

    priority = 'VERY_HIGH'  # its checkpoint state is in place before any other hook saves

    def __init__(self, interval=1000):
        self.interval = interval
        self._rng = None
        self.wall_before, self.samples_before = 0.0, 0  # the campaign's, up to the resumed checkpoint

    # --- the campaign's state in checkpoints --------------------------------------------------------
    def before_train(self, runner):
        self.path = Path(runner.work_dir) / 'campaign.json'
        self.since = time.perf_counter()
        self.iter_before = runner.iter
        if runner.rank == 0:
            self.record = json.loads(self.path.read_text()) if self.path.is_file() else dict(runs=[], points=[])
            for run in self.record['runs']:
                if run['status'] == 'running':  # it never closed itself: killed, or the machine went away
                    run['status'] = 'interrupted'
            # Points past the iteration this run resumes from were lost with the run that made them.
            self.record['points'] = [p for p in self.record['points'] if p['iter'] <= runner.iter]
            self.record['runs'].append(dict(
                started=datetime.now(timezone.utc).isoformat(timespec='seconds'), host=socket.gethostname(),
                threads=torch.get_num_threads(), world_size=dist.get_world_size(), batch=batch_size(runner),
                start_iter=runner.iter, end_iter=runner.iter, samples=[self.samples_before] * 2,
                wall_s=0.0, status='running'))
            self.save()

    def wall(self):
        return self.wall_before + time.perf_counter() - self.since

    def samples(self, runner):
        return self.samples_before + (runner.iter - self.iter_before) * batch_size(runner)

    def gather_rng(self, runner):
        """Every rank's generators, for the checkpoint about to be saved. A collective, so all ranks call it
        together (the Runner saves on rank 0 alone); one process needs none."""
        if dist.get_world_size() > 1:
            self._states = (runner.iter, dist.all_gather_object(rng_state()))

    def checkpoint_due(self, runner):
        hook = next((h for h in runner.hooks if isinstance(h, CheckpointHook)), None)
        return hook is not None and not hook.by_epoch and (
            hook.every_n_train_iters(runner, hook.interval, hook.save_begin)
            or (hook.save_last and hook.is_last_train_iter(runner)))

    def before_save_checkpoint(self, runner, checkpoint):
        # The checkpoint is stamped as after iteration runner.iter + 1 (the hook runs before the increment).
        gathered = getattr(self, '_states', None)
        states = gathered[1] if gathered and gathered[0] == runner.iter else [rng_state()]
        done = int(checkpoint.get('meta', {}).get('iter', runner.iter))
        checkpoint['campaign'] = dict(rng=states, wall_s=self.wall(),
                                      samples=self.samples_before + (done - self.iter_before) * batch_size(runner))

    def after_load_checkpoint(self, runner, checkpoint):
        state = checkpoint.get('campaign')
        # Not when a fine-tune starts from another run's weights (load_from): that is a new campaign. And a
        # checkpoint from before campaigns has none: the curve restarts its clock, the generators are new.
        if state is None or not runner._resume:
            return
        self.wall_before, self.samples_before = float(state['wall_s']), int(state['samples'])
        states = state['rng']
        self._rng = states[dist.get_rank()] if dist.get_rank() < len(states) else None

    def restore_rng(self):
        if self._rng is not None:
            set_rng_state(self._rng)
            self._rng = None

    # --- campaign.json ------------------------------------------------------------------------------
    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if dist.get_world_size() > 1 and self.checkpoint_due(runner):  # runs before the CheckpointHook's save
            self.gather_rng(runner)
        done = runner.iter + 1
        if done % self.interval == 0:
            loss = runner.message_hub.get_scalar('train/loss') if 'train/loss' in runner.message_hub.log_scalars else None
            self.add_point(runner, done, dict(loss=float(loss.mean(self.interval))) if loss is not None else {})

    def after_val_epoch(self, runner, metrics=None):
        if metrics:
            self.add_point(runner, runner.iter, {k: float(v) for k, v in metrics.items()})

    def add_point(self, runner, iteration, values):
        if runner.rank != 0:
            return
        points = self.record['points']
        point = next((p for p in points if p['iter'] == iteration), None)
        if point is None:
            point = dict(iter=iteration, samples=self.samples_before + (iteration - self.iter_before) * batch_size(runner),
                         wall_s=round(self.wall(), 2), run=len(self.record['runs']) - 1)
            points.append(point)
        point.update(values)
        self.close_run(runner, 'running')

    def after_train(self, runner):
        if runner.rank == 0:
            loop = runner.train_loop
            self.close_run(runner, 'budget' if getattr(loop, 'out_of_time', False) else
                           'finished' if runner.iter >= loop.max_iters else 'stopped')

    def close_run(self, runner, status):
        run = self.record['runs'][-1]
        run.update(end_iter=runner.iter, samples=[run['samples'][0], self.samples(runner)],
                   wall_s=round(self.wall() - self.wall_before, 2), status=status)
        self.record['total'] = dict(iters=runner.iter, samples=self.samples(runner), wall_s=round(self.wall(), 2),
                                    runs=len(self.record['runs']))
        self.save()

    def save(self):
        with atomic_write(self.path) as tmp, open(tmp, 'w') as f:
            json.dump(self.record, f, indent=1)


def parse_duration(text):
    """'2h30m', '90m', '45s', '1.5h' or plain seconds -> seconds."""
    text = str(text).strip().lower()
    parts = re.fullmatch(r'(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s?)?', text)
    if not text or parts is None or not any(parts.groups()):
        raise UserError(f'cannot read the duration {text!r}: write it like 2h30m, 90m, 45s or 3600')
    h, m, s = (float(g) if g else 0.0 for g in parts.groups())
    return h * 3600 + m * 60 + s


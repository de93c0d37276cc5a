"""Training throughput per model family against the machine's matmul roofline in the training precision
(bf16 autocast where the CPU does bf16 natively, AMX / AVX-512 BF16; fp32 elsewhere, see models/optim.py).

    python tools/benchmark_training.py --out benchmarks/training.json [--seconds 10] [--threads 2]
    python tools/benchmark_training.py --out F.json --baseline-rev 780140b   # the trainers of another commit, side by side

For each family it runs the real training step as mmengine's Runner runs it (the family's config, its
dataloader, hooks and optimiser wrappers; validation and checkpoints off), excludes a warm-up, times
`--seconds` of iterations, then counts the FLOPs of a full cycle of its steps (a model that alternates
losses or encoder-decoder pairs) with torch's FlopCounterMode, forward and backward. Each family runs in
its own process. Human3.6M comes from ../shared (LIFT3D_SHARED, or --data-3d/--data-2d/--cameras); the
image models train on a small cache of synthetic renders made here, or on --data CACHE.

JSON: {"roofline_gflops", "precision", "matmul_gflops": {fp32, bf16}, "cpu", "threads", "models": {stem: {family, samples_per_s, flops_per_sample, gflops,
fraction_of_roofline, batch, iterations}}, "baseline": {"rev", "models", "speedup"}}.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get('LIFT3D_SHARED', ROOT.parent / 'shared'))
# stem -> (family, iterations in one cycle of the model's alternating steps)
FAMILIES = {
    'simple_baseline_h36m_all': ('residual lifter', 1),
    'supervised_gan_h36m': ('supervised GAN', 1),
    'temporal_tcn81_h36m_all': ('temporal TCN', 1),
    'tipsy_parts_h36m': ('TIPSy', 1),
    'vae_gan_h36m_all': ('VAE-GAN', 1),
    'crossmodal_vae_cpu': ('cross-modal VAE', 7),
    'kinematic_ae_cpu': ('kinematic AE', 6),
}
CONFIG_DIRS = ('configs/lifters', 'configs/image')


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', help='JSON report (required unless --one)')
    p.add_argument('--seconds', type=float, default=10.0, help='timed training per family')
    p.add_argument('--warmup', type=float, default=3.0, help='seconds of training excluded before timing')
    p.add_argument('--threads', type=int, default=None, help='CPU threads (default: all cores)')
    p.add_argument('--families', help='comma-separated config stems (default: all seven families)')
    p.add_argument('--data-3d', default=str(SHARED / 'data/h36m/h36m_train_3d.npz'))
    p.add_argument('--data-2d', default=str(SHARED / 'data/h36m/h36m_train_sh2d.npz'))
    p.add_argument('--cameras', default=str(SHARED / 'data/h36m/h36m_cameras.json'))
    p.add_argument('--data', help='a prepared video cache for the image models (default: synthetic renders)')
    p.add_argument('--cfg-options', nargs='+', default=[], help='key=value overrides for every family timed here '
                                                               '(e.g. train_dataloader.batch_size=64)')
    p.add_argument('--baseline-rev', help='also time the trainers of this git revision, in a worktree')
    p.add_argument('--one', help=argparse.SUPPRESS)  # internal: time one config in this process, print JSON
    return p.parse_args()


def matmul_gflops(dtype, seconds=1.0):
    """The best matmul rate (GFLOPS) over a few tile-friendly shapes, bf16 under CPU autocast as training runs it."""
    import torch
    best = 0.0
    for m in (1024, 2048, 4096):
        a, b = torch.randn(m, 1024), torch.randn(1024, 1024)
        with torch.autocast('cpu', torch.bfloat16, enabled=dtype == torch.bfloat16):
            a @ b
            runs, start = 0, time.perf_counter()
            while time.perf_counter() - start < seconds:
                a @ b
                runs += 1
        best = max(best, 2 * m * 1024 * 1024 * runs / (time.perf_counter() - start) / 1e9)
        if dtype == torch.bfloat16 and best < 20:  # emulated bf16 (no AVX-512 BF16 / AMX): one shape tells
            break
    return best


def synthetic_cache(data_3d, out):
    """A small cache of rendered people (static and panning cameras, exact labels): the image models' data path."""
    import numpy as np
    from pipeline.people.detectors import PrecomputedKeypoints
    from pipeline.training.synthetic import write_synthetic_videos
    from pipeline.training.video_cache import VideoCache, sidecar_keypoints
    poses = np.load(data_3d)
    clips = [(f'clip{k}', poses[key][:200:2]) for k, key in enumerate(['S1/Walking 1', 'S1/Directions 1',
                                                                      'S5/Eating 1', 'S6/Posing'])]
    write_synthetic_videos(out / 'videos', clips, size=160, pan_every=2)
    cache = VideoCache(out / 'cache', crop_size=64, min_seconds=1.0)
    cache.prepare(out / 'videos', lambda v: PrecomputedKeypoints(sidecar_keypoints(v)), progress=False)
    return cache.root


def time_one(args):
    """Time one config's training step in this process -> its report."""
    sys.path.insert(0, str(ROOT))
    import torch
    if args.threads:
        torch.set_num_threads(args.threads)
    import _bootstrap  # noqa: F401
    import models  # noqa: F401
    from mmengine.config import Config
    from mmengine.hooks import Hook
    from mmengine.runner import Runner
    from torch.utils.flop_counter import FlopCounterMode

    from pipeline.registry import HOOKS

    stem = Path(args.one).stem
    family, cycle = FAMILIES[stem]
    report = dict(family=family)

    @HOOKS.register_module(force=True)
    class ThroughputHook(Hook):
        """Warm-up, then `seconds` of timed iterations, then FLOPs over one cycle; then stops the loop."""
        priority = 'LOWEST'

        def __init__(self):
            self.phase, self.count, self.flops, self.counter = 'warmup', 0, 0, None
            self.start = time.perf_counter()

        def before_train_iter(self, runner, batch_idx, data_batch=None):
            if self.phase == 'flops':
                self.counter = FlopCounterMode(display=False)
                self.counter.__enter__()

        def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
            now = time.perf_counter()
            self.count += 1
            if self.phase == 'warmup' and now - self.start >= args.warmup and self.count >= cycle + 1:
                self.phase, self.count, self.start = 'timed', 0, now
            elif self.phase == 'timed' and now - self.start >= args.seconds and self.count % cycle == 0:
                report.update(iterations=self.count, seconds=now - self.start)
                self.phase, self.count = 'flops', 0
            elif self.phase == 'flops':
                self.counter.__exit__(None, None, None)
                self.flops += self.counter.get_total_flops()
                if self.count == cycle:
                    report['flops_per_iter'] = self.flops / cycle
                    runner.train_loop.stop_training = True

    cfg = Config.fromfile(args.one)
    if args.cfg_options:
        from mmengine.config import DictAction
        cfg.merge_from_dict({k: DictAction._parse_iterable(v) for k, v in (o.split('=', 1) for o in args.cfg_options)})
    dataset = cfg.train_dataloader.dataset
    for key, value in dict(data_3d=args.data_3d, data_2d=args.data_2d, cameras=args.cameras, data_root=args.data).items():
        if key in dataset and value is not None:
            dataset[key] = value
    cfg.work_dir = tempfile.mkdtemp(prefix='bench_train_')
    cfg.experiment_name = stem
    cfg.train_cfg.max_iters = 10 ** 9
    cfg.train_cfg.val_interval = 10 ** 9
    cfg.val_dataloader = cfg.val_cfg = cfg.val_evaluator = None
    cfg.default_hooks.checkpoint = None
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=10 ** 6)
    cfg.custom_hooks = [h for h in cfg.get('custom_hooks', []) if h['type'] != 'ExportLifterHook']
    cfg.custom_hooks.append(dict(type='ThroughputHook'))
    cfg.log_level = 'WARNING'
    runner = Runner.from_cfg(cfg)
    runner.train()
    shutil.rmtree(cfg.work_dir, ignore_errors=True)
    batch = cfg.train_dataloader.batch_size
    report.update(batch=batch, samples_per_s=batch * report['iterations'] / report['seconds'],
                  flops_per_sample=report.pop('flops_per_iter') / batch, threads=torch.get_num_threads())
    report['gflops'] = report['samples_per_s'] * report['flops_per_sample'] / 1e9
    print('REPORT ' + json.dumps(report))


def cpu_name():
    try:
        return next(l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name'))
    except (OSError, StopIteration):
        import platform
        return platform.processor()


def config_path(root, stem):
    return next((root / d / f'{stem}.py' for d in CONFIG_DIRS if (root / d / f'{stem}.py').is_file()), None)


def run_families(root, stems, args, data):
    """Time each family in its own process, with the code at `root` -> {stem: report}."""
    out = {}
    for stem in stems:
        config = config_path(root, stem)
        if config is None:
            print(f'{stem}: no config at {root}', file=sys.stderr)
            continue
        cmd = [sys.executable, str(root / 'tools' / 'benchmark_training.py'), '--one', str(config),
               '--seconds', str(args.seconds), '--warmup', str(args.warmup), '--data-3d', args.data_3d,
               '--data-2d', args.data_2d, '--cameras', args.cameras, '--data', str(data)]
        if args.threads:
            cmd += ['--threads', str(args.threads)]
        if args.cfg_options:
            cmd += ['--cfg-options', *args.cfg_options]
        proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
        line = next((l for l in proc.stdout.splitlines() if l.startswith('REPORT ')), None)
        if proc.returncode or line is None:
            raise SystemExit(f'{stem} failed at {root}:\n{proc.stderr[-3000:]}')
        out[stem] = json.loads(line[len('REPORT '):])
        r = out[stem]
        print(f'  {stem:28s} {r["samples_per_s"]:9.1f} samples/s  {r["flops_per_sample"] / 1e6:9.2f} MFLOP/sample  '
              f'{r["gflops"]:7.1f} GFLOPS', file=sys.stderr)
    return out


def main():
    args = parse_args()
    if args.one:
        return time_one(args)
    if not args.out:
        raise SystemExit('error: --out FILE.json is required')
    sys.path.insert(0, str(ROOT))
    import torch
    if args.threads:
        torch.set_num_threads(args.threads)
    from pipeline.io import write_json
    stems = args.families.split(',') if args.families else list(FAMILIES)
    unknown = set(stems) - set(FAMILIES)
    if unknown:
        raise SystemExit(f'error: unknown families {sorted(unknown)}; known: {", ".join(FAMILIES)}')
    for path in (args.data_3d, args.data_2d, args.cameras):
        if not Path(path).is_file():
            raise SystemExit(f'error: {path} not found (set LIFT3D_SHARED or pass --data-3d/--data-2d/--cameras)')
    from models.optim import training_dtype
    rates = {str(d).split('.')[-1]: matmul_gflops(d) for d in (torch.float32, torch.bfloat16)}
    precision = str(training_dtype()).split('.')[-1]  # what BF16OptimWrapper trains in on this CPU
    roofline = rates[precision]
    print(f'matmul roofline: {roofline:.0f} GFLOPS in {precision}, the training precision here '
          f'({", ".join(f"{k} {v:.0f}" for k, v in rates.items())}) on {torch.get_num_threads()} threads',
          file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix='bench_train_') as tmp:
        data = args.data or synthetic_cache(args.data_3d, Path(tmp))
        report = dict(roofline_gflops=roofline, precision=precision, matmul_gflops=rates,
                      cpu=cpu_name(), threads=torch.get_num_threads(), seconds=args.seconds,
                      models=run_families(ROOT, stems, args, data))
        for r in report['models'].values():
            r['fraction_of_roofline'] = r['gflops'] / roofline
        if args.baseline_rev:
            tree = Path(tmp) / 'baseline'
            subprocess.run(['git', 'worktree', 'add', '--detach', str(tree), args.baseline_rev], cwd=ROOT, check=True,
                           capture_output=True)
            try:
                shutil.copy(Path(__file__), tree / 'tools' / 'benchmark_training.py')
                print(f'trainers at {args.baseline_rev}:', file=sys.stderr)
                base = run_families(tree, stems, args, data)
            finally:
                subprocess.run(['git', 'worktree', 'remove', '--force', str(tree)], cwd=ROOT, capture_output=True)
            for r in base.values():
                r['fraction_of_roofline'] = r['gflops'] / roofline
            report['baseline'] = dict(rev=args.baseline_rev, models=base, speedup={
                s: report['models'][s]['samples_per_s'] / base[s]['samples_per_s'] for s in base if s in report['models']})
    print(f'\n{"config":28s} {"family":16s} {"samples/s":>10s} {"GFLOPS":>8s} {"roofline":>8s}'
          + (f' {"x " + args.baseline_rev:>12s}' if args.baseline_rev else ''))
    for stem, r in report['models'].items():
        speed = report.get('baseline', {}).get('speedup', {}).get(stem)
        print(f'{stem:28s} {r["family"]:16s} {r["samples_per_s"]:10.1f} {r["gflops"]:8.1f} '
              f'{r["fraction_of_roofline"]:8.2f}' + (f' {speed:12.2f}' if speed else ''))
    write_json(args.out, report)


if __name__ == '__main__':
    main()

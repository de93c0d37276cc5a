"""Lifter benchmark: parameters, inference speed (CPU batch 1 and 1024, GPU when available) and what
training reached (from each work dir's val_history.json: wall time, accuracy, time to 45 mm).

    python tools/benchmark_lifters.py --out benchmarks/lifters.json
    python tools/benchmark_lifters.py --configs configs/lifters/deepbase2_h36m.py --work-dirs work_dirs
"""
import argparse
import json
import time
from pathlib import Path

import _bootstrap  # noqa: F401
import models  # noqa: F401
import torch

from pipeline.cli import load_config, main_guard
from pipeline.io import write_json
from pipeline.registry import MODELS, build

DEFAULT_CONFIGS = ['configs/lifters/simple_baseline_h36m.py', 'configs/lifters/deepbase1_h36m.py',
                   'configs/lifters/deepbase2_h36m.py', 'configs/lifters/supervised_gan_h36m.py',
                   'configs/lifters/modulated_gcn_h36m.py', 'configs/lifters/modulated_gcn_w192_h36m.py',
                   'configs/lifters/simple_baseline_h36m_all.py', 'configs/lifters/temporal_tcn81_h36m.py',
                   'configs/lifters/temporal_tcn81_h36m_causal.py', 'configs/lifters/tipsy_parts_h36m.py',
                   'configs/lifters/tipsy_student_h36m.py', 'configs/lifters/vae_gan_h36m.py']


@torch.no_grad()
def poses_per_second(model, batch, device, seconds=1.0):
    model.to(device).eval()
    # A temporal lifter lifts one long sequence: `batch` output poses from batch + R - 1 frames.
    shape = (batch, model.num_joints, 2) if model.receptive_field == 1 else \
        (1, batch + model.receptive_field - 1, model.num_joints, 2)
    x = torch.randn(*shape, device=device)
    model.predict_encoded(x)  # warm-up
    runs, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        model.predict_encoded(x)
        runs += 1
    if device == 'cuda':
        torch.cuda.synchronize()
    return runs * batch / (time.perf_counter() - start)


def training_summary(work_dir, target_mm=45.0):
    path = Path(work_dir) / 'val_history.json'
    if not path.is_file():
        return None
    history = json.loads(path.read_text())
    if not history:
        return None
    last = history[-1]
    reached = next((h for h in history if h['h36m/mpjpe'] <= target_mm), None)
    return dict(iters=last['iter'], train_seconds=last['seconds'], val_mpjpe=last['h36m/mpjpe'],
                val_p_mpjpe=last['h36m/p_mpjpe'], best_val_mpjpe=min(h['h36m/mpjpe'] for h in history),
                seconds_to_target=reached['seconds'] if reached else None, target_mm=target_mm)


@main_guard
def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--configs', nargs='+', default=DEFAULT_CONFIGS)
    p.add_argument('--work-dirs', default='work_dirs', help='folder holding work_dirs/<config stem>/')
    p.add_argument('--threads', type=int, default=2, help='CPU threads (CI and the target machine have 2)')
    p.add_argument('--out', default='benchmarks/lifters.json')
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    report = dict(cpu_threads=args.threads, cuda=torch.cuda.get_device_name() if torch.cuda.is_available() else None,
                  lifters={})
    for config in args.configs:
        cfg = load_config(config)
        model = build(MODELS, cfg.model.to_dict())
        model.flip_test = False  # raw network speed; flip testing doubles the work
        skip = getattr(model, 'training_only_prefixes', ())  # e.g. a GAN's discriminator: not shipped
        entry = dict(type=cfg.model.type,
                     params=sum(p.numel() for n, p in model.named_parameters() if not n.startswith(skip)),
                     cpu_poses_per_s_batch1=poses_per_second(model, 1, 'cpu'),
                     cpu_poses_per_s_batch1024=poses_per_second(model, 1024, 'cpu'))
        if torch.cuda.is_available():
            entry.update(gpu_poses_per_s_batch1=poses_per_second(model, 1, 'cuda'),
                         gpu_poses_per_s_batch65536=poses_per_second(model, 65536, 'cuda'))
        entry['training'] = training_summary(Path(args.work_dirs) / Path(config).stem)
        report['lifters'][Path(config).stem] = entry
        print(f'{Path(config).stem:28s} {entry["params"] / 1e6:6.2f} M params | CPU {entry["cpu_poses_per_s_batch1"]:8.0f} '
              f'poses/s (batch 1) {entry["cpu_poses_per_s_batch1024"]:8.0f} (batch 1024) | training: {entry["training"]}')
    write_json(args.out, report)


if __name__ == '__main__':
    main()

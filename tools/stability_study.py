"""TIPSy's stability study (its Figure 3): validation P-MPJPE over training for several seeds of each
variant (e.g. the solo generator and the torso/legs teachers), plotted as mean +- std.

Each run is a work dir trained with ExportLifterHook(keep_all=True), holding lifter_iter_<N>.pth
snapshots; the study scores every snapshot on held-out subjects with ground-truth 2D. The 3D is used
here only, after training, as tools/test.py does.

    python tools/stability_study.py --runs solo=work_dirs/solo_s0,work_dirs/solo_s1 parts=work_dirs/parts_s0,... \
        --config-of solo=configs/lifters/tipsy_solo_h36m.py parts=configs/lifters/tipsy_parts_h36m.py \
        --data-3d h36m_train_3d.npz --cameras h36m_cameras.json --subjects S8 --stride 20 \
        --out benchmarks/tipsy_stability.json --plot docs/tipsy_stability.png
"""
import argparse
import re
from pathlib import Path

import _bootstrap  # noqa: F401
import models  # noqa: F401
import numpy as np

from pipeline.cli import main_guard
from pipeline.errors import UserError
from pipeline.io import atomic_write, write_json


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--runs', nargs='+', required=True, help='VARIANT=WORK_DIR,WORK_DIR,... (one dir per seed)')
    p.add_argument('--data-3d', required=True)
    p.add_argument('--cameras', required=True)
    p.add_argument('--subjects', default='S8')
    p.add_argument('--stride', type=int, default=20)
    p.add_argument('--window', type=float, nargs=2, default=(0.5, 1.0),
                   help='fraction of training over which the spread is reported (TIPSy: epochs 300-600 of 600)')
    p.add_argument('--out', default='benchmarks/tipsy_stability.json')
    p.add_argument('--plot', default='docs/tipsy_stability.png')
    return p.parse_args()


def snapshots(work_dir):
    """{iteration: path} of a run's lifter_iter_<N>.pth files."""
    found = {int(m.group(1)): f for f in Path(work_dir).glob('lifter_iter_*.pth')
             if (m := re.fullmatch(r'lifter_iter_(\d+)\.pth', f.name))}
    if not found:
        raise UserError(f'{work_dir} has no lifter_iter_<N>.pth snapshots (train with ExportLifterHook keep_all=True)')
    return dict(sorted(found.items()))


@main_guard
def main():
    args = parse_args()
    from models.checkpoint import load_lifter
    from pipeline.training.h36m import evaluate_lifter, load_h36m
    from pipeline.metrics import p_mpjpe, per_action_means

    data = load_h36m(args.data_3d, args.cameras, args.subjects.split(','))
    # The reference any lifter must beat: the 2D itself with every depth 0 (Procrustes fits its scale).
    keep = data['frame'] % args.stride == 0
    flat = np.concatenate([data['gt_2d'][keep], np.zeros_like(data['gt_2d'][keep, ..., :1])], -1)
    flat_p2 = per_action_means(p_mpjpe(flat - flat[:, :1], data['pose_3d'][keep]), data['action'][keep])[1]
    report = dict(subjects=args.subjects, stride=args.stride, input='gt', metric='p_mpjpe', flat_pose_p_mpjpe=flat_p2,
                  variants={})
    for spec in args.runs:
        variant, _, dirs = spec.partition('=')
        curves = {}
        for work_dir in dirs.split(','):
            curves[work_dir] = {it: evaluate_lifter(load_lifter(path), data, 'gt', args.stride)['summary']['p_mpjpe']
                                for it, path in snapshots(work_dir).items()}
            print(variant, work_dir, {k: round(v, 1) for k, v in curves[work_dir].items()})
        iters = sorted(set.intersection(*(set(c) for c in curves.values())))
        table = np.array([[c[i] for i in iters] for c in curves.values()])  # (seeds, snapshots)
        lo, hi = (int(round(f * iters[-1])) for f in args.window)
        window = table[:, [k for k, i in enumerate(iters) if lo <= i <= hi]]
        report['variants'][variant] = dict(
            runs=list(curves), iters=iters, mean=table.mean(0).tolist(), std=table.std(0).tolist(),
            window_iters=[lo, hi], window_mean=float(window.mean()), window_std_over_seeds=float(window.std(0).mean()),
            window_range=float(window.max() - window.min()), final_mean=float(table[:, -1].mean()),
            final_std=float(table[:, -1].std()))
    write_json(args.out, report)
    plot(report, args.plot)
    for variant, v in report['variants'].items():
        print(f'{variant}: P-MPJPE over iterations {v["window_iters"]}: mean {v["window_mean"]:.1f} mm, std over '
              f'seeds {v["window_std_over_seeds"]:.1f} mm, range {v["window_range"]:.1f} mm; final '
              f'{v["final_mean"]:.1f} +- {v["final_std"]:.1f} mm')


def plot(report, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 4), dpi=120)
    for variant, v in report['variants'].items():
        mean, std = np.array(v['mean']), np.array(v['std'])
        ax.plot(v['iters'], mean, label=f'{variant} ({len(v["runs"])} seeds)')
        ax.fill_between(v['iters'], mean - std, mean + std, alpha=0.25)
    ax.axhline(report['flat_pose_p_mpjpe'], color='grey', linestyle='--', label='flat pose (all depths 0)')
    ax.set_xlabel('training iteration')
    ax.set_ylabel(f'P-MPJPE on {report["subjects"]} (mm)')
    ax.set_title('TIPSy stability: mean \u00b1 std over seeds')
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    with atomic_write(path) as tmp:
        fig.savefig(tmp, format='png')
    plt.close(fig)


if __name__ == '__main__':
    main()

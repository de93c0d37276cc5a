"""Draw a training campaign (work_dir/campaign.json, written by every tools/train.py run) as one curve over
all its sittings: each metric against training wall time (or samples seen), the sittings shaded in turn.

    python tools/plot_campaign.py work_dirs/tipsy/campaign.json --out docs/tipsy_campaign.png
    python tools/plot_campaign.py A/campaign.json B/campaign.json --metrics mpjpe --x samples --out ab.png
"""
import argparse
import json
from pathlib import Path

import _bootstrap  # noqa: F401

from pipeline.cli import main_guard
from pipeline.errors import UserError
from pipeline.io import atomic_write

X_AXES = dict(wall=('wall_s', 3600.0, 'training wall time (h)'), samples=('samples', 1e6, 'samples seen (millions)'),
              iter=('iter', 1.0, 'iteration'))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('campaigns', nargs='+', help='campaign.json files (or work dirs holding one)')
    p.add_argument('--out', required=True, help='PNG')
    p.add_argument('--metrics', help='comma-separated (default: every metric the campaigns logged)')
    p.add_argument('--x', choices=sorted(X_AXES), default='wall')
    return p.parse_args()


def read_campaign(path):
    path = Path(path)
    path = path / 'campaign.json' if path.is_dir() else path
    if not path.is_file():
        raise UserError(f'no campaign at {path} (tools/train.py writes <work_dir>/campaign.json)')
    try:
        record = json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise UserError(f'{path} is not a campaign record: {e}') from None
    if not isinstance(record, dict) or 'points' not in record or 'runs' not in record:
        raise UserError(f'{path} is not a campaign record (no runs and points)')
    return path, record


def plot(campaigns, out, metrics=None, x='wall'):
    """campaigns: [(label, record)] -> a PNG at `out` with one panel per metric."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    key, unit, label = X_AXES[x]
    names = metrics or sorted({k for _, r in campaigns for p in r['points'] for k in p}
                              - {'iter', 'samples', 'wall_s', 'run'})
    if not names:
        raise UserError('the campaigns hold no metric points yet (one is logged every CampaignHook interval)')
    fig, axes = plt.subplots(len(names), 1, figsize=(8, 2.8 * len(names)), squeeze=False)
    for ax, name in zip(axes[:, 0], names):
        for tag, record in campaigns:
            pts = [p for p in record['points'] if name in p]
            if not pts:
                continue
            ax.plot([p[key] / unit for p in pts], [p[name] for p in pts], marker='.', label=tag)
            if len(campaigns) == 1:  # shade every other sitting, so one sees where a run resumed
                for k in range(1, len(record['runs']), 2):
                    run = [p[key] / unit for p in record['points'] if p['run'] == k]
                    if run:
                        ax.axvspan(min(run), max(run), color='0.9', zorder=0)
        ax.set_ylabel(name)
        ax.grid(alpha=0.3)
    axes[-1, 0].set_xlabel(label)
    axes[0, 0].legend(fontsize=8)
    runs = ', '.join(f'{tag}: {len(r["runs"])} sittings, {r.get("total", {}).get("wall_s", 0) / 3600:.1f} h'
                     for tag, r in campaigns)
    axes[0, 0].set_title(runs, fontsize=9)
    fig.tight_layout()
    with atomic_write(out) as tmp:
        fig.savefig(tmp, dpi=100, format='png')
    plt.close(fig)


@main_guard
def main():
    args = parse_args()
    campaigns = [(path.parent.name, record) for path, record in map(read_campaign, args.campaigns)]
    plot(campaigns, args.out, args.metrics.split(',') if args.metrics else None, args.x)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()

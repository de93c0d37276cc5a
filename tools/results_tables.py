"""Markdown tables (Martinez et al.'s Table 1 layout) from the JSON reports tools/test.py writes.

    python tools/results_tables.py benchmarks/val_S8/*.json
"""
import argparse
import json
from pathlib import Path

import _bootstrap  # noqa: F401

from pipeline.training.h36m import format_table


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('reports', nargs='+')
    p.add_argument('--metrics', default='mpjpe,p_mpjpe', help='rows: mpjpe, p_mpjpe, n_mpjpe, mpjve')
    args = p.parse_args()
    for path in args.reports:
        report = json.loads(Path(path).read_text())
        name = Path(report['config']).stem
        # The report's file names the run (one config trains at several budgets); the config names the model.
        print(f'**{name}** (`{Path(path).name}`), {report["input"]} 2D, {report["subjects"]} ({report["num_poses"]} poses), mm\n')
        print(format_table(dict(summary=report, per_action=report['per_action']), args.metrics.split(',')))
        print()


if __name__ == '__main__':
    main()

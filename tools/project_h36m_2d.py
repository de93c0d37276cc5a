"""Write Human3.6M's ground-truth 2D (the 3D poses projected through each camera) in the detection
files' format, so lifters that learn without 3D can train on it while never opening a 3D file.

    python tools/project_h36m_2d.py --data-3d h36m_train_3d.npz --cameras h36m_cameras.json \
        --subjects S1,S5,S6,S7,S8 --out work_dirs/h36m_train_gt2d.npz
"""
import argparse

import _bootstrap  # noqa: F401
import numpy as np

from pipeline.cli import main_guard
from pipeline.training.h36m import ground_truth_2d
from pipeline.io import atomic_write


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data-3d', required=True)
    p.add_argument('--cameras', required=True)
    p.add_argument('--subjects', default='S1,S5,S6,S7,S8')
    p.add_argument('--out', required=True, help='.npz to write')
    return p.parse_args()


@main_guard
def main():
    args = parse_args()
    views = ground_truth_2d(args.data_3d, args.cameras, args.subjects.split(','))
    with atomic_write(args.out) as tmp, open(tmp, 'wb') as f:
        np.savez(f, **views)
    print(f'{len(views)} sequences of 2D poses -> {args.out}')


if __name__ == '__main__':
    main()

"""Render a folder of synthetic videos with exact labels from Human3.6M poses (one person each, static
or panning camera), in sub-folders per subject, each beside its <stem>.keypoints.npz labels. It feeds
tools/prepare_videos.py like real videos do, and its 3D labels benchmark the image models.

    python tools/make_synthetic_videos.py --data-3d h36m_train_3d.npz --subjects S8 --out synthetic/ \
        --videos 20 --seconds 6 [--backgrounds IMAGE_FOLDER]
"""
import argparse

import _bootstrap  # noqa: F401
import numpy as np

from pipeline.cli import main_guard
from pipeline.errors import UserError


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data-3d', required=True)
    p.add_argument('--subjects', default='S8')
    p.add_argument('--out', required=True)
    p.add_argument('--videos', type=int, default=20)
    p.add_argument('--seconds', type=float, default=6.0)
    p.add_argument('--fps', type=float, default=25.0)
    p.add_argument('--size', type=int, default=256)
    p.add_argument('--backgrounds', help='a folder of background images (procedural backgrounds otherwise)')
    p.add_argument('--seed', type=int, default=0)
    return p.parse_args()


@main_guard
def main():
    args = parse_args()
    from pipeline.training.h36m import _open_npz
    from pipeline.training.synthetic import folder_backgrounds, write_synthetic_videos
    poses = _open_npz(args.data_3d, '3D pose')
    keys = [k for k in poses.files if k.split('/')[0] in args.subjects.split(',')]
    if not keys:
        raise UserError(f'none of {args.subjects} in {args.data_3d}')
    rng = np.random.default_rng(args.seed)
    step = max(1, int(round(50 / args.fps)))  # Human3.6M is 50 fps
    length = int(args.seconds * args.fps)
    sequences = []
    for k in range(args.videos):
        key = keys[rng.integers(len(keys))]
        seq = poses[key][::step]
        start = rng.integers(0, max(1, len(seq) - length))
        subject, take = key.split('/')
        sequences.append((f'{subject}/{take.replace(" ", "_")}_{k:03d}', seq[start:start + length]))
    backgrounds = folder_backgrounds(args.backgrounds) if args.backgrounds else ()
    for path in write_synthetic_videos(args.out, sequences, args.size, args.fps, args.seed, backgrounds=backgrounds):
        print(path)


if __name__ == '__main__':
    main()

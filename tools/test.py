"""Evaluate a lifter on Human3.6M: per-action tables for Protocols 1 and 2, and a JSON report.

    python tools/test.py configs/lifters/simple_baseline_h36m_all.py checkpoints/simple_baseline_h36m_all.pth \
        --data-3d h36m_test_3d.npz --cameras h36m_cameras.json [--data-2d h36m_test_sh2d.npz] \
        --subjects S9,S11 --input gt|sh --out results.json
"""
import argparse
import json

import _bootstrap  # noqa: F401
import models  # noqa: F401  (registers every model)
from mmengine.config import DictAction

from pipeline.cli import load_config, main_guard
from pipeline.errors import UserError
from pipeline.training.h36m import evaluate_hypotheses, evaluate_lifter, format_table, load_h36m
from pipeline.io import write_json


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--data-3d', required=True, help='3D poses (.npz, shared format)')
    p.add_argument('--cameras', required=True, help='camera parameters (.json)')
    p.add_argument('--data-2d', help='2D detections (.npz), needed for --input sh')
    p.add_argument('--subjects', default='S9,S11')
    p.add_argument('--input', choices=['gt', 'sh'], default='gt')
    p.add_argument('--stride', type=int, default=1, help='evaluate every n-th frame (1 = all, the protocol)')
    p.add_argument('--no-flip-test', action='store_true', help='do not average with the mirrored pose')
    p.add_argument('--hypotheses', type=int, default=0,
                   help='multi-hypothesis lifters (VAE-GAN): also score K samples per pose, best-of-K and mean-of-K')
    p.add_argument('--device', default='cpu')
    p.add_argument('--out', help='write the results as JSON here')
    p.add_argument('--cfg-options', nargs='+', action=DictAction, help='override config keys, key=value')
    return p.parse_args()


@main_guard
def main():
    args = parse_args()
    from models.checkpoint import load_lifter
    if args.input == 'sh' and not args.data_2d:
        raise UserError('--input sh needs --data-2d')
    cfg = load_config(args.config, args.cfg_options)
    lifter = load_lifter(args.checkpoint, cfg.model.to_dict(), args.device)
    lifter.flip_test = not args.no_flip_test
    if args.hypotheses and not hasattr(lifter, 'sample_hypotheses'):
        raise UserError(f'{cfg.model.type} gives one 3D pose per 2D pose: --hypotheses needs a VAE-GAN lifter')
    # Every frame is loaded and lifted (a temporal lifter needs its neighbours); --stride thins the scoring.
    data = load_h36m(args.data_3d, args.cameras, args.subjects.split(','),
                     args.data_2d if args.input == 'sh' else None)
    result = evaluate_lifter(lifter, data, args.input, args.stride)
    num_poses = int((data['frame'] % args.stride == 0).sum())
    print(f'{cfg.model.type} on {args.subjects}, {args.input} 2D input, {num_poses} poses (mm)')
    print(format_table(result, ('mpjpe', 'p_mpjpe', 'n_mpjpe', 'mpjve', 'mpjpe_without_rotation',
                                 'mpjpe_without_tilt', 'rotation_deg', 'tilt_deg', 'mrpe')))
    report = dict(result['summary'], per_action=result['per_action'], input=args.input, subjects=args.subjects,
                  config=args.config, checkpoint=args.checkpoint, num_poses=num_poses, stride=args.stride,
                  skipped_streams=data['skipped'])
    if args.hypotheses:
        report['hypotheses'] = evaluate_hypotheses(lifter, data, args.input, args.hypotheses, args.stride)
        print(f'{args.hypotheses} hypotheses: ' + ', '.join(f'{k} {v:.1f}' for k, v in report['hypotheses'].items()
                                                            if k != 'k'))
    print(json.dumps(result['summary']))
    if args.out:
        write_json(args.out, report)


if __name__ == '__main__':
    main()

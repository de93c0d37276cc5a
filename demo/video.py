"""Video -> people and 2D keypoints -> 3D poses -> JSON / NPZ / BVH and a rendered MP4.

    python demo/video.py input.mp4 --out outputs --export json,npz,bvh --render
    python demo/video.py input.mp4 --detector mmpose --pose-checkpoint rtmpose-m.pth --det-checkpoint rtmdet-tiny.pth
    python demo/video.py input.mp4 --lifter configs/lifters/temporal_tcn81_h36m_all.py   # each track as a sequence
    python demo/video.py input.mp4 --model crossmodal_vae --checkpoint work_dirs/crossmodal_vae/lifter.pth  # from crops
    python demo/video.py input.mp4 --lifter configs/lifters/deepbase2_h36m.py --checkpoint work_dirs/deepbase2_h36m/lifter.pth
"""
import argparse
import sys
import time
from pathlib import Path

import _bootstrap  # noqa: F401

from pipeline.cli import main_guard
from pipeline.errors import UserError


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('input', help='a video file, an image folder, or a camera index')
    p.add_argument('--out', default='outputs', help='output folder (default: outputs)')
    p.add_argument('--detector', default='auto', help='auto | mediapipe | mmpose | precomputed')
    p.add_argument('--keypoints', help='precomputed keypoints (JSON/NPZ), for --detector precomputed')
    p.add_argument('--layout', help='layout of precomputed keypoints: coco17, h36m17, mediapipe33, sh16')
    p.add_argument('--pose-config', help='mmpose config (file, or a path inside the mmpose package)')
    p.add_argument('--pose-checkpoint', help='mmpose pose weights (.pth)')
    p.add_argument('--det-config', help='mmdet person detector config')
    p.add_argument('--det-checkpoint', help='mmdet person detector weights (.pth)')
    p.add_argument('--pose-budget', type=int, default=2,
                   help='bundled detector: poses per frame at most; with more people in view they take turns and '
                        'skipped frames are interpolated (0: everyone every frame; default 2, one per core)')
    p.add_argument('--lifter', help='lifter config (default: the shipped default lifter)')
    p.add_argument('--model', help='an image model instead of a lifter: 3D straight from person crops '
                                   '(configs/image/<MODEL>.py, e.g. crossmodal_vae), with --checkpoint')
    p.add_argument('--checkpoint', help='lifter checkpoint (default: checkpoints/<lifter config stem>.pth)')
    p.add_argument('--export', default='json,npz,bvh', help='comma-separated: json, npz, bvh (or none)')
    p.add_argument('--render', action='store_true', help='also write an MP4 of the 2D overlay beside the 3D view')
    p.add_argument('--show', action='store_true', help='open the interactive 3D viewer at the end (needs a display)')
    smooth = p.add_mutually_exclusive_group()
    smooth.add_argument('--smooth', action='store_true', default=None,
                        help='One-Euro smooth the 3D poses (default: on for single-frame lifters, off for temporal ones)')
    smooth.add_argument('--no-smooth', dest='smooth', action='store_false', help='do not smooth the 3D poses')
    p.add_argument('--device', default='cpu', help='cpu or cuda')
    p.add_argument('--focal', type=float, help="the camera's focal length in pixels, if known (default: the "
                   'longer image side, a 53-degree field of view)')
    return p.parse_args()


def detector_options(args):
    if args.detector == 'precomputed':
        if not args.keypoints:
            raise UserError('--detector precomputed needs --keypoints FILE')
        return dict(path=args.keypoints, layout=args.layout)
    if args.detector == 'mmpose':
        names = ('pose_config', 'pose_checkpoint', 'det_config', 'det_checkpoint')
        return {k: getattr(args, k) for k in names if getattr(args, k)}
    if args.detector in ('auto', 'mediapipe'):
        return dict(pose_budget=args.pose_budget or None)
    return {}


@main_guard
def main():
    args = parse_args()
    from pipeline.detectors import build_detector
    from pipeline.export import FORMATS, export
    from pipeline.lifting import load_demo_lifter
    from pipeline.outdir import prepare_output_dir
    from pipeline.sources import open_source
    from pipeline.video import process_video, render_video

    formats = [f for f in args.export.split(',') if f and f != 'none']
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise UserError(f'unknown export format(s) {", ".join(sorted(unknown))}; choose from {", ".join(FORMATS)}')
    source = open_source(args.input)
    out_dir = prepare_output_dir(args.out)
    if args.model:
        if args.lifter:
            raise UserError('give --lifter or --model, not both')
        from pipeline.lifting import load_image_model
        lifter = load_image_model(args.model, args.checkpoint, args.device)
    else:
        lifter = load_demo_lifter(args.lifter, args.checkpoint, args.device)
    detector = build_detector(args.detector, args.device, **detector_options(args))
    print(f'{source.name}: {source.width}x{source.height}, {source.fps:g} fps | detector: {detector.name} | '
          f'lifter: {type(lifter).__name__}', file=sys.stderr)

    start = time.perf_counter()
    result = process_video(source, detector, lifter, smooth=args.smooth, reopen=lambda: open_source(args.input),
                           focal=args.focal)
    elapsed = time.perf_counter() - start
    stem = Path(args.input).stem if not str(args.input).isdigit() else f'camera{args.input}'
    written = export(result, out_dir, stem, formats)
    if args.render:
        render_video(open_source(args.input), result, out_dir / f'{stem}_3d.mp4')
        written.append(out_dir / f'{stem}_3d.mp4')
    stages = ', '.join(f'{k} {v:.1f}s' for k, v in result.seconds.items())
    print(f'{result.num_frames} frames, {len(result.tracks)} people (tracks {sorted(result.tracks)}), '
          f'{result.num_frames / max(elapsed, 1e-9):.1f} fps without rendering ({stages})', file=sys.stderr)
    if not result.tracks:
        print('no person found: the outputs are valid and empty', file=sys.stderr)
    for path in written:
        print(path)
    if args.show:
        from pipeline.viewer import show_result
        show_result(result)


if __name__ == '__main__':
    main()

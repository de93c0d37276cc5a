"""Video(s) -> people and 2D keypoints -> 3D poses and where each person stands -> JSON / NPZ / CSV / BVH and an MP4.

    python demo/video.py input.mp4 --out outputs --export json,npz,bvh --render
    python demo/video.py VIDEOS/ --out outputs          # every video under a folder; resumes, skips bad files
    python demo/video.py VIDEOS/ --out outputs --shard $((SLURM_ARRAY_TASK_ID + 1))/8   # one of 8 machines
    python demo/video.py input.mp4 --detector mmpose --pose-checkpoint rtmpose-m.pth --det-checkpoint rtmdet-tiny.pth
    python demo/video.py input.mp4 --lifter configs/lifters/simple_baseline_h36m_all.py  # frame by frame
    python demo/video.py input.mp4 --model crossmodal_vae --checkpoint work_dirs/crossmodal_vae/lifter.pth  # from crops
    python demo/video.py input.mp4 --lifter configs/lifters/deepbase2_h36m.py --checkpoint work_dirs/deepbase2_h36m/lifter.pth
"""
import argparse
import sys
from pathlib import Path

import _bootstrap  # noqa: F401

from pipeline.cli import add_focal_argument, main_guard
from pipeline.errors import UserError


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('input', help='a video file, a folder of videos (any depth), an image folder, or a camera index')
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
    p.add_argument('--lifter', help='lifter config (default: the shipped centred temporal lifter, '
                                         'configs/lifters/temporal_tcn81_h36m_all.py)')
    p.add_argument('--model', help='an image model instead of a lifter: 3D straight from person crops '
                                   '(configs/image/<MODEL>.py, e.g. crossmodal_vae); --checkpoint, or its shipped '
                                   'checkpoints/<MODEL>.pth')
    p.add_argument('--checkpoint', help='lifter checkpoint (default: checkpoints/<lifter config stem>.pth)')
    p.add_argument('--export', default='json,npz,bvh',
                   help='comma-separated: json, npz, csv (3D and joint angles), bvh (or none)')
    p.add_argument('--render', action='store_true', help='also write an MP4 of the 2D overlay beside the 3D view')
    p.add_argument('--show', action='store_true', help='open the interactive 3D viewer at the end (needs a display)')
    smooth = p.add_mutually_exclusive_group()
    smooth.add_argument('--smooth', action='store_true', default=None,
                        help='One-Euro smooth the 3D poses (default: on for single-frame lifters, off for temporal ones)')
    smooth.add_argument('--no-smooth', dest='smooth', action='store_false', help='do not smooth the 3D poses')
    p.add_argument('--device', default='cpu', help='cpu or cuda')
    add_focal_argument(p)
    p.add_argument('--shard', help='folder of videos: lift share i of n (i/n, 1 <= i <= n; every n-th video in path '
                                   'order from the i-th on) into the same output tree, with its own batch_<i>of<n>.json')
    p.add_argument('--overwrite', action='store_true',
                   help='folder of videos: lift every video again (default: skip those a run with the same options '
                        'finished)')
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
    from pipeline.runtime.batch import lift_video
    from pipeline.people.detectors import build_detector
    from pipeline.files.export import FORMATS
    from models.shipped import load_demo_lifter
    from pipeline.files.outdir import prepare_output_dir
    from pipeline.frames.sources import open_source, video_folder

    formats = [f for f in args.export.split(',') if f and f != 'none']
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise UserError(f'unknown export format(s) {", ".join(sorted(unknown))}; choose from {", ".join(FORMATS)}')
    videos = video_folder(args.input)
    if args.shard and videos is None:
        raise UserError('--shard splits a folder of videos; the input is not one')
    if videos is not None and args.show:
        raise UserError('--show opens one video; for a folder of videos, open the outputs one by one')
    if videos is not None and args.detector == 'precomputed':
        raise UserError('--detector precomputed reads the keypoints of one video: give that video, not a folder')
    source = open_source(args.input) if videos is None else None
    out_dir = prepare_output_dir(args.out)
    if args.model:
        if args.lifter:
            raise UserError('give --lifter or --model, not both')
        from models.shipped import load_image_model
        lifter = load_image_model(args.model, args.checkpoint, args.device)
    else:
        lifter = load_demo_lifter(args.lifter, args.checkpoint, args.device)
    detector = build_detector(args.detector, args.device, **detector_options(args))
    options = dict(render=args.render, smooth=args.smooth, focal=args.focal)
    if videos is not None:
        lift_videos(args, videos, out_dir, detector, lifter, formats, options)
        return
    print(f'{source.name}: {source.width}x{source.height}, {source.fps:g} fps | detector: {detector.name} | '
          f'lifter: {type(lifter).__name__}', file=sys.stderr)
    stem = Path(args.input).stem if not str(args.input).isdigit() else f'camera{args.input}'
    result, written = lift_video(source, lambda: open_source(args.input), out_dir, stem, detector, lifter, formats,
                                 **options)
    stages = ', '.join(f'{k} {v:.1f}s' for k, v in result.seconds.items())
    working = sum(v for k, v in result.seconds.items() if k != 'render')
    print(f'{result.num_frames} frames, {len(result.tracks)} people (tracks {sorted(result.tracks)}), '
          f'{result.num_frames / max(working, 1e-9):.1f} fps without rendering ({stages})', file=sys.stderr)
    if not result.tracks:
        print('no person found: the outputs are valid and empty', file=sys.stderr)
    for path in written:
        print(path)
    if args.show:
        from pipeline.files.viewer import show_result
        show_result(result)


def lift_videos(args, videos, out_dir, detector, lifter, formats, options):
    """A folder of videos: each one's outputs under the same sub-folder of out_dir, a summary in batch.json."""
    from pipeline.runtime.batch import lift_folder, parse_shard, shard, summary_name
    i, n = parse_shard(args.shard) if args.shard else (1, 1)
    share = f' (share {i} of {n} of its {len(videos)})' if n > 1 else ''
    videos, summary_file = shard(videos, i, n), out_dir / summary_name(i, n)
    print(f'{args.input}: {len(videos)} videos{share} | detector: {detector.name} | lifter: {type(lifter).__name__}',
          file=sys.stderr)
    settings = dict(detector=detector.name, detector_options=detector_options(args), lifter=args.lifter,
                    model=args.model, checkpoint=args.checkpoint, formats=formats, **options)
    summary = lift_folder(args.input, videos, out_dir, detector, lifter, formats, settings, overwrite=args.overwrite,
                          summary_file=summary_file.name, **options)
    done = [e for e in summary['videos'].values() if e['status'] == 'done']
    failed = {name: e['reason'] for name, e in summary['videos'].items() if e['status'] == 'failed'}
    print(f'{len(done)} of {len(videos)} videos lifted: {sum(e["frames"] for e in done)} frames, '
          f'{sum(e["people"] for e in done)} people; summary in {summary_file}', file=sys.stderr)
    if failed:
        name, reason = next(iter(failed.items()))
        raise UserError(f'{len(failed)} of {len(videos)} videos failed and were skipped (first: {name}: {reason}); '
                        f'the others\' outputs are written, see {summary_file}')


if __name__ == '__main__':
    main()

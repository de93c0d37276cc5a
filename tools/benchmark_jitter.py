"""Frame-to-frame jitter of the 3D output on a real video, for several lifters on the same 2D tracks.

Jitter is the mean joint acceleration |p[t+1] - 2 p[t] + p[t-1]| in mm/frame^2 over every track
(a still or smoothly moving person scores near 0; flicker scores high). Each lifter is measured raw and
with the pipeline's One-Euro smoothing; the 2D is detected once, so only the lifters differ.

    python tools/benchmark_jitter.py ../shared/media/body3d_demo.mp4 \
        --lifters configs/lifters/simple_baseline_h36m_all.py,configs/lifters/temporal_tcn81_h36m_all.py \
        --out benchmarks/jitter.json
"""
import argparse
from pathlib import Path

import _bootstrap  # noqa: F401
import numpy as np

from pipeline.cli import main_guard
from pipeline.io import write_json


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('video')
    p.add_argument('--lifters', default='configs/lifters/simple_baseline_h36m_all.py',
                   help='comma-separated lifter configs (checkpoints/<stem>.pth each); the first is the reference')
    p.add_argument('--detector', default='auto')
    p.add_argument('--out', help='write the numbers as JSON here')
    return p.parse_args()


def track_jitter(tracks):
    """Mean joint acceleration over all tracks (weighted by their frames), mm/frame^2."""
    from pipeline.metrics import mean_acceleration
    weights = [max(len(t['pose_3d']) - 2, 0) for t in tracks.values()]
    if not sum(weights):
        return float('nan')
    return float(np.average([mean_acceleration(t['pose_3d']) for t in tracks.values()], weights=weights))


@main_guard
def main():
    args = parse_args()
    from pipeline.people.detectors import build_detector
    from pipeline.geometry.camera import assumed_intrinsics
    from models.shipped import load_demo_lifter
    from pipeline.frames.sources import open_source
    from pipeline.runtime.video import detect_tracks, lift_tracks

    source = open_source(args.video)
    detector = build_detector(args.detector)
    tracks, num_frames = detect_tracks(source, detector)
    report = dict(video=str(args.video), frames=num_frames, detector=detector.name, fps=source.fps,
                  unit='mm/frame^2', lifters={})
    intrinsics = assumed_intrinsics(source.width, source.height)
    for config in args.lifters.split(','):
        lifter = load_demo_lifter(config)
        entry = {mode: track_jitter(lift_tracks(tracks, lifter, source.fps, smooth=smooth, intrinsics=intrinsics))
                 for mode, smooth in (('raw', False), ('smoothed', True))}
        report['lifters'][Path(config).stem] = dict(entry, receptive_field=lifter.receptive_field,
                                                    causal=bool(lifter.causal))
    reference = next(iter(report['lifters'].values()))
    for name, entry in report['lifters'].items():
        entry['raw_vs_reference_raw'] = entry['raw'] / reference['raw']
        entry['raw_vs_reference_smoothed'] = entry['raw'] / reference['smoothed']
        print(f'{name:40s} raw {entry["raw"]:6.2f}  smoothed {entry["smoothed"]:6.2f}  '
              f'raw / reference raw {entry["raw_vs_reference_raw"]:.2f}  '
              f'raw / reference smoothed {entry["raw_vs_reference_smoothed"]:.2f}')
    if args.out:
        write_json(args.out, report)


if __name__ == '__main__':
    main()

"""The live loop's speed, and what carrying the detector's keypoints by optical flow costs.

`demo/webcam.py --source VIDEO --headless` plays the video in real time as a camera, twice: with the
detector carried between its results by optical flow (the default) and with `--detect-every-frame`.
Each run's fps, latency (camera frame to 3D on screen) and dropped frames come from its own report.
Its exported 2D and 3D are compared, frame by frame, with the offline demo's (`demo/video.py`, which
detects every frame and lifts with the centred temporal lifter): the 2D distance in px and the 3D's
P-MPJPE in mm, per person matched by nearest 2D. And offline, with the detector on every frame
(its first 120), its result of frame k carried to frame k + gap by the flow, against its own result
there, beside holding the last result unchanged (px).

    python tools/benchmark_live.py ../shared/media/body3d_demo.mp4 --out benchmarks/live.json
"""
import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import _bootstrap  # noqa: F401
import numpy as np

from pipeline.cli import main_guard
from pipeline.errors import UserError
from pipeline.io import write_json
from pipeline.metrics import p_mpjpe

ROOT = Path(__file__).resolve().parents[1]
REPORT = re.compile(r'(\d+) frames shown in ([\d.]+)s: ([\d.]+) fps, mean latency ([\d.]+) ms '
                    r'\(lift ([\d.]+) ms\), (\d+) frames dropped(?:, the detector ran on (\d+))?')
MODES = {'optical flow between detections (default)': [], 'detector on every frame': ['--detect-every-frame']}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('video')
    p.add_argument('--out', help='JSON report')
    return p.parse_args()


def run(script, *args):
    proc = subprocess.run([sys.executable, str(ROOT / 'demo' / script), *map(str, args)], capture_output=True, text=True)
    if proc.returncode:
        raise UserError(f'{script} failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}')
    return proc.stderr


def flow_against_hold(video, gaps=(1, 3), frames=120):
    """The detector on every frame; each frame's people carried `gap` frames on by FlowDetector's flow,
    and held still, against the detector's own people there (the nearest person) -> px statistics."""
    from pipeline.frames.sources import VideoSource
    from pipeline.people.detectors import build_detector
    from pipeline.runtime.live import FlowDetector
    detector = build_detector('mediapipe')
    images, people = [], []
    for index, image in VideoSource(video):
        if index >= frames:
            break
        images.append(image)
        people.append(detector(image, index))
    flow = FlowDetector(detector, history=len(images) + 1)
    for index, image in enumerate(images):  # the flow's grey frames, without running its detector
        flow.grey[index] = flow.grey_image(image)
    report = {}
    for gap in gaps:
        carried, held = [], []
        for k in range(len(images) - gap):
            start, end = people[k], people[k + gap]
            if not len(start) or not len(end):
                continue
            moved = flow.carry(start, k, k + gap)
            for p in range(len(start)):
                nearest = end.keypoints[np.linalg.norm(end.keypoints - moved.keypoints[p], axis=-1).mean(-1).argmin()]
                carried.append(np.linalg.norm(nearest - moved.keypoints[p], axis=-1))
                held.append(np.linalg.norm(nearest - start.keypoints[p], axis=-1))
        report[f'gap_{gap}'] = {name: dict(median=round(float(np.median(e)), 2), p90=round(float(np.percentile(e, 90)), 2))
                                for name, e in (('flow', np.concatenate(carried)), ('hold', np.concatenate(held)))}
    flow.close()
    return report


def agreement(live, offline):
    """Per live (frame, person) row, the offline person of that frame nearest in 2D -> 2D px and 3D P-MPJPE mm."""
    px, mm = [], []
    for frame, kp, pose in zip(live['frame'], live['keypoints'], live['keypoints_3d']):
        rows = np.flatnonzero(offline['frame'] == frame)
        if not len(rows):
            continue
        distances = np.linalg.norm(offline['keypoints'][rows] - kp, axis=-1)  # (people, 17)
        nearest = distances.mean(1).argmin()
        best = rows[nearest]
        px.append(distances[nearest])
        mm.append(p_mpjpe(1000 * pose[None], 1000 * offline['keypoints_3d'][best][None]))
    if not px:
        return dict(matched_rows=0)
    px = np.concatenate(px)
    return dict(matched_rows=len(mm), px_median=round(float(np.median(px)), 2), px_mean=round(float(px.mean()), 2),
                px_90th=round(float(np.percentile(px, 90)), 2), p_mpjpe_mm=round(float(np.mean(mm)), 1))


@main_guard
def main():
    args = parse_args()
    video = Path(args.video)
    if not video.is_file():
        raise UserError(f'video not found: {video}')
    report = dict(video=video.name, reference='demo/video.py with its defaults (every frame detected, centred '
                  'temporal lifter)', modes={})
    with tempfile.TemporaryDirectory() as tmp:
        run('video.py', video, '--out', f'{tmp}/offline', '--export', 'npz')
        offline = dict(np.load(f'{tmp}/offline/{video.stem}.npz'))
        for mode, flags in MODES.items():
            out = f'{tmp}/{len(report["modes"])}'
            stderr = run('webcam.py', '--source', video, '--headless', '--out', out, *flags)
            found = REPORT.findall(stderr)
            if not found:
                raise UserError(f'webcam.py printed no final report: {stderr[-500:]}')
            shown, _seconds, fps, latency, lift, dropped, detected = found[-1]
            row = dict(fps=float(fps), latency_ms=float(latency), lift_ms=float(lift), frames_shown=int(shown),
                       frames_dropped=int(dropped), frames_detected=int(detected or shown))
            row['against_offline'] = agreement(dict(np.load(f'{out}/webcam.npz')), offline)
            report['modes'][mode] = row
            print(f'{mode}: {row}')
    report['flow_against_hold_px'] = flow_against_hold(video)
    print(f'flow against hold (px): {report["flow_against_hold_px"]}')
    if args.out:
        write_json(args.out, report)
        print(args.out)


if __name__ == '__main__':
    main()

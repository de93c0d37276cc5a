"""End-to-end pipeline speed on a video: fps and a per-stage breakdown (decode, detect, lift, render)
for each detector, on CPU (and GPU for the lifter and mmpose where available). --people 1,3 also
measures a 1080p frame holding the video 3 times side by side (at most half the frame tall): a crowd
whose size is known.

    python tools/benchmark_pipeline.py ../shared/media/body3d_demo.mp4 --out benchmarks/pipeline.json
"""
import argparse
import time

import _bootstrap  # noqa: F401
import cv2
import numpy as np
import torch

from pipeline.cli import main_guard
from pipeline.io import write_json


def run_once(video, detector_name, device, render, frames, people=1, pose_budget=None):
    from pipeline.people.detectors import build_detector
    from models.shipped import load_demo_lifter
    from pipeline.frames.sources import VideoSource
    from pipeline.runtime.video import process_video, render_video

    class Head:  # the first `frames` frames of the video, streamed
        def __init__(self):
            self.source = VideoSource(video)
            self.fps, self.width, self.height = self.source.fps, self.source.width, self.source.height

            if people > 1:  # a 1080p 'street': N copies of the video side by side, at most half its height
                self.width, self.height = 1920, 1080

        def __iter__(self):
            for index, frame in self.source:
                if frames and index >= frames:
                    return
                if people > 1:
                    size = min(540, 1920 // people)
                    tile = cv2.resize(frame, (size, size))
                    frame = np.full((1080, 1920, 3), 90, np.uint8)
                    for k in range(people):
                        x = k * (1920 - size) // (people - 1)
                        frame[1080 - size:, x:x + size] = tile
                yield index, frame

        def __len__(self):
            return min(frames, len(self.source)) if frames else len(self.source)

    detector = build_detector(detector_name, device, **({'pose_budget': pose_budget} if detector_name == 'mediapipe' else {}))
    lifter = load_demo_lifter(device=device)
    start = time.perf_counter()
    result = process_video(Head(), detector, lifter, progress=False)
    elapsed = time.perf_counter() - start
    entry = dict(detector=getattr(detector, 'name', detector_name), device=device, frames=result.num_frames,
                 people_in_video=people, tracks_found=len(result.tracks),
                 people_per_frame=sum(len(t['frames']) for t in result.tracks.values()) / max(result.num_frames, 1), fps_without_render=result.num_frames / elapsed,
                 seconds=dict(result.seconds))
    if render:
        render_video(Head(), result, '/tmp/lift3d_benchmark_render.mp4', progress=False)
        entry['seconds'] = dict(result.seconds)
        entry['fps_with_render'] = result.num_frames / (elapsed + result.seconds['render'])
    entry['ms_per_frame'] = {k: 1000 * v / max(result.num_frames, 1) for k, v in entry['seconds'].items()}
    return entry


@main_guard
def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('video')
    p.add_argument('--detectors', default='mediapipe,mmpose', help='comma-separated detectors to measure')
    p.add_argument('--frames', type=int, default=0, help='only the first n frames (0: all)')
    p.add_argument('--people', default='1', help='comma-separated: also measure the video tiled N times side by side')
    p.add_argument('--pose-budget', type=int, default=2, help='as demo/video.py (0: everyone every frame)')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--out', default='benchmarks/pipeline.json')
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    devices = ['cpu'] + (['cuda'] if torch.cuda.is_available() else [])
    runs = []
    for name in args.detectors.split(','):
        for device, people in ((d, int(n)) for d in devices for n in args.people.split(',')):
            if name == 'mediapipe' and device == 'cuda':
                continue  # BlazePose runs on the CPU in the pip wheel; only the lifter would move
            entry = run_once(args.video, name, device, render=True, frames=args.frames, people=people,
                             pose_budget=args.pose_budget or None)
            if name == 'mmpose':
                entry['note'] = 'random weights unless checkpoints are found locally: speed only'
            runs.append(entry)
            stages = ', '.join(f'{k} {v:.1f} ms' for k, v in entry['ms_per_frame'].items())
            print(f'{name:10s} {device:4s} {people} people in view, {entry["tracks_found"]} tracks, '
                  f'{entry["people_per_frame"]:.2f} found per frame: '
                  f'{entry["fps_without_render"]:6.1f} fps end to end ({stages})')
    report = dict(video=args.video, cpu_threads=args.threads, pose_budget=args.pose_budget, runs=runs,
                  cuda=torch.cuda.get_device_name() if torch.cuda.is_available() else None)
    write_json(args.out, report)


if __name__ == '__main__':
    main()

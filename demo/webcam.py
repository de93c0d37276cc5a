"""Live 3D lifting from a camera: capture, detect, track, lift and show, printing latency and fps.
The detector runs beside the loop on the newest frame it can take; optical flow carries its keypoints
to the frames in between (--detect-every-frame: the detector on every frame instead).

    python demo/webcam.py --camera 0                 # an OpenCV window with the 2D overlay and a 3D view
    python demo/webcam.py --source clip.mp4          # a file played at its own frame rate, as a camera
    python demo/webcam.py --source clip.mp4 --headless --out outputs   # write outputs instead of showing
"""
import argparse
import sys
import time
from collections import defaultdict

import _bootstrap  # noqa: F401
import numpy as np

from pipeline.cli import add_focal_argument, main_guard


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group()
    src.add_argument('--camera', default='0', help='camera index or stream URL (default 0)')
    src.add_argument('--source', help='a video file played in real time as if it were a camera')
    p.add_argument('--detector', default='auto', help='auto | mediapipe | mmpose')
    p.add_argument('--lifter', help='lifter config (default: the shipped causal temporal lifter; any causal lifter works)')
    p.add_argument('--checkpoint', help='lifter checkpoint')
    p.add_argument('--headless', action='store_true', help='no window: write JSON/NPZ and a rendered MP4 to --out')
    p.add_argument('--out', default='outputs', help='output folder for --headless')
    p.add_argument('--detect-every-frame', action='store_true',
                   help='run the detector on every frame instead of carrying its keypoints between its results '
                        'by optical flow (slower: the frame rate is then the detector\'s)')
    p.add_argument('--duration', type=float, help='stop after this many seconds')
    p.add_argument('--device', default='cpu')
    add_focal_argument(p)
    return p.parse_args()


@main_guard
def main():
    args = parse_args()
    import cv2

    from pipeline.people.detectors import build_detector
    from pipeline.files.export import export
    from pipeline.geometry.camera import assumed_intrinsics
    from models.shipped import DEFAULT_LIVE_LIFTER, load_demo_lifter
    from pipeline.runtime.live import FlowDetector, LiveLifter, pipelined
    from pipeline.files.outdir import prepare_output_dir
    from pipeline.files.render import VideoWriter, ViewFit, compose, side_offset_mm, upright
    from pipeline.frames.sources import VideoSource, open_source
    from pipeline.tracks.tracking import Track
    from pipeline.runtime.video import VideoResult, place_people

    import torch
    # One lifting window is a few small matrix products: a second torch thread only contends with
    # BlazePose's threads for the two cores (measured here: 17 ms a window with one, 53 with two).
    torch.set_num_threads(1)
    source = VideoSource(args.source, realtime=True) if args.source else open_source(args.camera)
    out_dir = prepare_output_dir(args.out) if args.headless else None
    lifter = load_demo_lifter(args.lifter, args.checkpoint, args.device, default=DEFAULT_LIVE_LIFTER)
    # Live, the search for new people (BlazePose's detector over tiles, and HOG: ~300 ms of CPU at 1000 px)
    # runs twice a second, or it takes a core from the pose work.
    options = dict(search_every=0.5, fps=source.fps) if args.detector in ('auto', 'mediapipe') else {}
    detector = build_detector(args.detector, args.device, **options)
    if not args.detect_every_frame:
        detector = FlowDetector(detector)
    intrinsics = assumed_intrinsics(source.width, source.height, args.focal)
    live = LiveLifter(detector, lifter, source.fps, intrinsics)
    print(f'{source.name}: {source.width}x{source.height} @ {source.fps:g} fps | detector: {detector.name}',
          file=sys.stderr)
    if lifter.receptive_field > 1:
        print(f'lifter: {type(lifter).__name__}, causal, {lifter.receptive_field} past frames per pose from a ring '
              'buffer: adds no frames of delay, only its compute time (lift ms below)', file=sys.stderr)
    writer = VideoWriter(out_dir / 'webcam_3d.mp4', source.fps) if args.headless else None
    tracks, poses, latencies, lift_times = {}, defaultdict(list), [], []
    shown, start, fit = 0, time.perf_counter(), ViewFit()
    last_report = start
    try:
        # Detection and lifting of the next frame overlap the drawing of this one (pipelined).
        for index, frame, people, captured, lift_seconds in pipelined(source, live):
            lift_times.append(lift_seconds)
            for tid, kp, sc, pose in people:
                tracks.setdefault(tid, Track(tid)).add(index, kp, sc)
                poses[tid].append(pose)
            shown_3d = [(t, upright(p, side_offset_mm(k[0, 0], source.width))) for t, k, _, p in people]
            image = compose(frame, [(t, k, s >= 0.3) for t, k, s, _ in people], shown_3d, fit(shown_3d))
            if writer:
                writer.write(image)
            else:
                cv2.imshow('lift3d live (q quits)', image)
                if cv2.waitKey(1) & 0xFF == ord('q'):
                    break
            latencies.append(time.perf_counter() - captured)  # from the camera's frame to its 3D on screen
            shown += 1
            now = time.perf_counter()
            if now - last_report >= 1.0:
                print(f'fps {shown / (now - start):5.1f} | latency {1000 * np.mean(latencies[-30:]):6.1f} ms '
                      f'(lift {1000 * np.mean(lift_times[-30:]):5.1f} ms) | people {len(people)} | '
                      f'dropped {source.dropped}', file=sys.stderr)
                last_report = now
            if args.duration and now - start >= args.duration:
                break
    finally:
        if writer:
            writer.close()
        if isinstance(detector, FlowDetector):
            detector.close()
        if not args.headless:
            cv2.destroyAllWindows()
    elapsed = time.perf_counter() - start
    print(f'{shown} frames shown in {elapsed:.1f}s: {shown / max(elapsed, 1e-9):.1f} fps, mean latency '
          f'{1000 * np.mean(latencies) if latencies else 0:.1f} ms (lift {1000 * np.mean(lift_times) if lift_times else 0:.1f} ms), '
          f'{source.dropped} frames dropped'
          + (f', the detector ran on {detector.detected} (optical flow between)' if isinstance(detector, FlowDetector) else ''),
          file=sys.stderr)
    if args.headless:
        result = VideoResult(fps=source.fps, width=source.width, height=source.height, num_frames=index + 1,
                             detector=detector.name, lifter=type(lifter).__name__)
        for tid, t in tracks.items():
            frames, kp, sc = t.arrays()
            result.tracks[tid] = dict(frames=frames, keypoints_2d=kp, scores=sc, reliable=sc >= 0.3,
                                      pose_3d=np.array(poses[tid], np.float32))
        result.ground = place_people(result.tracks, intrinsics, source.fps)
        for path in export(result, out_dir, 'webcam', ('json', 'npz')) + [out_dir / 'webcam_3d.mp4']:
            print(path)


if __name__ == '__main__':
    main()

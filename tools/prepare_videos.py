"""Turn a folder of videos (any depth) into a training cache for the image models: clips of tracked
people, person-centred crops with their 2D keypoints and boxes, background estimates, and the
static/moving-background split. Resumes where it stopped; unreadable files are skipped with a warning.

    python tools/prepare_videos.py FOLDER --out CACHE [--crop-size 128] [--min-clip-seconds 2]

Videos with a <stem>.keypoints.npz beside them (synthetic renders) use those keypoints; the others
go through the pipeline's detector (--detector auto: mmpose when its weights are local, else the
bundled MediaPipe one). Each real clip also keeps the shipped temporal lifter's 3D of its keypoints
(pseudo_3d.npy), the cross-modal VAE's soft 3D target (model.pseudo_weight); --no-pseudo-3d skips it.
"""
import argparse
import sys

import _bootstrap  # noqa: F401

from pipeline.cli import main_guard


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('folder')
    p.add_argument('--out', required=True, help='cache folder (created; an existing one is resumed)')
    p.add_argument('--crop-size', type=int, default=128, help='side of the square person crops, px')
    p.add_argument('--min-clip-seconds', '--min-seconds', dest='min_seconds', type=float, default=2.0,
                   help='shortest track kept as a clip, s (default 2: pairs a second apart still fit; '
                        'the seeds use clips of over 5 s)')
    p.add_argument('--max-seconds', type=float, default=10.0, help='longer tracks are cut into clips this long')
    p.add_argument('--detector', default='auto')
    p.add_argument('--no-pseudo-3d', action='store_true', help="don't lift real clips' keypoints to 3D pseudo-labels")
    p.add_argument('--device', default='cpu')
    return p.parse_args()


@main_guard
def main():
    args = parse_args()
    from pipeline.people.detectors import PrecomputedKeypoints, build_detector
    from pipeline.training.video_cache import VideoCache, sidecar_keypoints

    detector = None

    def make_detector(video):
        nonlocal detector
        labels = sidecar_keypoints(video)
        if labels is not None:
            return PrecomputedKeypoints(labels)
        if detector is None:  # built once, on the first video that needs it
            detector = build_detector(args.detector, args.device)
        return detector

    cache = VideoCache(args.out, args.crop_size, args.min_seconds, args.max_seconds)
    lifter = None
    if not args.no_pseudo_3d:
        from models.shipped import load_demo_lifter
        lifter = load_demo_lifter(device=args.device)
    index = cache.prepare(args.folder, make_detector, lifter=lifter)
    clips = index['clips'].values()
    static = sum(c['static'] for c in clips)
    skipped = [v for v, e in index['videos'].items() if e['status'] == 'skipped']
    print(f'{args.out}: {len(index["videos"]) - len(skipped)} videos, {len(clips)} clips '
          f'({static} static background / paired, {len(clips) - static} moving / unpaired), '
          f'{sum(c["num_frames"] for c in clips)} frames; {len(skipped)} skipped', file=sys.stderr)


if __name__ == '__main__':
    main()

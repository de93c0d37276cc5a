"""How well the floor fit (pipeline.geometry.ground) finds gravity and the camera's height, on Human3.6M.

Each stream (subject, take, camera) is one "video": its true camera-frame poses and root positions with
lifting-sized noise added (`--noise` mm on every joint, and 1 % of the distance on each root), fitted
as the video pipeline fits them. Errors against the cameras' true extrinsics: the angle between the
fitted and the true up (degrees), and the camera's height (mm), per kind of action.

    python tools/benchmark_ground.py --data-3d D/h36m_train_3d.npz --cameras D/h36m_cameras.json \
        --subjects S1,S5 --out benchmarks/ground.json
"""
import argparse

import _bootstrap  # noqa: F401
import numpy as np

from pipeline.cli import main_guard
from pipeline.io import write_json

KINDS = {'walking': ('Walking', 'WalkDog', 'WalkTogether'), 'sitting': ('Sitting', 'SittingDown')}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data-3d', required=True)
    p.add_argument('--cameras', required=True)
    p.add_argument('--subjects', default='S1,S5')
    p.add_argument('--stride', type=int, default=5, help='every N-th frame (the fit sees fps / N)')
    p.add_argument('--noise', type=float, default=30.0, help='mm of Gaussian noise on every joint')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--out', help='write the numbers as JSON here')
    return p.parse_args()


def kind_of(action):
    return next((kind for kind, actions in KINDS.items() if action in actions), 'standing')


@main_guard
def main():
    args = parse_args()
    from pipeline.geometry.camera import load_cameras
    from pipeline.geometry.ground import fit_ground
    from pipeline.training.h36m import load_h36m
    data = load_h36m(args.data_3d, args.cameras, args.subjects.split(','), stride=args.stride)
    cameras = load_cameras(args.cameras)
    rng = np.random.default_rng(args.seed)
    errors = {}
    for seq in np.unique(data['sequence']):
        m = data['sequence'] == seq
        pose = data['pose_3d'][m] + rng.normal(0, args.noise, data['pose_3d'][m].shape)
        root = data['root'][m] * (1 + rng.normal(0, 0.01, (m.sum(), 1)))
        ground = fit_ground([pose], [root], fps=50.0 / args.stride)
        up = data['up'][m][0]
        camera = cameras[data['subject'][m][0]][data['camera'][m][0]]
        height = float(np.asarray(camera.T)[2])  # the world's z is up and its floor is at 0
        errors.setdefault(kind_of(data['action'][m][0]), []).append(
            (np.degrees(np.arccos(np.clip(ground.up @ up, -1, 1))), ground.camera_height - height,
             np.degrees(np.arccos(-up[1]))))
    report = dict(subjects=args.subjects, stride=args.stride, noise_mm=args.noise, kinds={})
    for kind, rows in sorted(errors.items()):
        rows = np.array(rows)
        report['kinds'][kind] = entry = dict(
            streams=len(rows), up_error_deg_mean=float(rows[:, 0].mean()),
            up_error_deg_p90=float(np.percentile(rows[:, 0], 90)),
            camera_height_error_mm_mean=float(np.abs(rows[:, 1]).mean()), camera_tilt_deg_mean=float(rows[:, 2].mean()))
        print(f'{kind:9s} {entry["streams"]:4d} streams  up error {entry["up_error_deg_mean"]:5.2f} deg '
              f'(90th percentile {entry["up_error_deg_p90"]:5.2f})  camera height error '
              f'{entry["camera_height_error_mm_mean"]:5.0f} mm  (cameras tilted {entry["camera_tilt_deg_mean"]:.1f} deg)')
    if args.out:
        write_json(args.out, report)


if __name__ == '__main__':
    main()

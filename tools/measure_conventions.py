"""Where the bundled detector's landmarks sit against Human3.6M's joints, from body proportions alone.

No motion capture is needed: over upright, roughly frontal poses, the median ratios that do not depend
on the person's size or on the view (hip width / shoulder width, trunk / thigh length, how far up the
trunk the thorax, spine and head are) are compared between Human3.6M's ground-truth 2D and the
bundled detector's raw MediaPipe landmarks on real videos. Shoulders, knees and the nose agree between
the two conventions; the hips, thorax, spine and head do not. The constants in
pipeline/geometry/skeleton.py (MEDIAPIPE_HIP_UP ...) come from this; after the conversion, the
detector's proportions should read as Human3.6M's.

    python tools/measure_conventions.py ../shared/media/body3d_demo.mp4 ../shared/media/real/*room* \
        --data-3d ../shared/data/h36m/h36m_train_3d.npz --cameras ../shared/data/h36m/h36m_cameras.json \
        --out benchmarks/conventions.json
"""
import argparse

import _bootstrap  # noqa: F401
import numpy as np

from pipeline.cli import main_guard
from pipeline.errors import UserError
from pipeline.io import write_json


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('videos', nargs='+')
    p.add_argument('--data-3d', required=True)
    p.add_argument('--cameras', required=True)
    p.add_argument('--subjects', default='S1,S5,S6,S7,S8')
    p.add_argument('--out')
    return p.parse_args()


def proportions(k):
    """Human3.6M-17 2D poses (N, 17, 2) -> {name: (N,)} ratios, in trunk lengths T (hips' to shoulders'
    midpoint) where they are positions along the trunk."""
    from pipeline.geometry.skeleton import H36M
    j = {name: k[:, H36M.index(name)] for name in H36M.joints}
    hips, shoulders = (j['LHip'] + j['RHip']) / 2, (j['LShoulder'] + j['RShoulder']) / 2
    trunk = np.linalg.norm(shoulders - hips, axis=-1)
    up = (shoulders - hips) / trunk[:, None]

    def along(point, origin):
        return ((point - origin) * up).sum(-1) / trunk

    def length(a, b):
        return np.linalg.norm(j[a] - j[b], axis=-1)

    return dict(frontal=length('LShoulder', 'RShoulder') / trunk,
                hip_width_over_shoulder_width=length('LHip', 'RHip') / length('LShoulder', 'RShoulder'),
                trunk_over_thigh=trunk / ((length('LHip', 'LKnee') + length('RHip', 'RKnee')) / 2),
                pelvis_up=along(j['Hip'], hips), spine_up=along(j['Spine'], hips),
                thorax_above_shoulders=along(j['Thorax'], shoulders), nose_above_shoulders=along(j['Neck/Nose'], shoulders),
                head_above_shoulders=along(j['Head'], shoulders))


def medians(k, min_frontal=0.6):
    p = proportions(k)
    keep = (p['frontal'] > min_frontal) & (k[:, 10, 1] < k[:, 0, 1])  # facing the camera, head above the pelvis
    return {name: round(float(np.median(v[keep])), 3) for name, v in p.items()}, int(keep.sum())


def raw_landmarks(videos):
    """The bundled detector's MediaPipe landmarks (N, 33, 2) of every confident pose in the videos."""
    from pipeline.people import detectors
    from pipeline.people.detectors import build_detector
    from pipeline.frames.sources import VideoSource
    seen, convert = [], detectors.People.from_layout.__func__

    def record(cls, keypoints, scores, layout, boxes=None):
        seen.extend(k for k, s in zip(keypoints, scores) if s[[11, 12, 23, 24, 25, 26]].min() > 0.5)
        return convert(cls, keypoints, scores, layout, boxes)

    detectors.People.from_layout = classmethod(record)
    detector = build_detector('mediapipe')
    for video in videos:
        detector.reset()
        for index, frame in VideoSource(video):
            detector(frame, index)
    if not seen:
        raise UserError('no confident pose in the videos')
    return np.stack(seen)


@main_guard
def main():
    args = parse_args()
    from pipeline.geometry.skeleton import _TO_H36M, to_h36m
    from pipeline.training.h36m import load_h36m
    mocap = load_h36m(args.data_3d, args.cameras, args.subjects.split(','), stride=20)['gt_2d']
    landmarks = raw_landmarks(args.videos)
    W_plain = np.zeros((17, 33))
    for j, sources in enumerate(_TO_H36M['mediapipe33']):
        W_plain[j, sources] = 1 / len(sources)
    rows = {'human3.6m (motion capture)': medians(mocap),
            'mediapipe, plain means': medians(np.einsum('hj,njd->nhd', W_plain, landmarks)),
            'mediapipe, converted': medians(to_h36m(landmarks, 'mediapipe33'))}
    names = list(next(iter(rows.values()))[0])
    print(f'{"":28s}' + ''.join(f'{n[:16]:>18s}' for n in names) + '   poses')
    for label, (values, count) in rows.items():
        print(f'{label:28s}' + ''.join(f'{values[n]:18.3f}' for n in names) + f'{count:8d}')
    if args.out:
        write_json(args.out, {label: dict(values, poses=count) for label, (values, count) in rows.items()})


if __name__ == '__main__':
    main()

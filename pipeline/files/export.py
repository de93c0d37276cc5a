"""Writing results: JSON (per frame, per person), NPZ (flat rows), CSV (a row per frame and person, with
joint angles, for spreadsheets and motion analysis) and BVH (one file per track), atomically.

3D is in metres, camera frame (x right, y down, z forward): each pose root-relative (what the lifter
recovers), and beside it the root's position in the camera's frame (where the person stands, placed by
the pose's size in the image: see pipeline.runtime.video.place_in_camera). The floor fitted under the people
(pipeline.geometry.ground) adds a world frame: y up along gravity, the floor at y = 0, the origin on the
floor below the camera. Every format gives the root there too; BVH is written in it, each track's path
starting above the origin.
"""
import csv
import json

import numpy as np

from pipeline.files.bvh import write_bvh
from pipeline.geometry.skeleton import H36M, JOINT_ANGLES, joint_angles
from pipeline.io import atomic_write

FORMATS = ('json', 'npz', 'csv', 'bvh')


def to_rows(result):
    """Flatten tracks into per-(frame, person) rows, sorted by frame then track id."""
    rows = []
    for tid, t in result.tracks.items():
        for i, frame in enumerate(t['frames']):
            rows.append((int(frame), int(tid), t, i))
    return sorted(rows, key=lambda r: r[:2])


def write_json(path, result):
    frames = {f: [] for f in range(result.num_frames)}
    for frame, tid, t, i in to_rows(result):
        frames.setdefault(frame, []).append({
            'track_id': tid,
            'keypoints': np.round(t['keypoints_2d'][i], 2).tolist(),
            'scores': np.round(t['scores'][i], 3).tolist(),
            'reliable': t['reliable'][i].tolist(),
            'keypoints_3d': np.round(t['pose_3d'][i] / 1000.0, 5).tolist(),
            'root_3d': np.round(t['root_3d'][i] / 1000.0, 4).tolist(),
            'root_world': np.round(t['root_world'][i] / 1000.0, 4).tolist()})
    doc = dict(layout=H36M.name, joints=list(H36M.joints), bones=[list(b) for b in H36M.bones],
               fps=result.fps, width=result.width, height=result.height, detector=result.detector,
               lifter=result.lifter, units_3d='metres, camera frame (x right, y down, z forward); keypoints_3d '
               "root-relative, root_3d the root's position; root_world the root in the ground's world frame",
               ground=ground_json(result.ground),
               frames=[{'frame': f, 'time': round(f / result.fps, 4), 'people': people}
                       for f, people in sorted(frames.items())])
    with atomic_write(path) as tmp, open(tmp, 'w') as f:
        json.dump(doc, f)


def ground_json(ground):
    """The fitted floor for JSON: up (camera frame), the camera's height, how many foot contacts it rests on
    and how far their heights spread about it, and the camera -> world transform (world = rotation @ camera
    + translation_m; y up, the floor at 0); None without people."""
    if ground is None:
        return None
    R, t = ground.camera_to_world()
    spread = round(ground.spread / 1000.0, 4) if np.isfinite(ground.spread) else None
    return dict(up=np.round(ground.up, 5).tolist(), camera_height_m=round(ground.camera_height / 1000.0, 4),
                contacts=ground.contacts, spread_m=spread,
                camera_to_world=dict(rotation=np.round(R, 6).tolist(), translation_m=np.round(t / 1000.0, 4).tolist()))


def write_npz(path, result):
    rows = to_rows(result)
    pick = lambda key, shape: (np.stack([t[key][i] for _, _, t, i in rows]) if rows  # noqa: E731
                               else np.zeros((0, *shape), np.float32))
    R, t = result.ground.camera_to_world() if result.ground else (np.full((3, 3), np.nan), np.full(3, np.nan))
    with atomic_write(path) as tmp, open(tmp, 'wb') as f:
        np.savez(f, frame=np.array([r[0] for r in rows], np.int64), track_id=np.array([r[1] for r in rows], np.int64),
                 keypoints=pick('keypoints_2d', (17, 2)).astype(np.float32), scores=pick('scores', (17,)).astype(np.float32),
                 keypoints_3d=(pick('pose_3d', (17, 3)) / 1000.0).astype(np.float32),
                 root_3d=(pick('root_3d', (3,)) / 1000.0).astype(np.float32),
                 root_world=(pick('root_world', (3,)) / 1000.0).astype(np.float32),
                 camera_to_world_rotation=R, camera_to_world_translation=t / 1000.0,  # NaN without people
                 fps=np.float64(result.fps), layout=np.array(H36M.name))


def write_csv(path, result):
    """One row per frame and person: time, track id, the root's position in the camera's frame and in the
    world frame, each joint's root-relative 3D (metres, as in the JSON), and the JOINT_ANGLES (degrees)."""
    names = [j.lower().replace('/', '_') for j in H36M.joints]
    header = (['frame', 'time_s', 'track_id'] + [f'root_position_{axis}_m' for axis in 'xyz']
              + [f'root_world_{axis}_m' for axis in 'xyz']
              + [f'{j}_{axis}_m' for j in names for axis in 'xyz'] + [f'{a}_deg' for a in JOINT_ANGLES])
    with atomic_write(path) as tmp, open(tmp, 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(header)
        angles = {tid: np.round(joint_angles(t['pose_3d']), 2) for tid, t in result.tracks.items()}
        for frame, tid, t, i in to_rows(result):
            roots = np.round(np.concatenate([t['root_3d'][i], t['root_world'][i]]) / 1000.0, 4).tolist()
            writer.writerow([frame, round(frame / result.fps, 4), tid] + roots
                            + np.round(t['pose_3d'][i] / 1000.0, 5).ravel().tolist() + angles[tid][i].tolist())


def write_bvh_tracks(out_dir, stem, result):
    """One BVH per track in the world frame, its root moving along the person's path at its height above
    the floor, starting over the origin; returns the paths written."""
    paths = []
    R, t = result.ground.camera_to_world() if result.ground else (None, None)
    for tid, track in sorted(result.tracks.items()):
        if len(track['frames']) >= 2:
            path = out_dir / f'{stem}_track{tid}.bvh'
            write_bvh(path, track['pose_3d'] + track['root_3d'][:, None], result.fps,
                      (R, t - track['root_world'][0] * [1, 0, 1]))
            paths.append(path)
    return paths


def export(result, out_dir, stem, formats):
    """Write the requested formats into out_dir; returns the paths written."""
    written = []
    if 'json' in formats:
        write_json(out_dir / f'{stem}.json', result)
        written.append(out_dir / f'{stem}.json')
    if 'npz' in formats:
        write_npz(out_dir / f'{stem}.npz', result)
        written.append(out_dir / f'{stem}.npz')
    if 'csv' in formats:
        write_csv(out_dir / f'{stem}.csv', result)
        written.append(out_dir / f'{stem}.csv')
    if 'bvh' in formats:
        written += write_bvh_tracks(out_dir, stem, result)
    return written

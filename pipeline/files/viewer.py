"""Interactive inspection of lifted poses in open3d's viewer (needs a display): the poses play as an
animated line set, one colour per track, in the world frame of the fitted floor, over a floor grid."""
import numpy as np

from pipeline.errors import UserError
from pipeline.geometry.skeleton import H36M
from pipeline.files.render import track_colour


def line_set(points_mm, lines, colours):
    """(N, 3) world-frame points (mm, y up), (L, 2) index pairs and (L, 3) RGB 0-255 -> open3d LineSet in metres."""
    import open3d as o3d
    ls = o3d.geometry.LineSet(o3d.utility.Vector3dVector(np.asarray(points_mm, float).reshape(-1, 3) / 1000.0),
                              o3d.utility.Vector2iVector(np.asarray(lines).reshape(-1, 2)))
    ls.colors = o3d.utility.Vector3dVector(np.asarray(colours, float).reshape(-1, 3) / 255)
    return ls


def skeletons(poses_mm, colours):
    """(P, 17, 3) world-frame poses and (P, 3) RGB colours -> one LineSet of every bone of every person."""
    lines = [[p + k * 17, c + k * 17] for k in range(len(poses_mm)) for p, c in H36M.bones]
    return line_set(poses_mm, lines, np.repeat(np.asarray(colours, float).reshape(-1, 3), len(H36M.bones), 0))


def floor_grid(centre_mm, half_mm, step_mm=500.0):
    """Lines of a square grid on the floor (y = 0) around (x, z) = centre_mm, reaching half_mm each way."""
    ticks = np.arange(-half_mm, half_mm + 1, step_mm)
    ends = [([t, 0, -half_mm], [t, 0, half_mm]) for t in ticks] + [([-half_mm, 0, t], [half_mm, 0, t]) for t in ticks]
    points = np.array(ends, float).reshape(-1, 3) + [centre_mm[0], 0, centre_mm[1]]
    return line_set(points, np.arange(len(points)).reshape(-1, 2), np.full((len(ends), 3), 90))


def show_result(result):
    import open3d as o3d
    frames = sorted({int(f) for t in result.tracks.values() for f in t['frames']})
    if not frames:
        raise UserError('nothing to show: no person was found')
    vis = o3d.visualization.Visualizer()
    if not vis.create_window('lift3d', 960, 720):
        raise UserError('cannot open a window (no display?); use --render for a video instead')
    roots = np.concatenate([t['root_world'] for t in result.tracks.values()])[:, [0, 2]]
    vis.add_geometry(floor_grid(roots.mean(0), np.abs(roots - roots.mean(0)).max() + 1500))
    state = {'i': 0, 'geometry': None}

    def step(vis):
        people = result.people_at(frames[state['i'] % len(frames)])
        poses = np.array([result.ground.to_world(pose + root) for _, _, _, pose, root in people]).reshape(-1, 17, 3)
        geometry = skeletons(poses, [track_colour(t) for t, *_ in people])
        if state['geometry'] is not None:
            vis.remove_geometry(state['geometry'], reset_bounding_box=False)
        vis.add_geometry(geometry, reset_bounding_box=False)
        state['geometry'] = geometry
        state['i'] += 1
        return False

    vis.register_animation_callback(step)
    vis.run()
    vis.destroy_window()

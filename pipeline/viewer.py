"""Interactive inspection of lifted poses in open3d's viewer (needs a display): the poses play as an
animated line set, one colour per track."""
import numpy as np

from pipeline.errors import UserError
from pipeline.geometry.skeleton import H36M
from pipeline.render import side_offset_mm, track_colour


def line_set(poses_mm, colours):
    """(P, 17, 3) poses and (P, 3) RGB 0-255 colours -> open3d LineSet (metres, y up)."""
    import open3d as o3d
    points = (poses_mm * [1, -1, -1] / 1000.0).reshape(-1, 3)
    lines = np.array([[p + k * 17, c + k * 17] for k in range(len(poses_mm)) for p, c in H36M.bones]).reshape(-1, 2)
    ls = o3d.geometry.LineSet(o3d.utility.Vector3dVector(points), o3d.utility.Vector2iVector(lines))
    ls.colors = o3d.utility.Vector3dVector(np.repeat(np.asarray(colours, float) / 255, len(H36M.bones), 0))
    return ls


def show_result(result):
    import open3d as o3d
    frames = sorted({int(f) for t in result.tracks.values() for f in t['frames']})
    if not frames:
        raise UserError('nothing to show: no person was found')
    vis = o3d.visualization.Visualizer()
    if not vis.create_window('lift3d', 960, 720):
        raise UserError('cannot open a window (no display?); use --render for a video instead')
    state = {'i': 0, 'geometry': None}

    def step(vis):
        people = result.people_at(frames[state['i'] % len(frames)])
        poses = np.array([p + [side_offset_mm(kp[0, 0], result.width), 0, 0]
                          for _, kp, _, p, _ in people]).reshape(-1, 17, 3)
        geometry = line_set(poses, [track_colour(t) for t, *_ in people])
        if state['geometry'] is not None:
            vis.remove_geometry(state['geometry'], reset_bounding_box=False)
        vis.add_geometry(geometry, reset_bounding_box=state['i'] == 0)
        state['geometry'] = geometry
        state['i'] += 1
        return False

    vis.register_animation_callback(step)
    vis.run()
    vis.destroy_window()

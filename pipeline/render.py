"""Drawing: the 2D skeletons on the frame beside a 3D view of the lifted poses, with OpenCV only, so it
needs no display and costs a few milliseconds a frame. The interactive 3D viewer is in pipeline/viewer.py."""
import os
from pathlib import Path

import cv2
import numpy as np

from pipeline.errors import UserError
from pipeline.geometry.ground import FEET
from pipeline.geometry.skeleton import H36M
from pipeline.geometry.transforms import rotation_matrix

LEFT = {c for p, c in H36M.bones if H36M.joints[c].startswith('L')}
RIGHT = {c for p, c in H36M.bones if H36M.joints[c].startswith('R')}
PALETTE = [(66, 135, 245), (245, 105, 66), (80, 200, 120), (200, 80, 200), (240, 200, 60), (60, 200, 220)]


def track_colour(track_id):
    return PALETTE[track_id % len(PALETTE)]


def bone_colour(child, track_id):
    """Left limbs light, right limbs dark shades of the track's colour, so sides can be told apart."""
    base = np.array(track_colour(track_id), float)
    if child in LEFT:
        return tuple(int(v) for v in base * 0.5 + 127)
    if child in RIGHT:
        return tuple(int(v) for v in base * 0.6)
    return tuple(int(v) for v in base)


def side_offset_mm(root_u, width, spread_mm=2500.0):
    """Lifted poses are root-relative: place each person left or right in the 3D view as they stand in
    the image (the root's pixel column), so several people do not overlap."""
    return (root_u - width / 2) / width * spread_mm


def draw_2d(frame, people, thickness=2):
    """people: list of (track_id, keypoints (17, 2), reliable (17,)). Draws in place."""
    for tid, kp, reliable in people:
        for p, c in H36M.bones:
            style = cv2.LINE_AA if reliable[p] and reliable[c] else cv2.LINE_4
            cv2.line(frame, tuple(map(int, kp[p])), tuple(map(int, kp[c])), bone_colour(c, tid), thickness, style)
        head = kp[H36M.index('Head')]
        cv2.putText(frame, f'#{tid}', (int(head[0]) - 10, int(head[1]) - 12), cv2.FONT_HERSHEY_SIMPLEX,
                    0.6, track_colour(tid), 2, cv2.LINE_AA)
    return frame


def upright(pose, x_offset=0.0):
    """A root-relative camera-frame pose (17, 3) mm -> the 3D view's frame (y up, z towards the viewer),
    its lower foot on the floor: for live input, where no floor has been fitted yet."""
    shown = pose * [1, -1, -1] + [x_offset, 0, 0]
    return shown - [0, shown[list(FEET), 1].min(), 0]


def draw_3d(size, people, grid_shift=(0.0, 0.0), azimuth=np.deg2rad(30), elevation=np.deg2rad(15),
            span_mm=2400.0, grid_mm=500.0):
    """A size x size panel: people as (track_id, joints (17, 3) mm) in a y-up frame (x right, z towards
    the viewer, the floor at y = 0, the view centred on x = z = 0), seen from a fixed oblique viewpoint,
    orthographic, over a floor grid. grid_shift (x, z) mm moves the grid under the people, so a person
    walking is seen to walk while the view follows them."""
    panel = np.full((size, size, 3), 30, np.uint8)
    R = rotation_matrix(azimuth, elevation)
    scale = size / span_mm

    def to_px(points):  # rotation_matrix works in camera axes (y down, z away): turn y-up points into them
        p = (np.asarray(points, float) * [1, -1, -1]) @ R.T
        return np.stack([p[..., 0] * scale + size / 2, p[..., 1] * scale + size * 0.8], -1)

    half = 3 * grid_mm
    for axis, shift in enumerate(grid_shift):
        for g in np.arange(-half, half + 1, grid_mm) - np.mod(shift, grid_mm):
            a, b = np.zeros((2, 3))
            a[2 * axis], b[2 * axis] = g, g  # lines of constant x (axis 0) or z (axis 1)
            a[2 - 2 * axis], b[2 - 2 * axis] = -half, half
            pa, pb = to_px([a, b])
            cv2.line(panel, tuple(map(int, pa)), tuple(map(int, pb)), (70, 70, 70), 1, cv2.LINE_AA)
    for tid, joints in people:
        px = to_px(joints)
        for p, c in H36M.bones:
            cv2.line(panel, tuple(map(int, px[p])), tuple(map(int, px[c])), bone_colour(c, tid), 3, cv2.LINE_AA)
        cv2.putText(panel, f'#{tid}', tuple(map(int, px[H36M.index('Head')] - [10, 14])), cv2.FONT_HERSHEY_SIMPLEX,
                    0.5, track_colour(tid), 1, cv2.LINE_AA)
    return panel


def compose(frame, people_2d, people_3d, grid_shift=(0.0, 0.0), max_height=720):
    """Frame with 2D overlay | 3D panel (draw_3d's people and grid_shift), side by side, at most
    max_height pixels tall."""
    scale = min(1.0, max_height / frame.shape[0])
    if scale < 1:
        frame = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        people_2d = [(t, k * scale, r) for t, k, r in people_2d]
    left = draw_2d(frame.copy(), people_2d)
    return np.concatenate([left, draw_3d(left.shape[0], people_3d, grid_shift)], 1)


class VideoWriter:
    """An MP4 that appears under its final name only when complete (written beside it, then renamed)."""

    def __init__(self, path, fps):
        self.path = Path(path)
        self.tmp = self.path.with_name(f'.{self.path.stem}.partial{self.path.suffix}')
        self.fps, self.writer = fps, None

    def write(self, image):
        if self.writer is None:
            h, w = image.shape[:2]
            self.writer = cv2.VideoWriter(str(self.tmp), cv2.VideoWriter_fourcc(*'mp4v'), self.fps, (w, h))
            if not self.writer.isOpened():
                raise UserError(f'cannot write video {self.path}')
        self.writer.write(image)

    def close(self, keep=True):
        if self.writer is not None:
            self.writer.release()
            if keep:
                os.replace(self.tmp, self.path)
        if self.tmp.exists():
            self.tmp.unlink()

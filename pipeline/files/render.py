"""Drawing: the 2D skeletons on the frame beside a 3D view of the lifted poses, with OpenCV only, so it
needs no display and costs a few milliseconds a frame. The interactive 3D viewer is in pipeline/files/viewer.py."""
import os
from dataclasses import dataclass
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


# The 3D panel's fixed oblique viewpoint (30 degrees azimuth, 15 elevation), in camera axes (y down, z away).
VIEW_ROTATION = rotation_matrix(np.deg2rad(30), np.deg2rad(15))


def view_plane(points):
    """y-up points (..., 3) mm -> where the viewpoint sees them (..., 2) mm: x right, y down, orthographic."""
    return ((np.asarray(points, float) * [1, -1, -1]) @ VIEW_ROTATION.T)[..., :2]


@dataclass
class View:
    """What the 3D panel shows: `span` mm across, centred on `centre` (view-plane mm), the floor grid
    drawn around `floor` (x, z) mm."""
    centre: np.ndarray
    span: float
    floor: np.ndarray


class ViewFit:
    """The 3D panel's view, fitted to every person shown and the floor under them, eased over frames: it
    widens and slides at once when someone would leave the panel, and narrows slowly, so it neither cuts
    people off nor jitters. One instance per video; call it once per frame with that frame's people."""

    def __init__(self, min_span_mm=2400.0, margin=1.3, slow=0.05, fast=0.5):
        self.min_span, self.margin, self.slow, self.fast = min_span_mm, margin, slow, fast
        self.view = None  # none yet: the first frame with people sets it

    def __call__(self, people):
        joints = [np.asarray(j, float) for _, j in people]
        if not joints:  # nobody: keep looking where the people were (or at the origin's floor)
            return self.view or View(np.array([0.0, -0.3 * self.min_span]), self.min_span, np.zeros(2))
        points = np.concatenate(joints + [j * [1, 0, 1] for j in joints])  # people, and the floor under them
        seen = view_plane(points)
        lo, hi = seen.min(0), seen.max(0)
        target = View((lo + hi) / 2, max(self.min_span, (hi - lo).max() * self.margin),
                      np.mean([j[0, [0, 2]] for j in joints], 0))
        if self.view is None:
            self.view = target
            return target
        v = self.view
        leaving = ((np.abs(seen - v.centre) > 0.48 * v.span).any() or target.span > v.span)
        a = self.fast if leaving else self.slow
        self.view = View(v.centre + a * (target.centre - v.centre), v.span + a * (target.span - v.span),
                         v.floor + a * (target.floor - v.floor))
        return self.view


def draw_3d(size, people, view=None, grid_mm=500.0):
    """A size x size panel: people as (track_id, joints (17, 3) mm) in a y-up frame (x right, z towards
    the viewer, the floor at y = 0), seen from a fixed oblique viewpoint, orthographic, over a floor grid
    fixed in that frame (so a person walking is seen to walk while the view follows them). view: a
    `View`; by default one fitted to these people alone."""
    view = view or ViewFit()(people)
    panel = np.full((size, size, 3), 30, np.uint8)
    scale = size / view.span

    def to_px(points):
        return (view_plane(points) - view.centre) * scale + size / 2

    half = np.ceil(0.75 * view.span / grid_mm) * grid_mm
    ends = []  # (line, end, xyz) on the floor: lines of constant x, then of constant z, at multiples of grid_mm
    for axis in (0, 1):
        lines = np.arange(np.floor((view.floor[axis] - half) / grid_mm),
                          np.ceil((view.floor[axis] + half) / grid_mm) + 1) * grid_mm
        end = np.zeros((len(lines), 2, 3))
        end[:, :, 2 * axis] = lines[:, None]
        end[:, :, 2 - 2 * axis] = view.floor[1 - axis] + np.array([-half, half])
        ends.append(end)
    for pa, pb in to_px(np.concatenate(ends)):
        cv2.line(panel, tuple(map(int, pa)), tuple(map(int, pb)), (70, 70, 70), 1, cv2.LINE_AA)
    for tid, joints in people:
        px = to_px(joints)
        for p, c in H36M.bones:
            cv2.line(panel, tuple(map(int, px[p])), tuple(map(int, px[c])), bone_colour(c, tid), 3, cv2.LINE_AA)
        cv2.putText(panel, f'#{tid}', tuple(map(int, px[H36M.index('Head')] - [10, 14])), cv2.FONT_HERSHEY_SIMPLEX,
                    0.5, track_colour(tid), 1, cv2.LINE_AA)
    return panel


def compose(frame, people_2d, people_3d, view=None, max_height=720):
    """Frame with 2D overlay | 3D panel (draw_3d's people and view), side by side, at most max_height
    pixels tall."""
    scale = min(1.0, max_height / frame.shape[0])
    if scale < 1:
        # Bilinear: a tenth of INTER_AREA's cost at a non-integer scale (1.4 against 13 ms for 1000 -> 720
        # rows), which the live demo's frame budget needs; downscaling by under 2 barely aliases.
        frame = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR)
        people_2d = [(t, k * scale, r) for t, k, r in people_2d]
    left = draw_2d(frame.copy(), people_2d)
    return np.concatenate([left, draw_3d(left.shape[0], people_3d, view)], 1)


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

"""What every detector returns (`People`) and the box geometry detectors, tracking and crops share."""
from dataclasses import dataclass

import numpy as np

from pipeline.geometry.skeleton import H36M, to_h36m


@dataclass
class People:
    """The people of one frame: keypoints (P, 17, 2) pixels, scores (P, 17) in [0, 1], boxes (P, 4) x1 y1 x2 y2."""
    keypoints: np.ndarray
    scores: np.ndarray
    boxes: np.ndarray

    @classmethod
    def empty(cls):
        return cls(np.zeros((0, H36M.num_joints, 2), np.float32), np.zeros((0, H36M.num_joints), np.float32),
                   np.zeros((0, 4), np.float32))

    @classmethod
    def from_layout(cls, keypoints, scores, layout, boxes=None):
        """Convert (P, J, 2) keypoints of any known layout; boxes default to the keypoints' extent."""
        if len(keypoints) == 0:
            return cls.empty()
        kp, sc = to_h36m(np.asarray(keypoints, np.float32)[..., :2], layout, scores)
        return cls(kp, sc, np.asarray(boxes, np.float32) if boxes is not None else keypoint_boxes(kp))

    def __len__(self):
        return len(self.keypoints)


def keypoint_boxes(keypoints):
    """(P, J, 2) -> (P, 4) tight boxes."""
    return np.concatenate([keypoints.min(1), keypoints.max(1)], -1).astype(np.float32)


def _intersection_and_areas(a, b):
    """(A, 4), (B, 4) -> intersections (A, B) and the areas (A,), (B,)."""
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    area = lambda x: np.clip(x[:, 2:] - x[:, :2], 0, None).prod(-1)  # noqa: E731
    return np.clip(rb - lt, 0, None).prod(-1), area(a), area(b)


def box_iou(a, b):
    """(A, 4), (B, 4) -> (A, B) intersection over union."""
    inter, area_a, area_b = _intersection_and_areas(a, b)
    return inter / np.maximum(area_a[:, None] + area_b[None] - inter, 1e-9)


def box_containment(a, b):
    """(A, 4), (B, 4) -> (A, B) intersection over the smaller box's area: 1 when one box holds the other."""
    inter, area_a, area_b = _intersection_and_areas(a, b)
    return inter / np.maximum(np.minimum(area_a[:, None], area_b[None]), 1e-9)


def expand_box(box, margin, width, height, min_size=32, square=True):
    """Grow a box by `margin` of its (longer) side on each side, make it square unless square=False, clip
    it to the image."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    size = max(box[2] - box[0], box[3] - box[1], min_size)
    if square:
        hx = hy = size * (0.5 + margin)
    else:
        hx, hy = (box[2] - box[0]) / 2 + margin * size, (box[3] - box[1]) / 2 + margin * size
    return np.array([max(0, cx - hx), max(0, cy - hy), min(width, cx + hx), min(height, cy + hy)], np.float32)

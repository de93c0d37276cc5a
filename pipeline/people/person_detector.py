"""Multi-person boxes from BlazePose's own person detector (pose_detection.tflite, shipped in the mediapipe
wheel), run directly with the LiteRT interpreter: MediaPipe's legacy graph keeps only one of its detections.

The decoding follows MediaPipe's pose_detection graph: SSD anchors (strides 8, 16, 32x3, two anchors a
cell), sigmoid scores, weighted non-maximum suppression. Each detection's keypoints 0 (hip centre) and 1
(the radius r of a circle around the whole body) give an upright person box, r/2 wide and 1.7 r tall
about the hip centre. MediaPipe's own region is the square 2.5 r wide; as a box for suppression it
merged people standing side by side, whose squares overlap by half.
"""
from pathlib import Path

import cv2
import numpy as np

INPUT = 224


def ssd_anchors(size=INPUT, strides=(8, 16, 32, 32, 32)):
    """(2254, 2) anchor centres in [0, 1]; layers with the same stride share a grid, two anchors per layer."""
    centres, layer = [], 0
    while layer < len(strides):
        same = sum(1 for s in strides[layer:] if s == strides[layer])
        cells = int(np.ceil(size / strides[layer]))
        ys, xs = np.meshgrid((np.arange(cells) + 0.5) / cells, (np.arange(cells) + 0.5) / cells, indexing='ij')
        grid = np.stack([xs.ravel(), ys.ravel()], -1)
        centres.append(np.repeat(grid, 2 * same, axis=0))
        layer += same
    return np.concatenate(centres).astype(np.float32)


def weighted_nms(boxes, scores, iou_threshold=0.3):
    """MediaPipe's weighted NMS: each kept box is the score-weighted mean of the boxes it suppresses."""
    from pipeline.people.base import box_iou
    order, kept_boxes, kept_scores = np.argsort(-scores), [], []
    while len(order):
        overlap = box_iou(boxes[order[:1]], boxes[order])[0] > iou_threshold
        group = order[overlap]
        w = scores[group][:, None]
        kept_boxes.append((boxes[group] * w).sum(0) / w.sum())
        kept_scores.append(scores[order[0]])
        order = order[~overlap]
    return np.array(kept_boxes, np.float32).reshape(-1, 4), np.array(kept_scores, np.float32)


class BlazePersonDetector:
    """Person boxes (P, 4) in pixels for a BGR frame. Besides the whole frame it searches grids of
    overlapping tiles about `tile_sizes` pixels wide, so people far from the camera (whose face is
    too small at 224 x 224 for the whole frame) are found at any video resolution; () turns tiles off."""

    def __init__(self, min_score=0.5, tile_sizes=(640, 320), threads=2):
        import mediapipe
        from ai_edge_litert.interpreter import Interpreter
        model = Path(mediapipe.__file__).parent / 'modules' / 'pose_detection' / 'pose_detection.tflite'
        self.interpreter = Interpreter(model_path=str(model), num_threads=threads)
        self.interpreter.allocate_tensors()
        self.input = self.interpreter.get_input_details()[0]['index']
        outputs = {o['shape'][-1]: o['index'] for o in self.interpreter.get_output_details()}
        self.regressors, self.classifiers = outputs[12], outputs[1]
        self.anchors = ssd_anchors()
        self.min_score, self.tile_sizes = min_score, tile_sizes

    def _detect(self, rgb):
        """Boxes (P, 4) and scores (P,) in rgb's pixels."""
        h, w = rgb.shape[:2]
        scale = INPUT / max(h, w)  # letterbox: keep the aspect ratio, pad the rest
        resized = cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))))
        canvas = np.zeros((INPUT, INPUT, 3), np.float32)
        top, left = (INPUT - resized.shape[0]) // 2, (INPUT - resized.shape[1]) // 2
        canvas[top:top + resized.shape[0], left:left + resized.shape[1]] = resized / 127.5 - 1.0
        self.interpreter.set_tensor(self.input, canvas[None])
        self.interpreter.invoke()
        raw = self.interpreter.get_tensor(self.regressors)[0]  # (2254, 12): box, then 4 keypoints (x, y)
        logits = np.clip(self.interpreter.get_tensor(self.classifiers)[0, :, 0], -80, 80)
        scores = 1 / (1 + np.exp(-logits))
        good = scores > self.min_score
        raw, scores, anchors = raw[good], scores[good], self.anchors[good]
        hip = raw[:, 4:6] / INPUT + anchors
        radius = np.linalg.norm(raw[:, 6:8] / INPUT + anchors - hip, axis=-1, keepdims=True)
        half = radius * [0.25, 0.85]
        boxes = np.concatenate([hip - half, hip + half], -1) * INPUT  # upright person box, letterboxed pixels
        boxes = (boxes - [left, top, left, top]) / scale
        return boxes.astype(np.float32), scores.astype(np.float32)

    def __call__(self, frame, finest=True):
        """finest=False skips the smallest tile size (the costliest level: a 1080p frame's 6 x 3 tiles)."""
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        h, w = rgb.shape[:2]
        found = [self._detect(rgb)]
        levels = sorted({min(t, w, h) for t in self.tile_sizes}, reverse=True)
        # Each level of tiles no bigger than the frame's short side, so a small frame (240p) is searched in
        # halves too; a 1080p frame in 3 x 2 tiles and in 6 x 3 (people down to ~150 px tall).
        for tile in levels if finest or len(levels) < 2 else levels[:-1]:
            nx, ny = (max(1, round(side / tile)) for side in (w, h))
            if nx * ny == 1:
                continue
            # Overlapping tiles (half as big again as a grid cell), so nobody is cut in every tile.
            th, tw = min(h, int(h / ny * 1.5)), min(w, int(w / nx * 1.5))
            for y in np.linspace(0, h - th, ny).astype(int):
                for x in np.linspace(0, w - tw, nx).astype(int):
                    boxes, scores = self._detect(rgb[y:y + th, x:x + tw])
                    found.append((boxes + [x, y, x, y], scores))
        boxes = np.concatenate([b for b, _ in found])
        scores = np.concatenate([s for _, s in found])
        return weighted_nms(boxes, scores)[0] if len(boxes) else boxes

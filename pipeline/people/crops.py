"""Square person crops that follow a track, and keypoints in crop coordinates: what the image models see,
at training (the video caches, synthetic renders) and at run time alike."""
import cv2
import numpy as np


def crop_boxes(keypoints, scores, scale=1.3, smooth=9):
    """Square boxes (T, 4) x1 y1 x2 y2 around the confident joints, smoothed over time (no crop jitter)."""
    boxes = []
    for kp, sc in zip(keypoints, scores):
        pts = kp[sc > 0.3] if (sc > 0.3).sum() >= 4 else kp
        centre, side = (pts.min(0) + pts.max(0)) / 2, (pts.max(0) - pts.min(0)).max() * scale
        boxes.append([*centre, max(side, 16.0)])
    boxes = np.array(boxes, np.float32)
    kernel = np.ones(min(smooth, len(boxes))) / min(smooth, len(boxes))
    padded = np.pad(boxes, ((len(kernel) // 2, len(kernel) - 1 - len(kernel) // 2), (0, 0)), mode='edge')
    boxes = np.stack([np.convolve(padded[:, i], kernel, mode='valid') for i in range(3)], 1)
    return np.concatenate([boxes[:, :2] - boxes[:, 2:] / 2, boxes[:, :2] + boxes[:, 2:] / 2], 1)


def in_crop(keypoints, boxes, size=2.0):
    """Keypoints (N, J, 2) in frame pixels -> pixels of their square crop boxes (N, 4) resized to `size`."""
    return (keypoints - boxes[:, None, :2]) * (size / (boxes[:, 2] - boxes[:, 0]))[:, None, None]


def crop_unit(keypoints, boxes):
    """Keypoints (N, J, 2) in frame pixels -> [-1, 1] of their square crop boxes (N, 4): what the image
    models' 2D encoders read."""
    return in_crop(keypoints, boxes) - 1


def crop(frame, box, size):
    """The square `box` of `frame`, resized to size x size (outside the frame: edge pixels repeated)."""
    s = size / (box[2] - box[0])
    M = np.array([[s, 0, -box[0] * s], [0, s, -box[1] * s]], np.float32)
    return cv2.warpAffine(frame, M, (size, size), flags=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REPLICATE)

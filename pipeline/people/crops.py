"""Square person crops that follow a track, and keypoints in crop coordinates: what the image models see,
at training (the video caches, synthetic renders) and at run time alike."""
import cv2
import numpy as np


def crop_boxes(keypoints, scores, scale=1.3, smooth=9):
    """Square boxes (T, 4) x1 y1 x2 y2 around the confident joints, smoothed over time (no crop jitter).
    A frame with fewer than 4 confident joints is boxed around all of them."""
    keypoints = np.asarray(keypoints, np.float32)
    confident = np.asarray(scores) > 0.3
    use = (confident | (confident.sum(1, keepdims=True) < 4))[..., None]
    lo = np.where(use, keypoints, np.inf).min(1)
    hi = np.where(use, keypoints, -np.inf).max(1)
    side = np.maximum((hi - lo).max(1) * scale, 16.0)
    boxes = np.concatenate([(lo + hi) / 2, side[:, None]], 1)
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


def frame_crop_unit(keypoints):
    """Keypoints (N, J, 2) of independent frames, every joint visible -> [-1, 1] of the crop box each frame
    alone would get: the 2D as the image models' pose encoders read it, for poses without video."""
    return crop_unit(keypoints, crop_boxes(keypoints, np.ones(keypoints.shape[:2]), smooth=1))


def crop(frame, box, size):
    """The square `box` of `frame`, resized to size x size (outside the frame: edge pixels repeated)."""
    s = size / (box[2] - box[0])
    M = np.array([[s, 0, -box[0] * s], [0, s, -box[1] * s]], np.float32)
    return cv2.warpAffine(frame, M, (size, size), flags=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REPLICATE)

"""Multi-person tracking: stable ids across frames, by optimal box matching (Hungarian on IoU)."""
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from pipeline.people.base import box_iou


class Tracker:
    """Assigns each frame's people to tracks. A track survives `max_age` frames without a match."""

    def __init__(self, min_iou=0.1, max_age=15):
        self.min_iou, self.max_age = min_iou, max_age
        self.boxes = {}  # track id -> last box
        self.age = {}    # track id -> frames since last match
        self.next_id = 0

    def update(self, boxes):
        """boxes (P, 4) -> track ids (P,) int."""
        ids = np.full(len(boxes), -1)
        track_ids = list(self.boxes)
        if track_ids and len(boxes):
            iou = box_iou(np.asarray(boxes, np.float32), np.array([self.boxes[t] for t in track_ids]))
            rows, cols = linear_sum_assignment(-iou)
            for r, c in zip(rows, cols):
                if iou[r, c] >= self.min_iou:
                    ids[r] = track_ids[c]
        for t in track_ids:
            self.age[t] += 1
        for i in range(len(boxes)):
            if ids[i] < 0:
                ids[i], self.next_id = self.next_id, self.next_id + 1
            self.boxes[ids[i]], self.age[ids[i]] = boxes[i], 0
        for t in [t for t, a in self.age.items() if a > self.max_age]:
            del self.boxes[t], self.age[t]
        return ids


@dataclass
class Track:
    """One person's 2D over time: frame indices (T,), keypoints (T, 17, 2), scores (T, 17)."""
    track_id: int
    frames: list = field(default_factory=list)
    keypoints: list = field(default_factory=list)
    scores: list = field(default_factory=list)

    def add(self, frame, keypoints, scores):
        self.frames.append(frame)
        self.keypoints.append(keypoints)
        self.scores.append(scores)

    def arrays(self):
        return np.array(self.frames), np.array(self.keypoints, np.float32), np.array(self.scores, np.float32)


def fill_gaps(frames, keypoints, scores, max_gap=12):
    """Insert the frames a track skipped (a missed detection, a person waiting their turn in a crowd)
    when the gap is at most `max_gap` frames, interpolating linearly; inserted joints score 0.

    frames (T,), keypoints (T, J, 2), scores (T, J) -> the same, with the gaps filled.
    """
    if len(frames) < 2:
        return frames, keypoints, scores
    gaps = np.diff(frames)
    fill = (gaps > 1) & (gaps <= max_gap + 1)
    if not fill.any():
        return frames, keypoints, scores
    new = np.concatenate([np.arange(a + 1, b) for a, b in zip(frames[:-1][fill], frames[1:][fill])])
    all_frames = np.sort(np.concatenate([frames, new]))
    flat = keypoints.reshape(len(frames), -1)
    filled = np.stack([np.interp(all_frames, frames, flat[:, k]) for k in range(flat.shape[1])], 1)
    all_scores = np.zeros((len(all_frames), scores.shape[1]), np.float32)
    all_scores[np.searchsorted(all_frames, frames)] = scores
    return all_frames, filled.reshape(len(all_frames), *keypoints.shape[1:]).astype(np.float32), all_scores


def fill_low_confidence(keypoints, scores, threshold=0.3):
    """Replace joints scored below `threshold` by linear interpolation in time between confident frames.

    keypoints (T, J, 2), scores (T, J) -> (filled keypoints, reliable mask (T, J)). A joint never
    confident in the track keeps its detected positions; the mask marks it unreliable.
    """
    filled = keypoints.copy()
    reliable = scores >= threshold
    t = np.arange(len(keypoints))
    for j in range(keypoints.shape[1]):
        good = reliable[:, j]
        if good.any() and not good.all():
            for d in range(keypoints.shape[2]):
                filled[~good, j, d] = np.interp(t[~good], t[good], keypoints[good, j, d])
    return filled, reliable


class OneEuroFilter:
    """The One-Euro filter (Casiez et al. 2012): little lag when moving fast, little jitter when still.

    Works on arrays of any shape, one independent filter per element. min_cutoff (Hz) sets the
    smoothing at rest, beta how fast the cut-off rises with speed.
    """

    def __init__(self, fps, min_cutoff=1.0, beta=0.3, d_cutoff=1.0):
        self.dt, self.min_cutoff, self.beta, self.d_cutoff = 1.0 / fps, min_cutoff, beta, d_cutoff
        self.x = self.dx = None

    def _alpha(self, cutoff):
        tau = 1.0 / (2 * np.pi * cutoff)
        return 1.0 / (1.0 + tau / self.dt)

    def __call__(self, x):
        x = np.asarray(x, np.float64)
        if self.x is None:
            self.x, self.dx = x, np.zeros_like(x)
            return x
        a_d = self._alpha(self.d_cutoff)
        self.dx = a_d * (x - self.x) / self.dt + (1 - a_d) * self.dx
        a = self._alpha(self.min_cutoff + self.beta * np.abs(self.dx))
        self.x = a * x + (1 - a) * self.x
        return self.x


def smooth_sequence(sequence, fps, **one_euro):
    """Run a One-Euro filter along the first axis of (T, ...) -> (T, ...)."""
    f = OneEuroFilter(fps, **one_euro)
    return np.stack([f(x) for x in sequence]) if len(sequence) else sequence

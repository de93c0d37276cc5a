"""Live lifting, one frame at a time (the webcam): people -> stable ids -> One-Euro-smoothed 2D -> 3D."""
from collections import defaultdict

import numpy as np

from pipeline.tracking import OneEuroFilter, Tracker


class LiveLifter:
    """Call per frame -> [(track id, keypoints (17, 2), scores (17,), pose (17, 3) mm)] for everyone in view.

    Smoothing the 2D of each track before lifting removes jitter without waiting for future frames.
    """

    def __init__(self, detector, lifter, fps):
        self.detector, self.lifter = detector, lifter
        self.tracker = Tracker()
        self.filters = defaultdict(lambda: OneEuroFilter(fps, min_cutoff=1.0, beta=0.01))

    def __call__(self, frame, index):
        people = self.detector(frame, index)
        ids = self.tracker.update(people.boxes)
        if not len(people):
            return []
        keypoints = np.stack([self.filters[t](k) for t, k in zip(ids, people.keypoints)]).astype(np.float32)
        poses = self.lifter.lift(keypoints)
        return [(int(t), k, s, p) for t, k, s, p in zip(ids, keypoints, people.scores, poses)]

"""Live lifting, one frame at a time (the webcam): people -> stable ids -> 3D, with no look-ahead.

A single-frame lifter gets each track's 2D smoothed by a One-Euro filter (jitter removed without
waiting for future frames). A causal temporal lifter gets each track's last `receptive_field` 2D poses
from a ring buffer instead, padded at the start by repeating the oldest pose, so it too adds no delay.
"""
import queue
import threading
import time
from collections import defaultdict, deque

import numpy as np
import torch

from pipeline.errors import UserError
from pipeline.tracks.tracking import OneEuroFilter, Tracker


class LiveLifter:
    """Call per frame -> [(track id, keypoints (17, 2), scores (17,), pose (17, 3) mm)] for everyone in view."""

    def __init__(self, detector, lifter, fps, intrinsics=None):
        if not lifter.causal:
            raise UserError(f'{type(lifter).__name__} looks {(lifter.receptive_field - 1) // 2} frames into the '
                            'future; live input needs a causal lifter '
                            '(e.g. configs/lifters/temporal_tcn81_h36m_causal_all.py)')
        self.detector, self.lifter, self.intrinsics = detector, lifter, intrinsics
        self.window = lifter.receptive_field
        self.tracker = Tracker()
        self.filters = defaultdict(lambda: OneEuroFilter(fps, min_cutoff=1.0, beta=0.01))
        self.buffers = {}  # track id -> deque of its last `window` 2D poses
        self.last_seen = {}
        self.lift_seconds = 0.0  # the lifter's share of the last frame's latency

    def __call__(self, frame, index):
        people = self.detector(frame, index)
        ids = [int(t) for t in self.tracker.update(people.boxes)]
        if not len(people):
            return []
        start = time.perf_counter()
        if self.window == 1:
            keypoints = np.stack([self.filters[t](k) for t, k in zip(ids, people.keypoints)]).astype(np.float32)
            poses = self.lifter.lift(keypoints, self.intrinsics)
        else:
            for gone in [t for t, seen in self.last_seen.items() if index - seen > self.window]:
                del self.buffers[gone], self.last_seen[gone]  # people who left: free their buffers
            keypoints = np.asarray(people.keypoints, np.float32)
            # Each frame enters its ring buffer already in its own view, so no frame is re-viewed as it ages.
            views, rotation = self.lifter.codec.view(torch.from_numpy(keypoints), self.intrinsics)
            windows = torch.stack([self._window(t, v, index) for t, v in zip(ids, views)])
            # A causal window's one output is its newest frame's pose.
            poses = self.lifter.lift_windows(windows, None if rotation is None else rotation[:, None])[:, -1]
        self.lift_seconds = time.perf_counter() - start
        return [(t, k, s, p) for t, k, s, p in zip(ids, keypoints, people.scores, poses)]

    def _window(self, track_id, pose_2d, index):
        """Append this frame's 2D pose (17, 2) to the track's ring buffer -> its (window, 17, 2) context."""
        buffer = self.buffers.setdefault(track_id, deque(maxlen=self.window))
        buffer.append(pose_2d)
        self.last_seen[track_id] = index
        return torch.stack([buffer[0]] * (self.window - len(buffer)) + list(buffer))


def pipelined(source, live, depth=2):
    """Frames of `source` through `live` on a worker thread, overlapped with whatever the caller does
    with each result (drawing, writing, showing): yields (index, frame, people, captured, lift_seconds)
    in frame order, `captured` the perf_counter time the frame was read. Detection and lifting of the
    next frame run while the caller draws this one, so the frame rate is set by the slower of the two
    rather than by their sum. At most `depth` results wait; leaving the loop stops the worker."""
    results, stop = queue.Queue(maxsize=depth), threading.Event()

    def work():
        try:
            for index, frame in source:
                captured = time.perf_counter()
                item = (index, frame, live(frame, index), captured, live.lift_seconds)
                while not stop.is_set():
                    try:
                        results.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
        except BaseException as e:  # handed to the caller, raised there
            results.put(e)
            return
        results.put(None)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        while (item := results.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # drain, so a worker blocked on a full queue can see the stop
            try:
                results.get(timeout=0.1)
            except queue.Empty:
                pass

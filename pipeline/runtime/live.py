"""Live lifting, one frame at a time (the webcam): people -> stable ids -> 3D, with no look-ahead.

Live, the detector (BlazePose: ~20-25 ms a person per frame on 2 cores) need not run on every frame:
`FlowDetector` runs it on a worker thread on the newest frame it can take and carries its keypoints to
every frame in between by optical flow, so the frame rate and the latency are the flow's and the
lifter's (a few ms) instead of the detector's. A single-frame lifter gets each track's 2D smoothed by
a One-Euro filter (jitter removed without waiting for future frames). A causal temporal lifter gets each track's last `receptive_field` 2D poses
from a ring buffer instead, padded at the start by repeating the oldest pose, so it too adds no delay.
"""
import queue
import threading
import time
from collections import defaultdict, deque
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

from pipeline.errors import UserError
from pipeline.people.base import People, keypoint_boxes
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


FLOW_CHECK_PX = 1.0  # forward-backward flow disagreement (px at the flow's width) above which a joint is lost


class FlowDetector:
    """A detector's people on every frame, at the cost of optical flow: `detector` runs on a worker
    thread, on the newest frame whenever it is free, and between its results each person's keypoints
    are carried from frame to frame by pyramidal Lucas-Kanade flow. A result for frame k arrives a few
    frames late; it is carried from frame k to the current frame in one flow step (the grey frames of
    the last `history` frames are kept for that: 1.3 s at 50 fps, 15 MB), and replaces the carried
    keypoints; one older than that is taken as it is. Call it as the
    detector: (frame, index) -> People. flow_width: the width the flow sees (smaller is faster)."""

    def __init__(self, detector, flow_width=480, history=64):
        import cv2
        self.cv2, self.detector, self.flow_width, self.history = cv2, detector, flow_width, history
        self.name = f'{detector.name}, carried between its frames by optical flow'
        self.worker = ThreadPoolExecutor(max_workers=1)
        self.pending = None  # (frame index, future People) of the detection in flight
        self.grey = {}  # frame index -> (its grey image at most flow_width wide, that image's scale)
        self.people, self.index = People.empty(), None  # the keypoints carried to frame `index`
        self.detected = 0  # frames the detector itself saw

    def __call__(self, frame, index):
        self.grey[index] = self.grey_image(frame)
        for old in [i for i in self.grey if i <= index - self.history]:
            del self.grey[old]
        if self.index is None:  # the first frame: nothing to carry yet, so wait for the detector
            self.people, self.index = self._detect(frame, index), index
        elif self.pending is not None and self.pending[1].done():
            detected_at, future = self.pending
            self.pending = None
            self.people = self.carry(future.result(), detected_at, index)
        else:
            self.people = self.carry(self.people, self.index, index)
        self.index = index
        if self.pending is None:
            self.pending = (index, self.worker.submit(self._detect, frame.copy(), index))
        return self.people

    def grey_image(self, frame):
        """The frame as the flow sees it -> (grey image at most flow_width wide, its scale to the frame)."""
        scale = min(1.0, self.flow_width / frame.shape[1])
        if scale < 1:
            frame = self.cv2.resize(frame, None, fx=scale, fy=scale, interpolation=self.cv2.INTER_AREA)
        return self.cv2.cvtColor(frame, self.cv2.COLOR_BGR2GRAY), scale

    def _detect(self, frame, index):
        self.detected += 1
        return self.detector(frame, index)

    def carry(self, people, start, end):
        """People of frame `start` -> the same people in frame `end`, by flow between their grey images.
        A joint whose flow does not come back to where it started (tracked back from `end`, more than
        `FLOW_CHECK_PX` off: it slid onto the background or behind a limb) moves as its body's well-tracked
        joints do, by their median motion; with none of them, the person stays where they were."""
        if not len(people) or start == end or start not in self.grey:
            return people
        (source, scale), (target, _) = self.grey[start], self.grey[end]

        def flow(a, b, points):
            return self.cv2.calcOpticalFlowPyrLK(a, b, points, None, winSize=(21, 21), maxLevel=3)

        points = (people.keypoints.reshape(-1, 1, 2) * scale).astype(np.float32)
        moved, found, _ = flow(source, target, points)
        back, found_back, _ = flow(target, source, moved)
        good = (found[:, 0] * found_back[:, 0]).astype(bool) & (np.linalg.norm(back - points, axis=-1)[:, 0] < FLOW_CHECK_PX)
        shape = people.keypoints.shape
        motion, good = (moved - points).reshape(shape) / scale, good.reshape(shape[:2])
        for person in range(shape[0]):
            bad = ~good[person]
            motion[person, bad] = np.median(motion[person, ~bad], 0) if (~bad).any() else 0.0
        moved = (people.keypoints + motion).astype(np.float32)
        return People(moved, people.scores, keypoint_boxes(moved))

    def close(self):
        self.worker.shutdown(wait=True)


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

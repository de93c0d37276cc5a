"""The live loop: detection of the next frame overlaps the drawing of this one, and optical flow carries
the detector's keypoints to the frames it has no time for."""
import threading
import time

import numpy as np
import pytest

from pipeline.people.base import People, keypoint_boxes
from pipeline.runtime.live import FlowDetector, pipelined


class SlowLive:
    """Stands in for LiveLifter: 20 ms a frame, and records which thread ran it."""

    def __init__(self, fail_at=None):
        self.lift_seconds, self.threads, self.fail_at = 0.001, set(), fail_at

    def __call__(self, frame, index):
        self.threads.add(threading.get_ident())
        if index == self.fail_at:
            raise RuntimeError('camera unplugged')
        time.sleep(0.02)
        return [('person', index)]


def frames(n):
    return ((i, f'frame {i}') for i in range(n))


def test_results_come_in_order_and_the_stages_overlap():
    live, start = SlowLive(), time.perf_counter()
    out = []
    for index, frame, people, captured, lift in pipelined(frames(20), live):
        time.sleep(0.02)  # drawing, as long as detecting
        out.append((index, frame, people))
    elapsed = time.perf_counter() - start
    assert out == [(i, f'frame {i}', [('person', i)]) for i in range(20)]
    assert threading.get_ident() not in live.threads  # detection ran beside the caller
    assert elapsed < 0.7  # overlapped: ~0.42 s, where one after the other takes 0.8 s


def test_leaving_early_stops_the_worker_and_errors_reach_the_caller():
    live = SlowLive()
    for index, *_ in pipelined(frames(1000), live):
        if index == 3:
            break
    time.sleep(0.2)
    assert not any(t.name != 'MainThread' and t.is_alive() and t.daemon for t in threading.enumerate()
                   if t.ident in live.threads)
    with pytest.raises(RuntimeError, match='camera unplugged'):
        for _ in pipelined(frames(10), SlowLive(fail_at=4)):
            pass


class SlowTruthDetector:
    """Stands in for BlazePose: 60 ms a frame, and returns each frame's true keypoints."""
    name = 'slow'

    def __init__(self, truth):
        self.truth, self.seen = truth, []

    def __call__(self, frame, index):
        self.seen.append(index)
        time.sleep(0.06)
        keypoints = self.truth(index)[None]
        return People(keypoints, np.ones((1, 17), np.float32), keypoint_boxes(keypoints))


def test_flow_carries_the_detectors_keypoints_to_the_frames_it_did_not_see():
    cv2 = pytest.importorskip('cv2')
    texture = cv2.GaussianBlur(np.random.default_rng(0).uniform(0, 255, (400, 800, 3)).astype(np.uint8), (0, 0), 2)
    joints = np.random.default_rng(1).uniform([200, 100], [400, 300], (17, 2)).astype(np.float32)
    step = np.float32([4, 1])  # px per frame: a person walking across a 640 px frame

    def truth(index):
        return joints + index * step

    def frame(index):  # the texture moved with the person
        shift = np.float32([[1, 0, index * step[0]], [0, 1, index * step[1]]])
        return cv2.warpAffine(texture, shift, (640, 400), borderMode=cv2.BORDER_REFLECT)

    detector = SlowTruthDetector(truth)
    flow = FlowDetector(detector, flow_width=320)
    errors, call_seconds = [], []
    for index in range(40):
        image = frame(index)
        start = time.perf_counter()
        people = flow(image, index)
        call_seconds.append(time.perf_counter() - start)
        errors.append(np.linalg.norm(people.keypoints[0] - truth(index), axis=-1).max())
        time.sleep(0.02)  # a 50 fps camera
    flow.close()
    assert len(detector.seen) < 25  # the detector saw some frames, not all 40
    assert np.median(call_seconds[1:]) < 0.03  # the frames it did not see cost the flow, not the detector
    # Every frame's keypoints are where the person is in that frame (holding the last detection would
    # be 4-12 px behind), also in the frames the detector never saw.
    unseen = [e for i, e in enumerate(errors) if i not in detector.seen]
    assert len(unseen) > 15 and max(errors) < 2.0, errors

"""The live loop's pipelining: detection of the next frame overlaps the drawing of this one."""
import threading
import time

import pytest

from pipeline.runtime.live import pipelined


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

import numpy as np

from pipeline.tracks.tracking import OneEuroFilter, Tracker, fill_low_confidence, smooth_sequence


def test_tracker_keeps_ids_through_motion_order_changes_and_gaps():
    tracker = Tracker(max_age=3)
    a, b = np.array([0, 0, 100, 200.0]), np.array([300, 0, 400, 200.0])
    first = tracker.update(np.stack([a, b]))
    ids = []
    for step in range(1, 6):
        shift = np.array([step * 10, 0, step * 10, 0])
        ids.append(tracker.update(np.stack([b - shift, a + shift])))  # listed in the other order
    assert all((i == first[::-1]).all() for i in ids)
    tracker.update(np.zeros((0, 4)))  # a frame with nobody (occlusion)
    assert tracker.update(np.stack([a + [60, 0, 60, 0]]))[0] == first[0]
    new = tracker.update(np.array([[1000, 1000, 1100, 1200.0]]))
    assert new[0] not in first


def test_low_confidence_joints_are_interpolated():
    kp = np.zeros((5, 2, 2))
    kp[:, 0, 0] = [0, 99, 99, 30, 40]
    scores = np.ones((5, 2))
    scores[1:3, 0] = 0.1
    filled, reliable = fill_low_confidence(kp, scores, 0.3)
    np.testing.assert_allclose(filled[:, 0, 0], [0, 10, 20, 30, 40])
    assert reliable[:, 0].tolist() == [True, False, False, True, True]


def test_one_euro_removes_jitter_but_follows_motion():
    rng = np.random.default_rng(0)
    still = 100 + rng.normal(scale=2.0, size=(200, 3))
    smoothed = smooth_sequence(still, fps=50, min_cutoff=1.0, beta=0.0)
    assert smoothed[50:].std() < 0.5 * still[50:].std()
    ramp = np.linspace(0, 1000, 100)[:, None]
    f = OneEuroFilter(50, min_cutoff=1.0, beta=0.05)
    out = np.array([f(x) for x in ramp])
    assert abs(out[-1, 0] - 1000) < 50  # fast motion raises the cut-off: little lag


def test_short_gaps_are_filled_long_ones_kept():
    from pipeline.tracks.tracking import fill_gaps
    frames = np.array([0, 1, 4, 30])
    kp = np.zeros((4, 1, 2))
    kp[:, 0, 0] = [0, 10, 40, 300]
    filled_frames, filled, scores = fill_gaps(frames, kp, np.ones((4, 1)), max_gap=12)
    assert filled_frames.tolist() == [0, 1, 2, 3, 4, 30]  # 5..29 is too long a gap to invent
    np.testing.assert_allclose(filled[:, 0, 0], [0, 10, 20, 30, 40, 300])
    assert scores[:, 0].tolist() == [1, 1, 0, 0, 1, 1]

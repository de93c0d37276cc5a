"""The background plate of a static-camera video: the median over the pixels nobody covers."""
import numpy as np

from pipeline.training.video_cache import person_free_median


def _person(x, y, size=20):
    """A stick figure's 17 keypoints spanning [x, x + size/2] x [y, y + size]."""
    kp = np.zeros((17, 2), np.float32)
    kp[:, 0] = x + np.linspace(0, size / 2, 17)
    kp[:, 1] = y + np.linspace(0, size, 17)
    return kp


def test_someone_standing_still_is_left_out_and_someone_walking_drops_out():
    rng = np.random.default_rng(0)
    background = rng.integers(0, 255, (60, 100, 3), dtype=np.uint8)
    frames, people = [], []
    for t in range(9):
        frame = background.copy()
        still, walker = _person(10, 20), _person(40 + 5 * t, 20)
        for kp in (still, walker):  # paint each person over their keypoints' box
            (x1, y1), (x2, y2) = kp.min(0).astype(int), kp.max(0).astype(int)
            frame[y1:y2 + 1, x1:x2 + 1] = 255
        frames.append(frame)
        people.append([still, walker])
    frames = np.stack(frames)
    plain = np.median(frames, 0)
    assert (plain[25:35, 12:18] == 255).all()  # a plain median keeps whoever stands still
    plate = person_free_median(frames, people)
    assert not (plate[25:35, 12:18] == 255).all(axis=-1).any()  # inpainted from around, not the person
    free = np.ones(plate.shape[:2], bool)
    free[10:45, 0:30] = False  # the still person's enlarged box
    assert np.array_equal(plate[free], background[free])  # everywhere else: the background exactly
    # Where people always cover most of the frame there is no plate.
    assert person_free_median(frames, [[_person(0, 0, 60), _person(50, 0, 60)]] * len(frames)) is None

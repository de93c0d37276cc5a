import json

import cv2
import numpy as np
import pytest

from pipeline.people.base import People
from pipeline.people.detectors import PrecomputedKeypoints, build_detector
from pipeline.errors import UserError
from pipeline.geometry.skeleton import H36M
from tests.conftest import DEMO_VIDEO


def frames(path, n):
    cap = cv2.VideoCapture(str(path))
    return [cap.read()[1] for _ in range(n)]


def check_upright_person(kp, width, height):
    assert (kp[:, 0] >= -20).all() and (kp[:, 0] <= width + 20).all() and (kp[:, 1] <= height + 20).all()
    head, hip, foot = kp[H36M.index('Head'), 1], kp[0, 1], kp[H36M.index('RFoot'), 1]
    assert head < hip < foot  # image y grows downwards


def test_bundled_detector_finds_the_person(demo_clip):
    detector = build_detector('mediapipe')
    results = [detector(f, i) for i, f in enumerate(frames(demo_clip, 15))]
    assert sum(len(p) == 1 for p in results) >= 13
    for people in results:
        for kp in people.keypoints:
            check_upright_person(kp, 1000, 1002)


def test_bundled_detector_finds_two_people(demo_clip):
    """The demo person twice, side by side: two people, each with their own keypoints."""
    detector = build_detector('mediapipe', search_every=0.2, fps=25)  # a search every 5 frames
    counts, xs = [], []
    for i, f in enumerate(frames(demo_clip, 12)):
        half = cv2.resize(f, (500, 501))
        people = detector(np.concatenate([half, half], 1), i)
        counts.append(len(people))
        xs.append(sorted(people.keypoints[:, 0, 0]))
    assert max(counts[5:]) == 2
    last = xs[-1]
    assert len(last) == 2 and last[0] < 500 < last[1]


def test_rejected_candidates_are_not_retried_for_a_while():
    """A candidate box whose first pose was not its person (a poster, a tripod) is not given a new
    BlazePose graph at every search, only once the rejection memory (in seconds of video) has passed."""
    from pipeline.people.mediapipe_detector import REJECTION_MEMORY
    detector = build_detector('mediapipe')
    detector.reset(fps=50)
    assert detector.detect_every == 17  # searches paced by video time: a third of a second at 50 fps
    poster = np.array([100, 100, 200, 400], np.float32)
    detector.rejected.append((0, poster))
    detector.frame_index = int(REJECTION_MEMORY * 50)
    detector._add_slots(poster[None] + 5, 1920, 1080)
    assert detector.slots == []
    detector._add_slots(np.array([[900, 100, 1000, 400]], np.float32), 1920, 1080)  # someone elsewhere
    assert len(detector.slots) == 1
    detector.frame_index += 1  # the memory has passed
    detector._add_slots(poster[None] + 5, 1920, 1080)
    assert len(detector.slots) == 2
    detector.reset()


def test_a_taller_person_takes_the_slot_of_the_shortest_when_full():
    """With max_people tracked, someone in front (taller) replaces the smallest person of the crowd behind,
    and a candidate no taller than the people tracked waits."""
    detector = build_detector('mediapipe', max_people=2)
    detector._add_slots(np.array([[100, 100, 140, 220], [300, 100, 330, 190]], np.float32), 1920, 1080)
    detector._add_slots(np.array([[600, 100, 640, 200]], np.float32), 1920, 1080)  # no taller: waits
    assert sorted(s.box[3] - s.box[1] for s in detector.slots) == [90, 120]
    detector._add_slots(np.array([[900, 300, 1000, 700]], np.float32), 1920, 1080)  # 400 px tall, in front
    assert sorted(s.box[3] - s.box[1] for s in detector.slots) == [120, 400]
    detector.reset()


def test_precomputed_keypoints_from_our_own_json(tmp_path):
    kp = np.random.default_rng(0).uniform(0, 500, size=(17, 2))
    doc = dict(layout='h36m17', frames=[dict(frame=0, people=[dict(keypoints=kp.tolist(), scores=[0.9] * 17)]),
                                        dict(frame=1, people=[])])
    (tmp_path / 'k.json').write_text(json.dumps(doc))
    det = PrecomputedKeypoints(tmp_path / 'k.json')
    np.testing.assert_allclose(det(None, 0).keypoints[0], kp, rtol=1e-5)
    assert len(det(None, 1)) == 0 and len(det(None, 7)) == 0


def test_precomputed_coco_npz_is_converted(tmp_path):
    coco = np.random.default_rng(1).uniform(0, 500, size=(4, 2, 17, 2))
    np.savez(tmp_path / 'k.npz', keypoints=coco, layout='coco17')
    people = PrecomputedKeypoints(tmp_path / 'k.npz')(None, 3)
    assert len(people) == 2
    np.testing.assert_allclose(people.keypoints[:, 0], coco[3, :, 11:13].mean(1), rtol=1e-5)


def test_bad_keypoint_files(tmp_path):
    with pytest.raises(UserError, match='not found'):
        PrecomputedKeypoints(tmp_path / 'none.json')
    (tmp_path / 'bad.json').write_text('{"frames": 3}')
    with pytest.raises(UserError, match='not a keypoint file'):
        PrecomputedKeypoints(tmp_path / 'bad.json')
    with pytest.raises(UserError, match='unknown detector'):
        build_detector('yolo')


def test_mmpose_path_with_random_weights(demo_clip):
    """Real mmpose/mmdet models built from their shipped configs (random weights: nothing downloads)."""
    pytest.importorskip('mmcv.ops', reason='mmcv with ops is installed by install.sh')
    import torch
    torch.manual_seed(0)
    with pytest.raises(UserError, match='--pose-checkpoint .* and --det-checkpoint'):
        build_detector('mmpose')  # no silent random weights
    detector = build_detector('mmpose', random_weights=True)
    frame = frames(demo_clip, 1)[0]
    people = detector(frame, 0)
    assert isinstance(people, People)
    assert people.keypoints.shape[1:] == (17, 2) and people.scores.shape[1:] == (17,)
    # Without person boxes, the whole frame is one box: keypoints land inside its top-down crop
    # (the box padded by 1.25 and widened to RTMPose's 192:256 aspect: x in [-125, 1125]).
    detector.det = None
    people = detector(frame, 0)
    assert len(people) == 1 and np.isfinite(people.keypoints).all()
    assert (people.keypoints[0, :, 0] >= -130).all() and (people.keypoints[0, :, 0] <= 1130).all()


def test_person_detector_finds_small_people_in_a_wide_frame():
    """A 1080p 'street' with three half-size copies of the demo person: found only thanks to the tiles."""
    from pipeline.people.person_detector import BlazePersonDetector, ssd_anchors
    assert len(ssd_anchors()) == 2254  # the model's output count
    cap = cv2.VideoCapture(str(DEMO_VIDEO))
    cap.set(cv2.CAP_PROP_POS_FRAMES, 200)
    person = cv2.resize(cap.read()[1], (500, 500))
    street = np.full((1080, 1920, 3), 90, np.uint8)
    for x in (0, 700, 1420):
        street[580:, x:x + 500] = person
    boxes = BlazePersonDetector()(street)
    assert len(boxes) == 3
    centres = np.sort((boxes[:, 0] + boxes[:, 2]) / 2)
    assert (np.abs(centres - [170, 870, 1590]) < 150).all()
    assert len(BlazePersonDetector(tile_sizes=())(street)) < 3

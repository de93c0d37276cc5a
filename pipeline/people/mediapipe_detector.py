"""The bundled offline detector: multi-person BlazePose from the mediapipe wheel, no download needed.

Each person gets a BlazePose graph of their own, run on a crop that follows them; BlazePose's own
person detector (pipeline/people/person_detector.py, over the frame and tiles) and OpenCV's weight-free HOG
people detector find new people, beside the pose work.
"""
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np

from pipeline.people.base import People, box_containment, box_iou, expand_box, keypoint_boxes
from pipeline.errors import UserError
from pipeline.registry import DETECTORS


MISSES_ALLOWED = 2  # frames in a row without a pose before a person's slot is closed
REJECTION_MEMORY = 2.0  # seconds a rejected candidate box is not tried again


class _PoseSlot:
    """One tracked person: a BlazePose instance in video mode, fed a crop that follows the person."""

    def __init__(self, region, box, candidate=None):
        import mediapipe as mp
        self.pose = mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1,
                                           smooth_landmarks=False, enable_segmentation=False)
        self.region = region  # the crop BlazePose sees
        self.box = box  # the person's own box: their keypoints' last box (the detection's, until a pose)
        self.candidate = candidate  # the detection's box, until the first pose is checked against it
        self.misses = 0
        self.last_run = -1

    def run(self, rgb, others=()):
        """-> (33 landmarks (33, 2) px, visibilities (33,)) or None. others: the boxes of the other people
        tracked; where they fall in this crop outside this person's own box they are greyed out, or
        BlazePose may lock onto whoever stands beside this person instead (and never let go)."""
        x1, y1, x2, y2 = self.region.astype(int)
        crop = np.ascontiguousarray(rgb[y1:y2, x1:x2])
        if crop.size == 0:
            return None
        if len(others):
            hidden = np.zeros(crop.shape[:2], bool)
            for box in others:
                bx1, by1, bx2, by2 = (expand_box(box, 0.05, rgb.shape[1], rgb.shape[0], square=False)
                                      - [x1, y1, x1, y1]).clip(0).astype(int)
                hidden[by1:by2, bx1:bx2] = True
            ox1, oy1, ox2, oy2 = (self.box - [x1, y1, x1, y1]).clip(0).astype(int)
            hidden[oy1:oy2, ox1:ox2] = False
            crop = crop.copy()
            crop[hidden] = 128
        result = self.pose.process(crop)
        if result.pose_landmarks is None:
            return None
        lm = result.pose_landmarks.landmark
        xy = np.array([[p.x, p.y] for p in lm], np.float32) * [x2 - x1, y2 - y1] + [x1, y1]
        return xy, np.array([p.visibility for p in lm], np.float32)

    def follow(self, box, margin, width, height):
        """Move the crop only when the person nears its edge or fills too little of it: BlazePose's own
        tracking remembers where the person was inside the crop, which a moving crop would falsify."""
        self.box = box
        x1, y1, x2, y2 = self.region
        inner = 0.1 * max(x2 - x1, y2 - y1)
        outside = box[0] < x1 + inner or box[1] < y1 + inner or box[2] > x2 - inner or box[3] > y2 - inner
        small = max(box[2] - box[0], box[3] - box[1]) < 0.45 * max(x2 - x1, y2 - y1)
        if outside or small:
            self.region = expand_box(box, margin, width, height)

    def close(self):
        self.pose.close()


@DETECTORS.register_module(name='mediapipe')
class MediaPipeDetector:
    """Offline multi-person BlazePose.

    search_every: seconds of video between searches for new people (frames at the video's fps, which
    `reset(fps)` sets). A search costs ~300 ms of CPU on a 1080p frame, so it is paced by video time:
    at 50 fps a search every 10 frames would take a core from the pose work. The BlazePose person
    detector sees people whose face it can make out; HOG adds people seen whole but small (at least
    ~128 px tall at hog_width). Every other search skips the finest tiles (people 150-200 px tall at
    1080p), which halves its cost; such people are found within two search intervals.
    min_score: mean landmark visibility below which a person is dropped.
    pose_budget: at most this many people get a pose per frame (None: everyone). With more people in
    view they take turns, least recently seen first, and the video pipeline interpolates each track's
    skipped frames: a crowd costs per-person temporal resolution instead of frame rate.
    """

    layout = 'mediapipe33'

    def __init__(self, max_people=6, search_every=1 / 3, fps=25.0, min_score=0.5, margin=0.25, hog_width=640,
                 pose_budget=None):
        try:
            import mediapipe  # noqa: F401
        except ImportError:
            raise UserError('the mediapipe detector needs the mediapipe package (bash install.sh)') from None
        if not search_every > 0:
            raise UserError(f'search_every must be a positive number of seconds, got {search_every}')
        self.max_people, self.search_every, self.min_score = max_people, search_every, min_score
        self.margin, self.hog_width, self.pose_budget = margin, hog_width, pose_budget
        from pipeline.people.person_detector import BlazePersonDetector
        # One thread: the search runs beside two pose threads on two cores, where a second would only contend.
        self.blaze = BlazePersonDetector(threads=1)
        self.hog = cv2.HOGDescriptor()
        self.hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
        self.slots = []
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.searcher, self.search, self.search_frame = ThreadPoolExecutor(max_workers=1), None, 0
        self.frame_index = self.searches = 0
        self.rejected = []  # (frame index, box) of candidates whose first pose was someone else, or nobody
        self._pace(fps)
        self.name = 'mediapipe (BlazePose full, its person detector + HOG for new people)'

    def reset(self, fps=None):
        """Forget the people of the last video: the next frame starts a new one (searched from scratch).
        fps: the new video's frame rate, which paces the searches for new people."""
        if self.search is not None:
            self.search.result()  # let a search in flight finish: it must not add its people to the next video
        for slot in self.slots:
            slot.close()
        self.slots, self.search, self.search_frame, self.frame_index, self.searches = [], None, 0, 0, 0
        self.rejected = []
        if fps:
            self._pace(fps)

    def _pace(self, fps):
        """Searches every search_every seconds of a video at `fps`, in frames."""
        self.fps, self.detect_every = fps, max(1, round(self.search_every * fps))

    def _hog_people(self, frame):
        # HOG's window is 64 x 128: at hog_width a small frame is enlarged, so its people reach that height.
        scale = self.hog_width / frame.shape[1]
        small = cv2.resize(frame, None, fx=scale, fy=scale) if scale != 1 else frame
        boxes, weights = self.hog.detectMultiScale(small, winStride=(8, 8), padding=(8, 8), scale=1.05)
        if len(boxes) == 0:
            return np.zeros((0, 4), np.float32)
        boxes = np.asarray(boxes, np.float32)[np.asarray(weights).ravel() > 0.5]
        boxes[:, 2:] += boxes[:, :2]
        return boxes / scale

    def _find_people(self, frame, finest=True):
        boxes = np.concatenate([self.blaze(frame, finest), self._hog_people(frame)])
        return boxes[_non_duplicates(boxes, 0.6, box_containment)]  # HOG's boxes hold Blaze's, looser

    def _add_slots(self, candidates, width, height, checked=True):
        """A slot for every candidate box not already tracked, tallest (nearest) first. With max_people
        tracked, a candidate a third taller than the shortest person tracked takes that person's slot: in a
        street scene the crowd behind must not keep the people in front untracked. checked: its first
        pose must be the candidate's person (`_is_candidate`), or the slot is dropped."""
        # Compared with the people's own boxes, not their crops: a crop also holds whoever stands beside them.
        taken = np.array([s.box for s in self.slots]).reshape(-1, 4)
        # A candidate rejected in the last REJECTION_MEMORY seconds (a poster, a tripod) is not tried again,
        # or every search builds a BlazePose graph for it anew.
        self.rejected = [(i, box) for i, box in self.rejected if self.frame_index - i <= REJECTION_MEMORY * self.fps]
        rejected = np.array([box for _, box in self.rejected]).reshape(-1, 4)
        for box in sorted(candidates, key=lambda b: b[1] - b[3]):
            if len(taken) and box_containment(box[None], taken).max() > 0.6:
                continue  # the same person, seen by another detector or already tracked
            if len(rejected) and box_iou(box[None], rejected).max() > 0.5:
                continue
            if len(self.slots) >= self.max_people:
                shortest = min(self.slots, key=lambda s: s.box[3] - s.box[1])
                if box[3] - box[1] < 4 / 3 * (shortest.box[3] - shortest.box[1]):
                    break  # candidates come tallest first: no later one is taller
                shortest.close()
                self.slots.remove(shortest)
            self.slots.append(_PoseSlot(expand_box(box, self.margin, width, height), box, box if checked else None))
            taken = np.vstack([taken, box])

    def __call__(self, frame, index=None):
        height, width = frame.shape[:2]
        if self.frame_index == 0:
            candidates = self._find_people(frame)
            # Nobody found: let BlazePose's own graph look at the whole frame (close-ups, odd poses).
            if len(candidates):
                self._add_slots(candidates, width, height)
            else:
                self._add_slots(np.array([[0, 0, width, height]], np.float32), width, height, checked=False)
        elif self.search is not None and (self.search.done() or not self.slots
                                          or self.frame_index - self.search_frame >= self.detect_every):
            # The search for new people runs beside the pose inference of the next frames; it is waited
            # for when nobody is tracked (nothing else to do) or when it falls a search interval behind.
            self._add_slots(self.search.result(), width, height)
            self.search = None
        if self.search is None and self.frame_index and self.frame_index % self.detect_every == 0:
            self.searches += 1
            # With max_people tracked only a taller person can take a slot: the finest tiles are not needed.
            finest = self.searches % 2 == 0 and len(self.slots) < self.max_people
            self.search = self.searcher.submit(self._find_people, frame.copy(), finest=finest)
            self.search_frame = self.frame_index
        self.frame_index += 1

        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        found, alive = [], []
        turn = self.slots
        if self.pose_budget and len(self.slots) > self.pose_budget:
            turn = sorted(self.slots, key=lambda s: s.last_run)[:self.pose_budget]
            alive = [s for s in self.slots if s not in turn]
        # Each person's BlazePose graph runs in C++ without the GIL: two at a time use both cores.
        boxes = np.array([s.box for s in self.slots]).reshape(-1, 4)

        def pose(slot):
            others = boxes[box_iou(slot.box[None], boxes)[0] < 0.5]  # everyone but this person
            return slot.run(rgb, others)

        for slot, result in zip(turn, self.pool.map(pose, turn)):
            slot.last_run = self.frame_index
            if result is not None and slot.candidate is not None:  # a new slot's first pose
                if not _is_candidate(result[0], slot.candidate):
                    result, slot.misses = None, MISSES_ALLOWED  # someone else, or nobody: the slot goes
                    self.rejected.append((self.frame_index, slot.candidate))
                slot.candidate = None
            if result is None or result[1].mean() < self.min_score:
                slot.misses += 1
            else:
                slot.misses = 0
                slot.follow(keypoint_boxes(result[0][None])[0], self.margin, width, height)
                found.append(result)
            (alive if slot.misses <= MISSES_ALLOWED else [slot.close()]).append(slot)
        self.slots = _drop_duplicate_slots(alive)
        if not found:
            return People.empty()
        people = People.from_layout(np.stack([f[0] for f in found]), np.stack([f[1] for f in found]), self.layout)
        keep = _non_duplicates(people.boxes)
        return People(people.keypoints[keep], people.scores[keep], people.boxes[keep])


def _is_candidate(landmarks, box):
    """Is a new slot's first pose (33 landmarks) the person its candidate box was found for: hips inside
    the box, and a body of about the box's height? A false detection (a poster, a tripod) or a crop
    where BlazePose found the person beside the candidate fails."""
    hips = landmarks[[23, 24]].mean(0)
    inside = (box[:2] <= hips).all() and (hips <= box[2:]).all()
    ratio = np.ptp(landmarks[:, 1]) / max(box[3] - box[1], 1.0)
    return bool(inside and 0.4 <= ratio <= 2.5)


def _non_duplicates(boxes, threshold=0.6, overlap=box_iou):
    """Indices of boxes that do not overlap an earlier box by more than `threshold` (IoU, or another
    `overlap` measure)."""
    keep = []
    for i in range(len(boxes)):
        if not keep or overlap(boxes[i:i + 1], boxes[keep]).max() <= threshold:
            keep.append(i)
    return keep


def _drop_duplicate_slots(slots):
    """Two slots that converged on the same person: keep the older one."""
    if len(slots) < 2:
        return slots
    keep = _non_duplicates(np.array([s.box for s in slots]))
    for i, slot in enumerate(slots):
        if i not in keep:
            slot.close()
    return [slots[i] for i in keep]

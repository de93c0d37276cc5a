"""Box geometry every detector, the tracker and the crops share."""
import numpy as np
import pytest

from pipeline.people.base import People, box_containment, box_iou, expand_box, keypoint_boxes


def test_overlap_measures():
    a = np.array([[0, 0, 10, 10]], np.float32)
    b = np.array([[5, 0, 15, 10], [2, 2, 4, 4], [20, 20, 30, 30]], np.float32)
    np.testing.assert_allclose(box_iou(a, b)[0], [50 / 150, 4 / 100, 0])
    np.testing.assert_allclose(box_containment(a, b)[0], [0.5, 1.0, 0])  # a box inside another: 1


def test_expand_box_square_or_not_and_clipped():
    box = np.array([10, 10, 30, 50], np.float32)  # 20 x 40
    np.testing.assert_allclose(expand_box(box, 0.25, 100, 100), [0, 0, 50, 60])  # 60 x 60 about (20, 30), clipped
    np.testing.assert_allclose(expand_box(box, 0.05, 100, 100, square=False), [8, 8, 32, 52])


def test_people_from_any_layout_get_boxes_of_their_keypoints():
    kp = np.random.default_rng(0).uniform(100, 200, (2, 17, 2)).astype(np.float32)
    people = People.from_layout(kp, np.ones((2, 17)), 'h36m17')
    np.testing.assert_allclose(people.boxes, keypoint_boxes(kp))
    assert len(People.empty()) == 0 and len(People.from_layout([], [], 'coco17')) == 0
    with pytest.raises(ValueError, match='unknown keypoint layout'):
        People.from_layout(kp, np.ones((2, 17)), 'openpose25')

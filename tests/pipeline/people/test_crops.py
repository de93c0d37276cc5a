"""Person crops: square, following the track smoothly, keypoints carried into crop pixels."""
import numpy as np

from pipeline.people.crops import crop, crop_boxes, crop_unit, in_crop


def test_a_crop_and_its_keypoints_agree():
    frame = np.zeros((200, 300, 3), np.uint8)
    frame[90:110, 140:160] = 255  # a bright square where the "joint" is
    kp = np.tile(np.array([[150.0, 100.0]], np.float32), (17, 1))
    kp[0], kp[1] = (120, 60), (180, 140)  # the extent of the person
    boxes = crop_boxes(kp[None], np.ones((1, 17)))
    assert np.allclose(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])  # square
    image = crop(frame, boxes[0], 64)
    joint = in_crop(kp[None], boxes, 64)[0, 5]
    assert image.shape == (64, 64, 3) and image[int(joint[1]), int(joint[0])].min() == 255
    np.testing.assert_allclose(crop_unit(kp[None], boxes)[0, 5], [0, 0], atol=1e-5)  # the crop's centre


def test_crop_boxes_do_not_jitter():
    rng = np.random.default_rng(0)
    kp = np.tile(rng.uniform(100, 200, (1, 17, 2)), (30, 1, 1)) + rng.normal(0, 3, (30, 17, 2))
    boxes = crop_boxes(kp.astype(np.float32), np.ones((30, 17)))
    raw = np.concatenate([kp.min(1), kp.max(1)], 1)
    assert np.abs(np.diff(boxes[:, 0])).mean() < 0.5 * np.abs(np.diff(raw[:, 0])).mean()

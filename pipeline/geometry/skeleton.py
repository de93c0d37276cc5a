"""Skeleton layouts and conversions to the Human3.6M 17-joint layout, the one every lifter speaks.

Each layout is a `Skeleton`: joint names, the parent of each joint (-1 for the root) and the
left/right pairs, from which bones and horizontal-flip permutations follow.
"""
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Skeleton:
    name: str
    joints: tuple
    parents: tuple  # parents[j] is the parent joint of j, -1 for roots
    left_right: tuple = field(default=())  # pairs (left joint, right joint)

    @property
    def num_joints(self):
        return len(self.joints)

    @property
    def bones(self):
        """(parent, child) pairs in joint order."""
        return tuple((p, j) for j, p in enumerate(self.parents) if p >= 0)

    @property
    def flip_permutation(self):
        """Index array that swaps every left joint with its right twin (for mirroring)."""
        perm = list(range(self.num_joints))
        for left, right in self.left_right:
            perm[left], perm[right] = right, left
        return np.array(perm)

    def index(self, name):
        return self.joints.index(name)


H36M = Skeleton(
    name='h36m17',
    joints=('Hip', 'RHip', 'RKnee', 'RFoot', 'LHip', 'LKnee', 'LFoot', 'Spine', 'Thorax',
            'Neck/Nose', 'Head', 'LShoulder', 'LElbow', 'LWrist', 'RShoulder', 'RElbow', 'RWrist'),
    parents=(-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15),
    left_right=((4, 1), (5, 2), (6, 3), (11, 14), (12, 15), (13, 16)),
)

COCO = Skeleton(
    name='coco17',
    joints=('nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder',
            'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist', 'left_hip',
            'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle'),
    parents=(-1, 0, 0, 1, 2, 0, 0, 5, 6, 7, 8, 5, 6, 11, 12, 13, 14),
    left_right=((1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12), (13, 14), (15, 16)),
)

MEDIAPIPE = Skeleton(
    name='mediapipe33',
    joints=('nose', 'left_eye_inner', 'left_eye', 'left_eye_outer', 'right_eye_inner', 'right_eye',
            'right_eye_outer', 'left_ear', 'right_ear', 'mouth_left', 'mouth_right', 'left_shoulder',
            'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist', 'left_pinky',
            'right_pinky', 'left_index', 'right_index', 'left_thumb', 'right_thumb', 'left_hip',
            'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle', 'left_heel',
            'right_heel', 'left_foot_index', 'right_foot_index'),
    parents=(-1, 0, 1, 2, 0, 4, 5, 3, 6, 0, 0, 0, 0, 11, 12, 13, 14, 15, 16, 15, 16, 15, 16, 11, 12,
             23, 24, 25, 26, 27, 28, 27, 28),
    left_right=tuple((a, a + 1) for a in (7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31))
    + ((1, 4), (2, 5), (3, 6)),
)

# Stacked Hourglass detections as shipped with Human3.6M (16 joints, MPII-like order).
SH16 = Skeleton(
    name='sh16',
    joints=('RFoot', 'RKnee', 'RHip', 'LHip', 'LKnee', 'LFoot', 'Hip', 'Spine', 'Thorax', 'Head',
            'RWrist', 'RElbow', 'RShoulder', 'LShoulder', 'LElbow', 'LWrist'),
    parents=(1, 2, 6, 6, 3, 4, -1, 6, 7, 8, 11, 12, 7, 7, 13, 14),
    left_right=((3, 2), (4, 1), (5, 0), (13, 12), (14, 11), (15, 10)),
)

# Each conversion maps an H36M joint to the mean of one or more source joints.
# Why means: COCO and MediaPipe have no pelvis, spine, thorax or head-top, so those are built
# from hips, shoulders and the face the same way for every detector.
_TO_H36M = {
    'sh16': [[6], [2], [1], [0], [3], [4], [5], [6, 7], [7], [8], [9], [13], [14], [15], [12], [11], [10]],
    # Spine: the mean of shoulders and hips (half-way from pelvis to thorax); Head: eyes and ears
    # (these layouts have no head top, so it sits a little lower than Human3.6M's).
    'coco17': [[11, 12], [12], [14], [16], [11], [13], [15], [5, 6, 11, 12], [5, 6], [0], [1, 2, 3, 4],
               [5], [7], [9], [6], [8], [10]],
    # Limbs and nose as they are; the trunk and head rows are replaced by _mediapipe_trunk_and_head.
    'mediapipe33': [[23, 24], [24], [26], [28], [23], [25], [27], [11, 12, 23, 24], [11, 12], [0],
                    [1, 2, 3, 4, 5, 6, 7, 8], [11], [13], [15], [12], [14], [16]],
}

# MediaPipe's landmarks sit elsewhere than Human3.6M's motion-capture joints on the trunk and head
# (tools/measure_conventions.py: median proportions of upright, frontal poses, BlazePose on real videos
# against Human3.6M's ground-truth 2D, in trunk lengths T from the hips' to the shoulders' midpoint):
# hip width / shoulder width 0.56 against 0.94, trunk / thigh 1.34 against 1.04 (its hips sit lower
# and closer together than the hip-joint centres), the thorax 0.13 T above the shoulders' midpoint,
# the spine 0.55 of the way up, the head top 0.53 T above the shoulders where the eyes and ears are 0.35.
MEDIAPIPE_HIP_UP = 0.109       # T: where trunk / thigh matches Human3.6M's
MEDIAPIPE_HIP_WIDTH = 1.63     # x the landmarks' hip width: where hip / shoulder width matches
H36M_THORAX_UP = 0.132         # T above the shoulders' midpoint
H36M_SPINE_UP = 0.547          # of the way from the pelvis to the shoulders' midpoint
MEDIAPIPE_HEAD_BEYOND = 0.35   # the head top: beyond the eyes and ears, by this much of their height over the shoulders


def _mediapipe_trunk_and_head(W):
    """Rows of the (17, 33) conversion for the pelvis, hips, spine, thorax and head, as weighted sums of
    landmarks (weights sum to 1; some negative: extrapolations along the body)."""
    e = np.eye(MEDIAPIPE.num_joints)
    left_hip, right_hip = e[MEDIAPIPE.index('left_hip')], e[MEDIAPIPE.index('right_hip')]
    hips = (left_hip + right_hip) / 2
    shoulders = (e[MEDIAPIPE.index('left_shoulder')] + e[MEDIAPIPE.index('right_shoulder')]) / 2
    pelvis = hips + MEDIAPIPE_HIP_UP * (shoulders - hips)
    half_width = MEDIAPIPE_HIP_WIDTH * (right_hip - left_hip) / 2
    face = e[1:9].mean(0)  # eyes and ears
    W[H36M.index('Hip')] = pelvis
    W[H36M.index('RHip')], W[H36M.index('LHip')] = pelvis + half_width, pelvis - half_width
    W[H36M.index('Spine')] = pelvis + H36M_SPINE_UP * (shoulders - pelvis)
    W[H36M.index('Thorax')] = shoulders + H36M_THORAX_UP * (shoulders - pelvis)
    W[H36M.index('Head')] = face + MEDIAPIPE_HEAD_BEYOND * (face - shoulders)
    return W


LAYOUTS = {s.name: s for s in (H36M, COCO, MEDIAPIPE, SH16)}


def conversion_matrix(layout):
    """(17, J_src) matrix W so that h36m = W @ src for one pose: means of source joints, and for MediaPipe
    the trunk and head corrected to Human3.6M's conventions."""
    if layout not in LAYOUTS:
        raise ValueError(f'unknown keypoint layout {layout!r}; known: {", ".join(LAYOUTS)}')
    if layout == H36M.name:
        return np.eye(H36M.num_joints, dtype=np.float32)
    src = LAYOUTS[layout]
    W = np.zeros((H36M.num_joints, src.num_joints), np.float32)
    for j, sources in enumerate(_TO_H36M[layout]):
        W[j, sources] = 1.0 / len(sources)
    return _mediapipe_trunk_and_head(W) if layout == MEDIAPIPE.name else W


def to_h36m(keypoints, layout, scores=None):
    """Convert keypoints (N, J_src, D) of `layout` to (N, 17, D) Human3.6M order.

    With scores (N, J_src), also returns (N, 17) scores: the minimum over the joints averaged,
    since a derived joint is only as reliable as its weakest source.
    """
    keypoints = np.asarray(keypoints, dtype=np.float32)
    W = conversion_matrix(layout)
    assert keypoints.shape[-2] == W.shape[1], f'{layout} has {W.shape[1]} joints, got {keypoints.shape}'
    converted = np.einsum('hj,...jd->...hd', W, keypoints)
    if scores is None:
        return converted
    scores = np.asarray(scores, dtype=np.float32)
    masked = np.where(W[None] != 0, scores[..., None, :], np.inf)  # (N, 17, J_src)
    return converted, masked.min(-1)

# A typical adult's bone lengths (mm) in the Human3.6M layout, (parent, child) -> length: the fixed
# skeleton prior of models that build poses by forward kinematics. Rounded anthropometric values.
CANONICAL_BONE_MM = {
    (0, 1): 130, (1, 2): 445, (2, 3): 450, (0, 4): 130, (4, 5): 445, (5, 6): 450,
    (0, 7): 235, (7, 8): 255, (8, 9): 120, (9, 10): 115,
    (8, 11): 150, (11, 12): 280, (12, 13): 250, (8, 14): 150, (14, 15): 280, (15, 16): 250,
}

# Joint angles of motion analysis, each the angle between two segments of the Human3.6M layout:
# name -> ((a, b), (c, d)), the angle in degrees between the vectors a->b and c->d. Flexions are the
# bend away from a straight limb (0 = straight); hip flexion and shoulder elevation are measured from
# the trunk's downward axis (thorax -> pelvis), so both are 0 standing with the arms at the sides.
JOINT_ANGLES = {
    'r_knee_flexion': ((1, 2), (2, 3)), 'l_knee_flexion': ((4, 5), (5, 6)),
    'r_hip_flexion': ((8, 0), (1, 2)), 'l_hip_flexion': ((8, 0), (4, 5)),
    'r_elbow_flexion': ((14, 15), (15, 16)), 'l_elbow_flexion': ((11, 12), (12, 13)),
    'r_shoulder_elevation': ((8, 0), (14, 15)), 'l_shoulder_elevation': ((8, 0), (11, 12)),
}


def joint_angles(poses):
    """Human3.6M-17 poses (..., 17, 3) -> the JOINT_ANGLES in degrees (..., len(JOINT_ANGLES)), in its order."""
    poses = np.asarray(poses, dtype=np.float64)
    assert poses.shape[-2:] == (H36M.num_joints, 3), poses.shape
    out = []
    for (a, b), (c, d) in JOINT_ANGLES.values():
        u, v = poses[..., b, :] - poses[..., a, :], poses[..., d, :] - poses[..., c, :]
        cos = (u * v).sum(-1) / np.maximum(np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1), 1e-9)
        out.append(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))
    return np.stack(out, -1).astype(np.float32)

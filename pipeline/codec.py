"""Codecs own the normalisation between keypoints and network tensors, so training and inference cannot drift.

A codec turns 2D keypoints (N, *, 17, 2) in pixels into network inputs and network outputs back
into root-relative 3D poses (N, *, 17, 3) in millimetres. It is stored in every checkpoint.
"""
import torch

from pipeline.geometry.camera import look_at_root
from pipeline.geometry.transforms import mirrored, normalize_2d, root_relative, rotate
from pipeline.registry import CODECS, build


@CODECS.register_module()
class RootScaleCodec:
    """2D: root at the origin and scale 1 (independent of image size and person size): 'rms' distance
    from the root, or 'max' |coordinate| (the [-1, 1] box the unsupervised lifters bound with tanh).
    3D: root-relative, divided by `unit_mm` (metres by default). A lifter trained without 3D predicts in
    the 2D's own units; its unit_mm is then a prior on human size, not a fitted value.
    perspective: where the camera's intrinsics are known (or assumed), the lifter works in a virtual
    camera turned to look straight at the person's root (`view`), so where the person stands in the
    image no longer tilts its 3D; `decode_3d` turns the pose back into the real camera's frame.
    """

    def __init__(self, unit_mm=1000.0, scale='rms', perspective=False):
        self.unit_mm, self.scale, self.perspective = unit_mm, scale, perspective

    def view(self, keypoints, intrinsics=None):
        """Pixels (..., J, 2) and intrinsics (f, c), each (..., 2) or (2,) -> (the keypoints the network
        should see, the rotation from the camera frame to the view's frame, or None: the camera's own)."""
        if not self.perspective or intrinsics is None:
            return keypoints, None
        f, c = intrinsics
        return look_at_root(keypoints, f, c)

    def encode_2d(self, keypoints):
        return normalize_2d(keypoints, scale=self.scale)

    def encode_3d(self, pose_mm, rotation=None):
        pose = root_relative(pose_mm)
        return (pose if rotation is None else rotate(pose, rotation.to(pose.dtype))) / self.unit_mm

    def decode_3d(self, output, rotation=None):
        pose = root_relative(output) * self.unit_mm
        return pose if rotation is None else rotate(pose, rotation.to(pose.dtype).transpose(-1, -2))

    def flip(self, pose):
        """Mirror an encoded 2D or 3D pose left-right (x -> -x, left and right joints swapped)."""
        return mirrored(pose)


def build_codec(cfg):
    return build(CODECS, cfg) if isinstance(cfg, dict) else cfg

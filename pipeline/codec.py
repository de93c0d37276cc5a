"""Codecs own the normalisation between keypoints and network tensors, so training and inference cannot drift.

A codec turns 2D keypoints (N, *, 17, 2) in pixels into network inputs and network outputs back
into root-relative 3D poses (N, *, 17, 3) in millimetres. It is stored in every checkpoint.
"""
import torch

from pipeline.geometry.skeleton import H36M
from pipeline.geometry.transforms import normalize_2d, root_relative
from pipeline.registry import CODECS, build


@CODECS.register_module()
class RootScaleCodec:
    """2D: root at the origin and scale 1 (independent of image size and person size): 'rms' distance
    from the root, or 'max' |coordinate| (the [-1, 1] box the unsupervised lifters bound with tanh).
    3D: root-relative, divided by `unit_mm` (metres by default). A lifter trained without 3D predicts in
    the 2D's own units; its unit_mm is then a prior on human size, not a fitted value.
    """

    def __init__(self, unit_mm=1000.0, scale='rms'):
        self.unit_mm, self.scale = unit_mm, scale
        self.flip_permutation = torch.as_tensor(H36M.flip_permutation)

    def encode_2d(self, keypoints):
        return normalize_2d(keypoints, scale=self.scale)

    def encode_3d(self, pose_mm):
        return root_relative(pose_mm) / self.unit_mm

    def decode_3d(self, output):
        return root_relative(output) * self.unit_mm

    def flip(self, pose):
        """Mirror an encoded 2D or 3D pose left-right (x -> -x, left and right joints swapped)."""
        sign = torch.ones(pose.shape[-1], dtype=pose.dtype, device=pose.device)
        sign[0] = -1
        return pose[..., self.flip_permutation.to(pose.device), :] * sign


def build_codec(cfg):
    return build(CODECS, cfg) if isinstance(cfg, dict) else cfg

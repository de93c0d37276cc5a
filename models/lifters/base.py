"""What every lifter shares: the codec, the mmengine train/val/predict protocol, flip testing, `lift()`.

A lifter maps 2D keypoints (N, 17, 2) in the Human3.6M layout (pixels, or any unit: the codec
removes position and scale) to root-relative 3D poses (N, 17, 3) in millimetres, in the camera's frame:
`lift()` for independent poses, `lift_sequences()` for time-ordered frames of one or more streams
(a temporal lifter uses the neighbouring frames; a single-frame lifter lifts each frame alone).
Subclasses implement `forward_tensor(x)`: encoded (N, 17, 2) -> encoded (N, 17, 3), and may
override `loss()` or add regularising terms to it with `penalties()`.
"""
import numpy as np
import torch
from mmengine.model import BaseModel

from pipeline.codec import build_codec
from pipeline.errors import UserError


def mpjpe_loss(pred, target):
    """Mean Euclidean joint error: optimises Protocol 1 directly (VideoPose3D's choice)."""
    return (pred - target).norm(dim=-1).mean()


class BaseLifter(BaseModel):
    receptive_field = 1  # frames one output pose depends on
    causal = True  # needs no future frames

    def __init__(self, codec=dict(type='RootScaleCodec'), num_joints=17, flip_test=True, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.codec = build_codec(codec)
        self.num_joints = num_joints
        self.flip_test = flip_test

    def forward_tensor(self, x):
        raise NotImplementedError

    def loss(self, inputs, targets):
        return dict(loss_mpjpe=mpjpe_loss(self.forward_tensor(inputs), targets), **self.penalties())

    def penalties(self):
        """Loss terms on the weights alone (named like losses, e.g. loss_affinity); none by default."""
        return {}

    def predict_encoded(self, inputs):
        """Encoded 2D -> encoded 3D, averaged with the mirrored pose's prediction when flip_test is on."""
        pred = self.forward_tensor(inputs)
        if self.flip_test:
            pred = (pred + self.codec.flip(self.forward_tensor(self.codec.flip(inputs)))) / 2
        return pred

    def forward(self, inputs, targets=None, mode='tensor', **unused):
        if mode == 'loss':
            return self.loss(inputs, targets)
        if mode == 'predict':
            # One dict for the whole batch: H36MMetric takes it as is (no per-pose Python objects).
            return [dict(pred_mm=self.codec.decode_3d(self.predict_encoded(inputs)))]
        return self.forward_tensor(inputs)

    @torch.no_grad()
    def lift(self, keypoints_2d, intrinsics=None, batch_size=4096):
        """(N, 17, 2) keypoints (numpy or torch, pixels) -> (N, 17, 3) root-relative mm, as numpy.

        intrinsics: (f, c) of the camera, each (2,) or (N, 2) pixels; a lifter with a perspective codec
        uses them to see each person head-on (others, and all lifters without them, ignore them).
        """
        self.eval()
        device = next(self.parameters()).device
        x = torch.as_tensor(keypoints_2d, dtype=torch.float32)
        assert x.ndim == 3, f'expected (N, {self.num_joints}, 2), got {tuple(x.shape)}'
        self.check_keypoints(x)
        x, rotation = self.codec.view(x.to(device), intrinsics)
        chunks = [self.codec.decode_3d(self.predict_encoded(self.codec.encode_2d(x[i:i + batch_size])),
                                       None if rotation is None else rotation[i:i + batch_size])
                  for i in range(0, len(x), batch_size)]
        return torch.cat(chunks).cpu().numpy() if chunks else x.new_zeros((0, self.num_joints, 3)).numpy()

    def lift_sequences(self, keypoints_2d, sequence=None, intrinsics=None):
        """(T, 17, 2) time-ordered keypoints -> (T, 17, 3) mm. sequence (T,): stream ids (contiguous
        runs), so that no temporal context crosses from one stream to the next; None: one stream."""
        return self.lift(keypoints_2d, intrinsics)

    def check_keypoints(self, x):
        if x.shape[-2:] != (self.num_joints, 2):
            raise UserError(f'expected keypoints of shape (..., {self.num_joints}, 2), got {tuple(x.shape)}')
        if not torch.isfinite(x).all():
            raise UserError('keypoints contain NaN or infinite values: fill or drop missing joints before lifting')

    @staticmethod
    def split(n, sequence=None):
        """Slices of the contiguous runs of equal ids in sequence (n,); one slice for None."""
        if sequence is None:
            return [slice(0, n)] if n else []
        sequence = np.asarray(sequence)
        assert len(sequence) == n, 'one sequence id per frame'
        cuts = [0, *(np.flatnonzero(sequence[1:] != sequence[:-1]) + 1), n]
        return [slice(a, b) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]

"""Temporal lifter: dilated temporal convolutions over a window of 2D poses (VideoPose3D, Pavllo et al. 2019).

    (N, T, J, 2) -> Conv1d(w0) -> [BN, ReLU, Dropout]                                   (N, T - w0 + 1, C)
                 -> per block i: Conv1d(w_i, dilation w0*...*w_{i-1}) + Conv1d(1), residual
                 -> Conv1d(1)                                                            (N, T - R + 1, J, 3)

filter_widths (3, 3, 3) gives a receptive field R = 3*3*3 = 27 frames; (3, 3, 3, 3) 81; (3,)*5 243.
Output frame t is the pose at the centre of its R-frame window, or with causal=True at its last frame,
so a causal lifter sees only the past (the webcam). Training runs the same network on whole chunks of
a sequence (T = L + R - 1 frames in, L poses out), so neighbouring outputs share their computation; or on
single windows (T = R, one pose out), which run strided (VideoPose3D's single-frame training model, with
the same weights), so that a batch holds many independent windows instead of a few long chunks.
Activations are kept frames x channels, (N, T, C), and every convolution runs as one matrix product
(`apply_conv_bn`): the weights are nn.Conv1d's, so checkpoints are those of the convolutional network.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from models.lifters.base import BaseLifter, mpjpe_loss
from pipeline.errors import UserError
from pipeline.registry import MODELS


def conv_bn(n_in, n_out, width, dilation, dropout):
    return nn.Sequential(nn.Conv1d(n_in, n_out, width, dilation=dilation, bias=False), nn.BatchNorm1d(n_out),
                         nn.ReLU(inplace=True), nn.Dropout(dropout))


def _tap_major_kernel(conv):
    """A Conv1d's weight laid out as (C_out, width * C_in), taps outer, as apply_conv_bn gathers its input.
    While training it is part of the graph and recomputed every step; for inference it is kept until the
    weights change (their version or storage), because copying 3 MB of weights per layer costs more than
    lifting one live window (measured: 21 ms a window with the copy, most of it the copy)."""
    if torch.is_grad_enabled() and conv.weight.requires_grad:
        return conv.weight.permute(0, 2, 1).reshape(conv.out_channels, -1)
    key = (conv.weight.data_ptr(), conv.weight._version, conv.weight.dtype)
    cached = getattr(conv, '_tap_major', None)
    if cached is None or cached[0] != key:
        cached = (key, conv.weight.detach().permute(0, 2, 1).reshape(conv.out_channels, -1).contiguous())
        conv._tap_major = cached
    return cached[1]


def apply_conv_bn(layer, x, strided=False):
    """A conv_bn layer on frames-last-dim-channels x (N, T, C_in) -> (N, T', C_out), its convolution as one
    matrix product: the `width` taps of every output frame gathered side by side, (N, T', width * C_in), times
    the kernel laid out to match. Same weights and function as the Conv1d (checkpoints are unchanged), but
    one large GEMM instead of a convolution over a short time axis, which CPU convolution kernels run at a
    fraction of the matmul rate.

    strided=True: stride = width, no dilation (one window's output needs only every width-th position), so
    the gather is a free reshape: T' = T / width.
    """
    conv, bn, relu, dropout = layer
    width, dilation = conv.kernel_size[0], conv.dilation[0]
    N, T, C = x.shape
    if strided:
        x = x.reshape(N, T // width, width * C)
    elif width > 1:
        T = T - (width - 1) * dilation
        x = torch.cat([x[:, k * dilation:k * dilation + T] for k in range(width)], -1)
    y = F.linear(x, _tap_major_kernel(conv))
    return dropout(relu(bn(y.flatten(0, 1)))).view(N, -1, conv.out_channels)


class TemporalBlock(nn.Module):
    """A dilated convolution and a 1x1 convolution; the residual is cropped to the frames that survive."""

    def __init__(self, channels, width, dilation, dropout, causal):
        super().__init__()
        self.layers = nn.Sequential(conv_bn(channels, channels, width, dilation, dropout),
                                    conv_bn(channels, channels, 1, 1, dropout))
        lost = (width - 1) * dilation  # frames the dilated convolution consumes
        # Symmetric: the output frame is the window's centre; causal: its last frame.
        self.crop = (lost, 0) if causal else (lost // 2, lost - lost // 2)
        # Strided, the residual keeps each group of `width` positions' centre (causal: its last), as the crop does.
        self.strided_residual = slice(width - 1 if causal else width // 2, None, width)

    def forward(self, x, strided_window=False):  # (N, T, C) -> (N, T - lost, C), or strided (N, T / width, C)
        residual = x[:, self.strided_residual] if strided_window else x[:, self.crop[0]:x.shape[1] - self.crop[1]]
        return residual + apply_conv_bn(self.layers[1], apply_conv_bn(self.layers[0], x, strided_window))


class TemporalConvNet(nn.Module):
    """(N, T, n_in) -> (N, T - receptive_field + 1, n_out)."""

    def __init__(self, n_in, n_out, filter_widths=(3, 3, 3), channels=512, dropout=0.25, causal=False):
        super().__init__()
        assert all(w % 2 == 1 for w in filter_widths), 'odd filter widths keep the window centred'
        self.expand = conv_bn(n_in, channels, filter_widths[0], 1, dropout)
        blocks, dilation = [], filter_widths[0]
        for width in filter_widths[1:]:
            blocks.append(TemporalBlock(channels, width, dilation, dropout, causal))
            dilation *= width
        self.blocks = nn.Sequential(*blocks)
        self.shrink = nn.Conv1d(channels, n_out, 1)
        self.receptive_field = math.prod(filter_widths)

    def forward(self, x):
        # One window: the same function, strided (10x fewer operations at R = 81).
        strided = x.shape[1] == self.receptive_field
        h = apply_conv_bn(self.expand, x, strided)
        for block in self.blocks:
            h = block(h, strided)
        # The output layer runs in fp32 even under bf16 autocast: bf16 steps near 0.5 m are ~2 mm,
        # coarser than a frame's motion, which a velocity loss could then not see.
        with torch.autocast(x.device.type, enabled=False):
            return F.linear(h.float(), self.shrink.weight[..., 0], self.shrink.bias)


class WindowLifter(BaseLifter):
    """A lifter whose output frame depends on a window of `receptive_field` 2D frames: centred on it, or
    ending at it (causal). What is shared by every such network: the chunk loss, edge padding, and lifting
    single poses, whole sequences and windows. Subclasses build the network and implement
    `forward_tensor`: encoded (N, T, J, 2) -> (N, T - R + 1, J, 3), one pose per full window."""

    training_only_args = ('velocity_weight',)

    def __init__(self, receptive_field, causal=False, velocity_weight=0.0, **rest):
        super().__init__(**rest)
        self.receptive_field, self.causal, self.velocity_weight = receptive_field, causal, velocity_weight
        # Frames of context the output frame needs before and after it.
        half = (receptive_field - 1) // 2
        self.pad = (receptive_field - 1, 0) if causal else (half, half)

    def check_window(self, x):
        if x.shape[1] < self.receptive_field:
            raise UserError(f'a temporal lifter with a {self.receptive_field}-frame receptive field got '
                            f'{x.shape[1]} frames: pad the sequence (lift_sequences does)')

    def loss(self, inputs, targets):
        """inputs (N, L + R - 1, J, 2), targets (N, L, J, 3): every output frame of the chunk is supervised."""
        pred = self.forward_tensor(inputs)
        if pred.shape != targets.shape:
            raise UserError(f'chunks of {inputs.shape[1]} input frames give {pred.shape[1]} poses for '
                            f'{targets.shape[1]} targets: the dataset\'s receptive_field/causal must match the '
                            f'model\'s ({self.receptive_field}, causal={self.causal})')
        losses = dict(loss_mpjpe=mpjpe_loss(pred, targets), **self.penalties())
        if self.velocity_weight:  # MPJVE: the chunk's frame-to-frame motion against the true motion
            if pred.shape[1] < 2:
                raise UserError('model.velocity_weight needs chunks of two or more target frames: set '
                                'train_dataloader.dataset.chunk (and batch_size) to train on chunks')
            losses['loss_velocity'] = self.velocity_weight * mpjpe_loss(pred.diff(dim=1), targets.diff(dim=1))
        return losses

    def pad_sequence(self, x):
        """(T, J, 2) -> (pad[0] + T + pad[1], J, 2), repeating the end frames (VideoPose3D's edge padding)."""
        return torch.cat([x[:1].expand(self.pad[0], -1, -1), x, x[-1:].expand(self.pad[1], -1, -1)])

    @torch.no_grad()
    def lift(self, keypoints_2d, intrinsics=None, batch_size=256):
        """Independent poses, each lifted as a still sequence (a person holding the pose)."""
        x = torch.as_tensor(keypoints_2d, dtype=torch.float32)
        assert x.ndim == 3, f'expected (N, J, 2), got {tuple(x.shape)}'
        x, rotation = self.codec.view(x, intrinsics)
        out = [self.lift_windows(x[i:i + batch_size, None].expand(-1, self.receptive_field, -1, -1),
                                 None if rotation is None else rotation[i:i + batch_size, None])[:, 0]
               for i in range(0, len(x), batch_size)]
        return np.concatenate(out) if out else np.zeros((0, self.num_joints, 3), np.float32)

    @torch.no_grad()
    def lift_sequences(self, keypoints_2d, sequence=None, intrinsics=None):
        """(T, J, 2) time-ordered keypoints -> (T, J, 3) mm; sequence (T,) ids split it into streams."""
        x, rotation = self.codec.view(torch.as_tensor(keypoints_2d, dtype=torch.float32), intrinsics)
        parts = self.split(len(x), sequence)
        out = [self.lift_windows(self.pad_sequence(x[p])[None], None if rotation is None else rotation[p][None])[0]
               for p in parts]
        return np.concatenate(out) if out else np.zeros((0, self.num_joints, 3), np.float32)

    @torch.no_grad()
    def lift_windows(self, x, rotation=None):
        """(N, T, J, 2) keypoints, each output frame with its context -> (N, T - R + 1, J, 3) mm as numpy.
        rotation (N, T - R + 1, 3, 3): the output frames' view rotations (codec.view), if x is in views."""
        self.eval()
        self.check_keypoints(x)
        device = next(self.parameters()).device
        pred = self.predict_encoded(self.codec.encode_2d(x.to(device)))
        return self.codec.decode_3d(pred, None if rotation is None else rotation.to(device)).cpu().numpy()


@MODELS.register_module()
class TemporalLifter(WindowLifter):
    """Sequences of 2D poses -> per-frame 3D. `forward_tensor`: encoded (N, T, J, 2) -> (N, T - R + 1, J, 3)."""

    def __init__(self, filter_widths=(3, 3, 3), channels=512, dropout=0.25, causal=False, velocity_weight=0.0,
                 **base):
        super().__init__(math.prod(filter_widths), causal, velocity_weight, **base)
        J = self.num_joints
        self.net = TemporalConvNet(2 * J, 3 * (J - 1), tuple(filter_widths), channels, dropout, causal)

    def forward_tensor(self, x):
        self.check_window(x)
        N, T, J, _ = x.shape
        out = self.net(x.flatten(2))  # (N, T, 2J) -> (N, T - R + 1, 3(J-1))
        pose = out.reshape(N, -1, J - 1, 3)
        return torch.cat([pose.new_zeros(*pose.shape[:2], 1, 3), pose], 2)  # root at 0

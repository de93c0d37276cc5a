"""Graph-convolution lifter: a Modulated GCN (Zou & Tang, ICCV 2021).

    (N, J, 2) -> GraphConv(2 -> C) [BN, ReLU] -> num_blocks x ResidualGraphBlock(C) -> GraphConv(C -> 3)   (N, J, 3)
    ResidualGraphBlock: x + 2 x (GraphConv(C -> C) [BN, ReLU, Dropout])

One graph convolution, on the features x_j (C_in) of every joint j:

    y_i = A_ii * (m_i . W_self x_i) + sum_{j != i} A_ij * (m_j . W_nbr x_j) + b

- W_self, W_nbr (C_in -> C_out) are shared by all joints, so a layer has the parameters of one dense layer
  of width C, not of width J*C (the simple baseline's 2 blocks of 1024 hold 4.3 M; this, 1.2 M at C=384);
- m_j (C_out) is joint j's learnable modulation vector ("weight modulation"): sharing W would otherwise
  make every joint transform its features the same way;
- A = (A' + A'^T) / 2 with A' = Â + Δ: Â is the skeleton's adjacency with self-loops, row-normalised, and Δ
  a learnable additive affinity ("affinity modulation") that can link joints the skeleton does not (a
  wrist and a hip move together in many actions). Δ starts at 1e-6 and is L1-regularised
  (`affinity_l1` times its summed absolute value), so only the links that pay for themselves grow.

Activations are kept joint-major, (J, N, C): the shared weights then apply to a (J*N, C) matrix and the
mixing over joints is one (J, J) @ (J, N*C) product, both plain matrix products with no copies in
between (the batch-major (N, J, C) layout needs a batched 17 x 17 product or a transpose per layer).
Batch norm over the (J*N, C) view pools each channel over batch and joints, as the paper's does.
"""
import math

import torch
from torch import nn

from models.lifters.base import BaseLifter
from models.lifters.temporal import WindowLifter
from pipeline.geometry.skeleton import H36M
from pipeline.registry import MODELS


def skeleton_adjacency(skeleton=H36M):
    """(J, J) adjacency of the skeleton's bones with self-loops, each row divided by its sum."""
    J = skeleton.num_joints
    adjacency = torch.eye(J)
    for parent, child in skeleton.bones:
        adjacency[parent, child] = adjacency[child, parent] = 1.0
    return adjacency / adjacency.sum(1, keepdim=True)


class ModulatedGraphConv(nn.Module):
    """(J, N, C_in) -> (J, N, C_out), joint-major.

    The modulation and A's diagonal scale each joint's output channels, so they are folded into per-joint
    copies of the shared weights, (J, C_in, C_out), before the product: W_nbr * m_j and W_self * A_jj m_j
    cost J*C_in*C_out multiplications, where scaling the activations would cost N*J*C_out (and as much
    again in the backward pass), and the product becomes one batched matrix product per weight.
    """

    def __init__(self, n_in, n_out, adjacency, bias=True):
        super().__init__()
        J = len(adjacency)
        self.weight_self = nn.Parameter(nn.init.xavier_uniform_(torch.empty(n_in, n_out), gain=2 ** 0.5))
        self.weight_neighbours = nn.Parameter(nn.init.xavier_uniform_(torch.empty(n_in, n_out), gain=2 ** 0.5))
        self.modulation = nn.Parameter(torch.ones(J, 1, n_out))  # m_j
        self.register_buffer('adjacency', adjacency.clone())
        self.affinity = nn.Parameter(torch.full((J, J), 1e-6))  # Δ
        # A bias before batch norm is removed by it: layers followed by one have none.
        self.bias = nn.Parameter(torch.empty(n_out).uniform_(-n_out ** -0.5, n_out ** -0.5)) if bias else None

    def mixing(self):
        """(J, J) symmetric A = sym(Â + Δ)."""
        a = self.adjacency + self.affinity
        return (a + a.T) / 2

    def forward(self, x):
        J, N, _ = x.shape
        a = self.mixing()
        diagonal = torch.diagonal(a)
        h = torch.bmm(x, self.weight_neighbours * self.modulation)  # (J, N, C_out): m_j . W_nbr x_j
        # sum_{j != i} A_ij h_j for every i at once: (J, J) @ (J, N*C_out).
        y = ((a - torch.diag(diagonal)) @ h.view(J, -1)).view(h.shape)
        y = torch.baddbmm(y, x, self.weight_self * (diagonal.view(J, 1, 1) * self.modulation))
        return y if self.bias is None else y + self.bias


class GraphConvBN(nn.Module):
    """ModulatedGraphConv, then batch norm over channels, ReLU and dropout; (J, N, C_in) -> (J, N, C_out)."""

    def __init__(self, n_in, n_out, adjacency, dropout):
        super().__init__()
        self.conv = ModulatedGraphConv(n_in, n_out, adjacency, bias=False)
        self.bn = nn.BatchNorm1d(n_out)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        J, N, _ = x.shape
        y = self.bn(self.conv(x).view(J * N, -1)).relu_()
        return self.dropout(y).view(J, N, -1)


class ResidualGraphBlock(nn.Module):
    def __init__(self, width, adjacency, dropout):
        super().__init__()
        self.layers = nn.Sequential(GraphConvBN(width, width, adjacency, dropout),
                                    GraphConvBN(width, width, adjacency, dropout))

    def forward(self, x):
        return x + self.layers(x)


@MODELS.register_module()
class ModulatedGCNLifter(BaseLifter):
    """Single-frame lifter over the skeleton graph. hidden=384 and num_blocks=2: the paper's 1.2 M parameters."""

    def __init__(self, hidden=384, num_blocks=2, dropout=0.0, affinity_l1=1e-5, node_features=2, **base):
        super().__init__(**base)
        adjacency = skeleton_adjacency()
        assert len(adjacency) == self.num_joints, 'the graph is the Human3.6M skeleton'
        self.stem = GraphConvBN(node_features, hidden, adjacency, dropout)
        self.blocks = nn.Sequential(*(ResidualGraphBlock(hidden, adjacency, dropout) for _ in range(num_blocks)))
        self.head = ModulatedGraphConv(hidden, 3, adjacency)
        self.affinity_l1 = affinity_l1

    def forward_tensor(self, x):
        h = self.blocks(self.stem(x.permute(1, 0, 2)))  # (N, J, node_features) -> (J, N, C)
        out = self.head(h).permute(1, 0, 2)  # (N, J, 3)
        # Root-relative output: the root is 0 by definition.
        return torch.cat([out.new_zeros(len(out), 1, 3), out[:, 1:]], 1)

    def affinities(self):
        return [m.affinity for m in self.modules() if isinstance(m, ModulatedGraphConv)]

    def penalties(self):
        if not self.affinity_l1:
            return {}
        return dict(loss_affinity=self.affinity_l1 * sum(a.abs().sum() for a in self.affinities()))


def cosine_basis(frames, count):
    """(frames, count) DCT-II basis scaled so that a trajectory's coefficients are its cosines' amplitudes:
    coefficient 0 is the mean position, k the amplitude of the cosine with k half-periods in the window."""
    t = torch.arange(frames, dtype=torch.float64) + 0.5
    k = torch.arange(count, dtype=torch.float64)
    basis = torch.cos(math.pi * t[:, None] * k[None] / frames) * 2 / frames
    basis[:, 0] /= 2
    return basis.float()


@MODELS.register_module()
class TrajectoryGCNLifter(WindowLifter, ModulatedGCNLifter):
    """Temporal lifter over the skeleton graph: each joint's node feature is its 2D trajectory over the window,
    the output frame's own 2D and the `frequencies` lowest cosine (DCT) coefficients of the whole window's
    motion; the Modulated GCN above then lifts the output frame from them.

    The coefficients are a fixed linear map (a smooth summary of how the joint moves over seconds, the
    trajectory-space idea of Lin & Lee, BMVC 2019), so a window costs the single-frame GCN's graph layers
    plus one small product; VideoPose3D's 243-frame convolutions (512 channels) spend about 9x its operations
    per window, most of them in the window's first layers (measured: 5x the training time per window). The
    joint's own 2D at the output frame is kept exact,
    because the lowest frequencies alone smooth it.
    """

    def __init__(self, receptive_field=243, frequencies=32, causal=False, velocity_weight=0.0, **gcn):
        assert 1 <= frequencies <= receptive_field, 'between 1 and receptive_field cosine coefficients'
        super().__init__(receptive_field, causal, velocity_weight, node_features=2 + 2 * frequencies, **gcn)
        self.register_buffer('basis', cosine_basis(receptive_field, frequencies), persistent=False)

    def forward_tensor(self, x):
        self.check_window(x)
        N, T, J, _ = x.shape
        L = T - self.receptive_field + 1
        windows = x.unfold(1, self.receptive_field, 1)  # (N, L, J, 2, R), a view
        coefficients = (windows @ self.basis).flatten(-2)  # (N, L, J, 2K)
        own = x[:, self.pad[0]:self.pad[0] + L]  # the output frames' 2D
        features = torch.cat([own, coefficients], -1).flatten(0, 1)  # (N L, J, 2 + 2K)
        return ModulatedGCNLifter.forward_tensor(self, features).view(N, L, J, 3)

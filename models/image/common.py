"""What the image models share: person crops in, pictures out."""
import numpy as np
import torch
import torch.nn.functional as F

from pipeline.geometry.transforms import mirrored


def channels_last(x):
    """(N, C, H, W) with channels innermost: the layout oneDNN's convolutions run fastest in on CPUs (with
    bf16 on AMX especially); the image models keep their weights and the inputs of each trunk in it."""
    return x.contiguous(memory_format=torch.channels_last)


def crops_to_tensor(crops, size, device):
    """Crops (N, S, S, 3) uint8 BGR (any S) -> (N, 3, size, size) float RGB in [-1, 1]: the models' input."""
    x = torch.as_tensor(np.ascontiguousarray(crops[..., ::-1]), device=device).permute(0, 3, 1, 2).float() / 127.5 - 1
    return F.interpolate(x, size=(size, size), mode='area') if x.shape[-1] != size else x


def crops_2d(model, x):
    """Crops (N, 3, S, S) -> the 2D a model that lifts_2d reads in them (N, 17, 2) in [-1, 1] of the crop.
    With model.flip_test, averaged with its read of the mirrored crop, mirrored back: the flip test of 2D
    pose estimators, which evens out a heatmap's left-right slips (on the held-out demo video it took the
    cross-modal VAE's agreement with the keypoint pipeline from 98.5 to 83.5 mm P2; docs/image_branch.md)."""
    p2d = model.image_to_2d(x)
    return (p2d + mirrored(model.image_to_2d(x.flip(-1)))) / 2 if model.flip_test else p2d


@torch.no_grad()
def lift_crops(model, crops, batch_size=32):
    """Crops -> root-relative 3D (N, 17, 3) mm, as numpy, batched: image -> 2D (crops_2d) -> 3D for a model
    that lifts_2d, else model(images) straight to 3D in metres."""
    model.eval()
    out = []
    for i in range(0, len(crops), batch_size):
        x = crops_to_tensor(crops[i:i + batch_size], model.image_size, model.step.device)
        out.append((model.lift_2d(crops_2d(model, x)) if model.lifts_2d else model(x)) * model.unit_mm)
    return torch.cat(out).cpu().numpy() if out else np.zeros((0, 17, 3), np.float32)


def image_grid(rows):
    """Rows of image batches (each (n, 3, H, W) in [-1, 1]) -> one uint8 BGR picture (H * rows, W * n, 3)."""
    grid = torch.cat([torch.cat(list(r), 2) for r in rows], 1)
    return ((grid.permute(1, 2, 0).float().cpu().numpy() + 1) * 127.5).clip(0, 255).astype(np.uint8)[..., ::-1]

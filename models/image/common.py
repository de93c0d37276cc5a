"""What the image models share: person crops in, pictures out."""
import numpy as np
import torch
import torch.nn.functional as F


def channels_last(x):
    """(N, C, H, W) with channels innermost: the layout oneDNN's convolutions run fastest in on CPUs (with
    bf16 on AMX especially); the image models keep their weights and the inputs of each trunk in it."""
    return x.contiguous(memory_format=torch.channels_last)


def crops_to_tensor(crops, size, device):
    """Crops (N, S, S, 3) uint8 BGR (any S) -> (N, 3, size, size) float RGB in [-1, 1]: the models' input."""
    x = torch.as_tensor(np.ascontiguousarray(crops[..., ::-1]), device=device).permute(0, 3, 1, 2).float() / 127.5 - 1
    return F.interpolate(x, size=(size, size), mode='area') if x.shape[-1] != size else x


@torch.no_grad()
def lift_crops(model, crops, batch_size=32):
    """model(images) -> root-relative 3D in metres, batched over crops -> (N, 17, 3) mm, as numpy."""
    model.eval()
    out = [model(crops_to_tensor(crops[i:i + batch_size], model.image_size, model.step.device)) * model.unit_mm
           for i in range(0, len(crops), batch_size)]
    return torch.cat(out).cpu().numpy() if out else np.zeros((0, 17, 3), np.float32)


def image_grid(rows):
    """Rows of image batches (each (n, 3, H, W) in [-1, 1]) -> one uint8 BGR picture (H * rows, W * n, 3)."""
    grid = torch.cat([torch.cat(list(r), 2) for r in rows], 1)
    return ((grid.permute(1, 2, 0).float().cpu().numpy() + 1) * 127.5).clip(0, 255).astype(np.uint8)[..., ::-1]

"""Which model of novel views makes true 3D look real to a 2D critic.

The lifters that learn without 3D (VAE-GAN, TIPSy) turn their lifted pose to a random view and ask a 2D
critic whether it looks like a real camera's 2D. That adversarial loss has its minimum at the true depth
only if the critic cannot tell real 2D from the *true* 3D seen through the same view model. This tool
measures that directly, with no lifter: a fresh critic (the VAE-GAN's architecture) is trained on the
training subjects' real 2D against their true 3D seen through each view model, and scored on a held-out
subject (AUC: how often a real 2D pose scores above a view; 0.5 means the views look real).

A view model is AXIS@PLACE. AXIS is what the pose turns about, by an azimuth uniform in +-180 degrees:
  camera   the camera's vertical axis, plus an elevation of +-10 degrees (what the lifters' novel_view does);
  person   the world's up through the root (from the cameras' extrinsics);
  dataset  one up direction for the whole dataset (the training cameras' mean): what a lifter can use
           with a single learnt elevation and no extrinsics;
  none     no turn (the real camera's own view, without its lens distortion).
PLACE is where the turned pose is seen from:
  d5       the root on the optical axis at distance 5 (the lifters' novel-view distance, in the encoded 2D's
           units; the poses are scaled as a lifter's are, max |2D coordinate| 1);
  axis     the root on the optical axis at its true distance from the camera;
  real     the root where it really is (off the axis too): person@real is exactly a camera at the same
           height elsewhere on the circle around the person.

    python tools/probe_view_models.py --data-3d h36m_train_3d.npz --cameras h36m_cameras.json \
        --out benchmarks/view_model_probe.json

--flow PATH scores a fitted 2D pose flow (models/lifters/pose_flow.py, the non-perspective codec) instead of
training critics: its mean negative log-likelihood per coordinate of the held-out real 2D, and of the true
3D seen through each view model with the depths scaled by 1, 0.5, 0 (flat), -1 (mirrored) and 1.5. A prior
whose minimum is at the true depth rates the x1 column lowest.
"""
import argparse
import math
import time

import _bootstrap  # noqa: F401
import torch
import torch.nn.functional as F

from diagnose_vae_gan import auc
from models.lifters.adversarial import PoseDiscriminator
from pipeline.cli import add_threads_argument, main_guard, set_threads
from pipeline.codec import build_codec
from pipeline.geometry.transforms import project_from_distance, random_rotation, rotate, rotation_about
from pipeline.io import write_json
from pipeline.training.h36m import load_h36m

VIEW_MODELS = ('camera@d5', 'person@d5', 'dataset@d5', 'person@axis', 'person@real', 'dataset@real', 'none@real')
DISTANCE = 5.0  # the lifters' novel-view distance, in the encoded 2D's units
# The unsupervised lifters' codec: root at the origin, max |coordinate| 1.
ENCODE = build_codec(dict(type='RootScaleCodec', scale='max', unit_mm=900.0)).encode_2d


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument('--data-3d', required=True)
    p.add_argument('--cameras', required=True)
    p.add_argument('--subjects', default='S1,S5,S6,S7', help='train the critics on these')
    p.add_argument('--val-subject', default='S8', help='score them on this one')
    p.add_argument('--stride', type=int, default=5, help='every n-th frame')
    p.add_argument('--iters', type=int, default=2000)
    p.add_argument('--every', type=int, default=250, help='score the held-out subject every n iterations')
    p.add_argument('--batch-size', type=int, default=1024)
    p.add_argument('--view-models', default=','.join(VIEW_MODELS))
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--flow', help='score this PoseFlow checkpoint instead of training critics')
    p.add_argument('--out', default='benchmarks/view_model_probe.json')
    add_threads_argument(p)
    return p.parse_args()


def load(args, subjects):
    """Real 2D as the lifters train on it (the ground truth projected with lens distortion, encoded), the true
    3D (mm, root-relative) with the root's position and the world's up in the camera's frame, and each
    pose's max |2D coordinate| (mm), the unit a lifter predicts it in."""
    data = load_h36m(args.data_3d, args.cameras, subjects, stride=args.stride)
    pose = torch.from_numpy(data['pose_3d']).double()
    # The lifters predict 3D in the units of their encoded 2D (max |coordinate| 1): scale each pose alike.
    scale = pose[..., :2].abs().amax(dim=(-1, -2))
    return dict(real=ENCODE(torch.from_numpy(data['gt_2d'])).float(), scale=scale, pose_mm=pose,
                root=torch.from_numpy(data['root']).double(), up=torch.from_numpy(data['up']).double())


def views(data, model, idx, dataset_up, gen):
    """The true 3D of samples idx seen through view model `model` (AXIS@PLACE), encoded (n, J, 2)."""
    axis, _, place = model.partition('@')
    if axis not in ('camera', 'person', 'dataset', 'none') or place not in ('d5', 'axis', 'real'):
        raise SystemExit(f'error: unknown view model {model!r} (AXIS@PLACE, e.g. {", ".join(VIEW_MODELS)})')
    n = len(idx)
    pose = data['pose_mm'][idx]
    azimuth = (torch.rand(n, generator=gen, dtype=torch.float64) * 2 - 1) * math.pi
    if axis == 'camera':
        pose = rotate(pose, random_rotation(n, math.pi, math.pi / 18, gen).to(pose))
    elif axis in ('person', 'dataset'):
        up = data['up'][idx] if axis == 'person' else dataset_up.expand(n, 3)
        pose = rotate(pose, rotation_about(up, azimuth))
    if place == 'd5':
        seen = project_from_distance(pose / data['scale'][idx, None, None], DISTANCE)
    else:
        root = data['root'][idx] if place == 'real' else F.pad(data['root'][idx].norm(dim=-1, keepdim=True), (2, 0))
        pose = pose + root[:, None]
        seen = pose[..., :2] / pose[..., 2:]
    return ENCODE(seen).float()


def train_critic(model, train, val, dataset_up, args):
    torch.manual_seed(args.seed)
    critic = PoseDiscriminator(17, hidden=1024, num_blocks=0)  # the shipped VAE-GAN's critic (vae_gan_h36m)
    optim = torch.optim.Adam(critic.parameters(), lr=2e-4, betas=(0.5, 0.999))
    gen = torch.Generator().manual_seed(args.seed + 1)
    val_real_idx = torch.randperm(len(val['real']), generator=gen)[:8192]
    val_fake_idx = torch.randperm(len(val['real']), generator=gen)[:8192]
    curve, start = [], time.time()
    for it in range(args.iters + 1):
        if it % args.every == 0:
            critic.eval()
            with torch.no_grad():
                fake = views(val, model, val_fake_idx, dataset_up, torch.Generator().manual_seed(args.seed + 2))
                score = auc(critic(val['real'][val_real_idx]), critic(fake))
            critic.train()
            curve.append(dict(iter=it, seconds=round(time.time() - start, 1), val_auc=score))
            print(f'{model:>16} it {it:5d}  held-out AUC {score:.3f}', flush=True)
        if it == args.iters:
            break
        real = train['real'][torch.randint(len(train['real']), (args.batch_size,), generator=gen)]
        fake = views(train, model, torch.randint(len(train['real']), (args.batch_size,), generator=gen), dataset_up, gen)
        logits = torch.cat([critic(real), critic(fake)])
        labels = torch.cat([torch.ones(len(real)), torch.zeros(len(fake))])
        loss = F.binary_cross_entropy_with_logits(logits, labels)
        optim.zero_grad()
        loss.backward()
        optim.step()
    return dict(curve=curve, final_auc=curve[-1]['val_auc'], seconds=round(time.time() - start, 1))


DEPTH_FACTORS = (1.0, 0.5, 0.0, -1.0, 1.5)


def score_flow(path, val, dataset_up, view_models, seed):
    """Mean NLL per coordinate of a fitted flow: held-out real 2D, and each view model's views of the true 3D
    with its depths (about the root) scaled by each of DEPTH_FACTORS."""
    from models.checkpoint import load_lifter
    flow = load_lifter(path)
    if (flow.codec.scale, flow.codec.perspective) != ('max', False):
        raise SystemExit(f'error: {path} was fitted with another encoding; '
                         'this probe encodes as TIPSy does (max scale, no perspective)')
    idx = torch.arange(len(val['real']))
    nll = lambda v: round(float(flow.nll(v).mean()) / v[0].numel(), 4)
    result = dict(real=nll(val['real']), views={})
    for model in view_models:
        depth = {}
        for factor in DEPTH_FACTORS:
            scaled = dict(val, pose_mm=val['pose_mm'] * val['pose_mm'].new_tensor([1.0, 1.0, factor]))
            depth[f'x{factor}'] = nll(views(scaled, model, idx, dataset_up, torch.Generator().manual_seed(seed)))
        result['views'][model] = depth
        print(f'{model:>16} ' + '  '.join(f'{k}: {v:.3f}' for k, v in depth.items()), flush=True)
    return result


@main_guard
def main():
    args = parse_args()
    set_threads(args.threads)
    train, val = load(args, args.subjects.split(',')), load(args, [args.val_subject])
    dataset_up = train['up'].mean(0)
    dataset_up = dataset_up / dataset_up.norm()
    tilt = torch.rad2deg(torch.arccos(-train['up'][:, 1].clamp(-1, 1)))
    result = dict(subjects=args.subjects, val_subject=args.val_subject, stride=args.stride, iters=args.iters,
                  batch_size=args.batch_size, seed=args.seed, camera_tilt_deg_mean=float(tilt.mean()),
                  dataset_up=dataset_up.tolist(), view_models={})
    print(f'training cameras look down by {result["camera_tilt_deg_mean"]:.1f} deg on average; '
          f'{len(train["real"])} training and {len(val["real"])} held-out poses')
    if args.flow:
        with torch.no_grad():
            scores = score_flow(args.flow, val, dataset_up, args.view_models.split(','), args.seed)
        result['flow'] = dict(path=args.flow, **scores)
        print(f'held-out real 2D: {result["flow"]["real"]:.3f}')
        write_json(args.out, result)
    for model in [] if args.flow else args.view_models.split(','):
        result['view_models'][model] = train_critic(model, train, val, dataset_up, args)
        write_json(args.out, result)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()

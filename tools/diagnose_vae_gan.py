"""Why the VAE-GAN lifter stays near the flat pose: short training runs of its own train step, probed
every few iterations with the quantities that say which loss pushes the depths where.

Each --variant is one run from the same seed: a name, then config overrides (key=value). Every `--every`
iterations a fixed batch of training 2D and every `--val-stride`-th frame of a held-out subject are probed:
  - disc_auc: how often the discriminator scores a real 2D pose above a novel view of a lifted one (0.5:
    it cannot tell them apart), over all views and by azimuth; `disc_auc_flat`: the same against views of
    the lifted poses with their depths set to 0 (a flat pose, seen from the side, is a squashed one);
  - grad_*: RMS over the batch of the gradient each weighted loss sends to the decoder's depths, per joint
    and in all. The adversarial gradient is taken on views at +azimuth and -azimuth of the same pose:
    `adv_pair_cancel` is |g(+) + g(-)| / (|g(+)| + |g(-)|), 0 where the two cancel, as they must for a
    flat pose (its two views are the same 2D, and d(view)/d(depth) changes sign with the azimuth);
  - depth_spread: RMS depth about the pose's mean over the RMS 2D distance from its centre, for the lifted
    held-out poses and for their true 3D (`depth_spread_true`);
  - tanh_saturated: the share of the decoder's outputs in 2 tanh's flat tails (|pre-activation| > 2);
  - bn_width_shift_train / _eval: how much a batch of fakes shrunk to half their width changes the discriminator's mean
    score, with its batch norm on batch statistics (as it trains) against running statistics. Near 0 in
    training mode means batch norm normalises the width of a fake batch away before the critic sees it;
  - val_p1 / val_p2: held-out MPJPE and P-MPJPE (mm), ground-truth 2D.

    python tools/diagnose_vae_gan.py configs/lifters/vae_gan_h36m.py --data-2d gt2d.npz \
        --data-3d h36m_train_3d.npz --cameras h36m_cameras.json --iters 600 --every 50 \
        --variant shipped --variant no_disc_bn model.disc_norm=none --out benchmarks/vae_gan_diagnosis.json
"""
import argparse
import math
import time

import _bootstrap  # noqa: F401
import models  # noqa: F401
import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import DictAction
from mmengine.optim import build_optim_wrapper
from mmengine.registry import DefaultScope

from models.lifters.adversarial import generator_loss, ninety_degree_loss
from pipeline import metrics
from pipeline.codec import build_codec
from pipeline.cli import add_threads_argument, load_config, main_guard, set_threads
from pipeline.geometry.transforms import project_from_distance, rotate, rotation_between, rotation_matrix
from pipeline.io import write_json
from pipeline.registry import MODELS
from pipeline.training.h36m import H36M2DPoseDataset, load_h36m


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('config')
    p.add_argument('--data-2d', required=True, help='training 2D (.npz, comma-separated), as tools/train.py')
    p.add_argument('--data-3d', required=True, help='3D of the held-out subject, for the probes only')
    p.add_argument('--cameras', required=True)
    p.add_argument('--subjects', default='S1,S5,S6,S7')
    p.add_argument('--val-subject', default='S8')
    p.add_argument('--val-stride', type=int, default=50)
    p.add_argument('--iters', type=int, default=600)
    p.add_argument('--every', type=int, default=50)
    p.add_argument('--batch-size', type=int, default=1024)
    p.add_argument('--iters-per-epoch', type=int, default=20, help="the beta cycle's 'epoch', as the shipped run")
    p.add_argument('--variant', nargs='+', action='append', required=True, metavar='NAME [KEY=VALUE ...]')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--out', default='benchmarks/vae_gan_diagnosis.json')
    p.add_argument('--plot', help='PNG of the curves')
    add_threads_argument(p)
    return p.parse_args()


def auc(pos, neg):
    """P(score of a positive > score of a negative), ties half (Mann-Whitney)."""
    scores = torch.cat([pos, neg])
    ranks = scores.argsort().argsort().float() + 1
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def depth_spread(pose):
    """(N, J, 3) -> mean over poses of RMS depth about the pose's mean depth / RMS 2D distance from its centre."""
    z = pose[..., 2] - pose[..., 2].mean(-1, keepdims=True)
    xy = pose[..., :2] - pose[..., :2].mean(-2, keepdims=True)
    return float((np.sqrt((z ** 2).mean(-1)) / np.sqrt((xy ** 2).sum(-1).mean(-1))).mean())


def views(pose, azimuth, elevation, distance):
    return project_from_distance(rotate(pose, rotation_matrix(azimuth, elevation).to(pose)), distance)


def rms(g):
    """(N, J) -> (per joint (J,), overall) RMS over the batch."""
    return g.pow(2).mean(0).sqrt().tolist(), float(g.pow(2).mean().sqrt())


def probe(model, x, val, gen):
    """The diagnostics at the current weights (see the module docstring); x: encoded training 2D (N, J, 2)."""
    model.eval()
    d, disc, codec = model.distance, model.critic, model.codec  # critic: the scores the lifter is trained on
    out = {}
    with torch.no_grad():
        mu, logvar = model.encode(x)
        pre = model.generator['decoder'](mu)[0]
        out['tanh_saturated'] = float((pre.abs() > 2).float().mean())
        out['latent_sigma'] = float((0.5 * logvar).exp().mean())
        out['latent_mu_rms'] = float(mu.pow(2).mean().sqrt())
    decoded = model.decode(mu).detach().requires_grad_(True)
    pose = model.adversarial_pose(decoded, x)  # what the discriminator sees turned
    n = len(x)
    azimuth = torch.rand(n, generator=gen) * math.pi
    elevation = (torch.rand(n, generator=gen) * 2 - 1) * math.pi / 18

    def grad_of(loss):
        return torch.autograd.grad(loss, decoded, retain_graph=True)[0][..., 2]

    g_reproj = grad_of(model.w_reproj * F.l1_loss(project_from_distance(decoded, d), x))
    g_adv = [grad_of(model.w_adv * generator_loss(disc, codec.encode_2d(views(pose, s * azimuth, elevation, d)),
                                                  model.wgan)) for s in (1, -1)]
    grads = dict(reproj=g_reproj, adv=g_adv[0], adv_pair_mean=(g_adv[0] + g_adv[1]) / 2)
    if model.w_90:
        grads['ninety'] = grad_of(model.w_90 * ninety_degree_loss(model.depths, x, decoded[..., 2]))
    for name, g in grads.items():
        out[f'grad_{name}_per_joint'], out[f'grad_{name}'] = rms(g)
    out['adv_pair_cancel'] = float(((g_adv[0] + g_adv[1]).norm(dim=1)
                                    / (g_adv[0].norm(dim=1) + g_adv[1].norm(dim=1)).clamp_min(1e-12)).mean())
    with torch.no_grad():
        real = disc(x[torch.randperm(n, generator=gen)])
        signed = azimuth * torch.where(torch.rand(n, generator=gen) < 0.5, 1.0, -1.0)
        fake_2d = codec.encode_2d(views(pose, signed, elevation, d))
        fake = disc(fake_2d)
        flat = torch.cat([project_from_distance(pose, d), torch.zeros_like(pose[..., 2:])], -1)  # same 2D, no depth
        fake_flat = disc(codec.encode_2d(views(flat, signed, elevation, d)))
        out['disc_auc'], out['disc_auc_flat'] = auc(real, fake), auc(real, fake_flat)
        for lo, hi in ((0, 45), (45, 135), (135, 180)):
            sel = (azimuth >= math.radians(lo)) & (azimuth < math.radians(hi))
            out[f'disc_auc_az{lo}_{hi}'] = auc(real, fake[sel])
        for mode in ('train', 'eval'):
            model.discriminator.train(mode == 'train')
            full, half = disc(fake_2d), disc(fake_2d * torch.tensor([0.5, 1.0]))
            out[f'bn_width_shift_{mode}'] = float((full - half).mean() / full.std().clamp_min(1e-6))
        # The true 3D of held-out poses, turned the same way: as real as the critic can know real depth to be;
        # and the same after levelling them (world up along the image's -y), which a camera looking down
        # or up makes different: turned about the camera's vertical, a tilted person leans sideways.
        m = min(n, len(val['true']))
        for key in ('true', 'levelled'):
            seen = codec.encode_2d(views(val[key][:m], signed[:m], elevation[:m], d))
            out[f'disc_auc_{key}'] = auc(real, disc(seen))
        model.discriminator.eval()
        pred = model.codec.decode_3d(model.forward_tensor(val['x'])).numpy()
    out['val_p1'] = float(metrics.mpjpe(pred, val['pose_3d']).mean())
    out['val_p2'] = float(metrics.p_mpjpe(pred, val['pose_3d']).mean())
    out['depth_spread'] = depth_spread(pred)
    model.train()
    return out


def run_variant(args, name, options, train_2d, val):
    torch.manual_seed(args.seed)
    cfg = load_config(args.config, dict(options, **{'model.iters_per_epoch': args.iters_per_epoch}))
    model = MODELS.build(cfg.model)
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        optim = build_optim_wrapper(model, cfg.optim_wrapper)
    model.train()
    gen = torch.Generator().manual_seed(args.seed + 1)
    probe_x = train_2d.inputs[torch.randperm(len(train_2d), generator=gen)[:4096]]
    curve, start = [], time.time()
    for it in range(args.iters + 1):
        if it % args.every == 0:
            row = dict(iter=it, seconds=round(time.time() - start, 1), **probe(model, probe_x, val, gen))
            curve.append(row)
            print(f'{name:>16} it {it:5d}  P2 {row["val_p2"]:6.1f}  P1 {row["val_p1"]:6.1f}  '
                  f'depth spread {row["depth_spread"]:.2f}  disc auc {row["disc_auc"]:.2f} (flat {row["disc_auc_flat"]:.2f}, '
                  f'true 3D {row["disc_auc_true"]:.2f}, levelled {row["disc_auc_levelled"]:.2f})  '
                  f'grad adv/reproj {row["grad_adv"] / max(row["grad_reproj"], 1e-12):.3f}  '
                  f'cancel {row["adv_pair_cancel"]:.2f}  bn shift train/eval {row["bn_width_shift_train"]:.2f}/'
                  f'{row["bn_width_shift_eval"]:.2f}', flush=True)
        if it == args.iters:
            break
        batch = train_2d.__getitems__(torch.randint(len(train_2d), (args.batch_size,), generator=gen))
        log = model.train_step(batch, optim)
        if it % args.every == 0:
            curve[-1]["losses"] = {k: float(v) for k, v in log.items()}
    return dict(options=options, curve=curve, seconds=round(time.time() - start, 1), summary=summary(curve))


def summary(curve, last=0.25):
    """The mean of each scalar probe over the last `last` of the run (the docs' table), which smooths the
    adversarial oscillation from probe to probe."""
    tail = [row for row in curve if row['iter'] >= (1 - last) * curve[-1]['iter']]
    keys = [k for k, v in tail[0].items() if isinstance(v, float) and k != 'seconds']
    return {k: sum(row[k] for row in tail) / len(tail) for k in keys if all(k in row for row in tail)}


def plot(result, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    panels = (('val_p2', 'held-out P2 (mm, GT 2D)'), ('depth_spread', 'depth spread'),
              ('disc_auc', 'critic AUC: real vs lifted, turned'), ('disc_auc_true', 'critic AUC: real vs true 3D, turned'))
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.4))
    for name, run in result['variants'].items():
        its = [r['iter'] for r in run['curve']]
        for ax, (key, title) in zip(axes, panels):
            ax.plot(its, [r.get(key, float('nan')) for r in run['curve']], label=name)
            ax.set_title(title, fontsize=9)
            ax.set_xlabel('iteration', fontsize=8)
    axes[0].axhline(result['flat_pose_p2'], color='k', ls=':', lw=1, label='flat pose')
    axes[1].axhline(result['depth_spread_true'], color='k', ls=':', lw=1, label='true 3D')
    axes[3].axhline(0.5, color='k', ls=':', lw=1)
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


@main_guard
def main():
    args = parse_args()
    set_threads(args.threads)
    cfg = load_config(args.config)
    codec = cfg.model.codec
    train_2d = H36M2DPoseDataset(args.data_2d, args.subjects.split(','), flip_prob=0.5, codec=codec, device='cpu')
    data = load_h36m(args.data_3d, args.cameras, [args.val_subject], stride=args.val_stride)
    val = dict(x=build_codec(codec).encode_2d(torch.from_numpy(data['gt_2d'])), pose_3d=data['pose_3d'])
    true = torch.from_numpy(data['pose_3d'])
    true = true / (true[:, 10, :2] - true[:, 0, :2]).norm(dim=-1)[:, None, None]  # root-to-head 1 in the image
    up = torch.from_numpy(data['up']).to(true)
    val.update(true=true, levelled=rotate(true, rotation_between(up, torch.tensor([0.0, -1.0, 0.0]).expand_as(up))))
    tilt = torch.rad2deg(torch.arccos(-up[:, 1].clamp(-1, 1)))
    flat = np.concatenate([data['pose_3d'][..., :2], np.zeros_like(data['pose_3d'][..., 2:])], -1)
    result = dict(config=args.config, subjects=args.subjects, val_subject=args.val_subject, val_poses=len(data['pose_3d']),
                  iters=args.iters, batch_size=args.batch_size, seed=args.seed,
                  depth_spread_true=depth_spread(data['pose_3d']), camera_tilt_deg=float(tilt.mean()),
                  flat_pose_p2=float(metrics.p_mpjpe(flat, data['pose_3d']).mean()), variants={})
    print(f'camera tilt {result["camera_tilt_deg"]:.1f} deg; true depth spread {result["depth_spread_true"]:.2f}; flat pose P2 {result["flat_pose_p2"]:.1f} mm')
    for name, *options in args.variant:
        overrides = {}
        for opt in options:
            key, value = opt.split('=', 1)
            overrides[key] = DictAction._parse_iterable(value)
        result['variants'][name] = run_variant(args, name, overrides, train_2d, val)
        write_json(args.out, result)
        if args.plot:
            plot(result, args.plot)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()

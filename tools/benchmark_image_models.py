"""Image models on a benchmark with ground truth: poses of held-out subjects rendered as synthetic
people (image -> 3D); for the cross-modal VAE also its pose path on Human3.6M 2D (2D -> 3D) and a
t-SNE picture of its latent space of validation poses by action; for the kinematic autoencoder a grid
of novel image synthesis. MPJPE and P-MPJPE in mm; JSON out.

    python tools/benchmark_image_models.py configs/image/crossmodal_vae_cpu.py WORK_DIR/lifter.pth \
        --data-3d h36m_train_3d.npz --cameras h36m_cameras.json --subjects S8 \
        --out benchmarks/crossmodal_vae_cpu.json --latent-plot docs/crossmodal_latent.png \
        [--video REAL_VIDEO ...]   # agreement with the keypoint pipeline's 3D on real videos (no ground truth)
"""
import argparse
import json

import _bootstrap  # noqa: F401
import models  # noqa: F401
import numpy as np
import torch

from pipeline.cli import load_config, main_guard
from pipeline.errors import UserError
from pipeline.io import atomic_write, write_json


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--data-3d', required=True)
    p.add_argument('--cameras', required=True)
    p.add_argument('--subjects', default='S8', help='held out from training (the test subjects S9,S11 where you have them)')
    p.add_argument('--samples', type=int, default=600, help='rendered poses for the synthetic benchmark')
    p.add_argument('--stride', type=int, default=20, help='every n-th Human3.6M frame for the 2D -> 3D path')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--no-flip-test', action='store_true', help="read each crop's 2D alone, not averaged with its mirrored crop's")
    p.add_argument('--out', required=True)
    p.add_argument('--latent-plot', help='PNG of a t-SNE of the latent codes of validation 2D poses, by action')
    p.add_argument('--novel-views', help='PNG grid of novel image synthesis (models that synthesise), from --cache')
    p.add_argument('--cache', help='a prepared cache to take the novel-view frames from')
    p.add_argument('--video', nargs='+', default=[], help='real videos (held out from training): P1/P2 of the '
                   "image model's 3D against the keypoint pipeline's (bundled detector, shipped temporal lifter)")
    return p.parse_args()


def scores(pred, target):
    from pipeline import metrics
    return dict(mpjpe=float(metrics.mpjpe(pred, target).mean()), p_mpjpe=float(metrics.p_mpjpe(pred, target).mean()),
                n_mpjpe=float(metrics.n_mpjpe(pred, target).mean()), poses=int(len(pred)))


def synthetic_benchmark(model, world, samples, rng):
    """Render `samples` random poses (one person, random view, procedural background), crop them as the
    cache does, lift the crops -> scores against the rendered camera-frame 3D."""
    from pipeline import metrics
    from pipeline.training.synthetic import render_crops
    pick = rng.choice(len(world), min(samples, len(world)), replace=False)
    crops, keypoints, targets = render_crops(world[pick], model.image_size, rng)
    pred = model.lift_images(crops)
    # The same predictions against the next person's pose: a model that reads the pose from the image
    # scores far better against its own person's than against another's; one that answers at random, alike.
    other = float(metrics.p_mpjpe(pred, np.roll(targets, 1, axis=0)).mean())
    report = dict(scores(pred, targets), p_mpjpe_other_poses=other)
    if getattr(model, 'lifts_2d', False):  # image -> 2D -> 3D: where its image path loses, the 2D or the lifting
        report['via_2d'] = via_2d(model, crops, keypoints, targets)
    return report


@torch.no_grad()
def via_2d(model, crops, keypoints, targets):
    """The model's image -> 2D against the rendered 2D (px of the crop), and the 3D from that 2D through
    its pose path (image -> 2D -> 3D), and from the true 2D (the pose path's floor)."""
    from models.image.common import crops_2d, crops_to_tensor
    model.eval()
    kp2d = crops_2d(model, crops_to_tensor(crops, model.image_size, 'cpu'))
    true2d = torch.from_numpy(keypoints * (2 / crops.shape[1]) - 1).float()
    lift = lambda k: model.lift_2d(k).numpy() * model.unit_mm  # noqa: E731
    error_px = float((kp2d - true2d).norm(dim=-1).mean()) * crops.shape[1] / 2
    return dict(image_2d_error_px=error_px, crop_px=int(crops.shape[1]), image_2d_3d=scores(lift(kp2d), targets),
                true_2d_3d=scores(lift(true2d), targets))


@torch.no_grad()
def pose_path(model, x, pose_3d):
    """2D `x` (N, 17, 2) in [-1, 1] of its crop box -> 3D through the model's pose path (lift_2d), scored."""
    model.eval()
    pred = torch.cat([model.lift_2d(x[i:i + 4096]) for i in range(0, len(x), 4096)]).numpy()
    return scores(pred * model.unit_mm, pose_3d)


@torch.no_grad()
def latent_codes(model, x):
    """The cross-modal VAE's latent means of 2D poses `x`."""
    return torch.cat([model.encode('pose2d', x[i:i + 4096])[0] for i in range(0, len(x), 4096)]).numpy()


def latent_plot(codes, actions, path, rng, n=2000):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from sklearn.manifold import TSNE
    keep = rng.choice(len(codes), min(n, len(codes)), replace=False)
    xy = TSNE(init='pca', random_state=0, perplexity=30).fit_transform(codes[keep])
    fig, ax = plt.subplots(figsize=(7, 6), dpi=120)
    names = sorted(set(actions[keep]))
    cmap = plt.get_cmap('tab20')
    for i, name in enumerate(names):
        m = actions[keep] == name
        ax.scatter(xy[m, 0], xy[m, 1], s=4, color=cmap(i % 20), label=name)
    ax.legend(markerscale=3, fontsize=7, ncol=2)
    ax.set_title('Cross-modal VAE: t-SNE of the latent codes of validation 2D poses')
    ax.set_xticks([])
    ax.set_yticks([])
    fig.tight_layout()
    with atomic_write(path) as tmp:
        fig.savefig(tmp, format='png')
    plt.close(fig)


@torch.no_grad()
def novel_view_grid(model, cache, path, rng, n=6):
    """The seed's Figure 3: rows of pose source, appearance source (another clip), background (a third),
    and the synthesis of that pose with that appearance over that background."""
    import cv2

    from models.image.common import image_grid
    from pipeline.training.video_cache import VideoPairDataset
    if not hasattr(model, 'novel_views') or cache is None:
        raise UserError('--novel-views needs a model that synthesises images (kinematic_ae) and --cache')
    data = VideoPairDataset(cache, 'paired', image_size=model.image_size)
    pick = [data[int(i)] for i in rng.choice(len(data), 3 * n, replace=False)]
    rows = [torch.stack([p['target'] for p in pick[k * n:(k + 1) * n]]) for k in range(3)]
    rows[2] = torch.stack([p['background'] for p in pick[2 * n:]])
    rows.append(model.novel_views(*rows))
    image = image_grid(rows)
    ok, png = cv2.imencode('.png', cv2.resize(image, None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST))
    with atomic_write(path) as tmp:
        open(tmp, 'wb').write(png.tobytes())


def video_agreement(model, video, lifter, detector):
    """The image model's 3D against the keypoint pipeline's on the same tracks of a real video. Not ground
    truth: it says whether the image model sees the same person in the same pose."""
    from pipeline.frames.sources import VideoSource
    from pipeline.geometry.camera import assumed_intrinsics
    from pipeline.runtime.video import detect_tracks, lift_tracks, lift_tracks_from_images
    source = VideoSource(video)
    tracks, _ = detect_tracks(source, detector, progress=False)
    keypoints = lift_tracks(tracks, lifter, source.fps, intrinsics=assumed_intrinsics(source.width, source.height))
    images = lift_tracks_from_images(lambda: VideoSource(video), tracks, model, source.fps, progress=False)
    if not keypoints:
        raise UserError(f'no person tracked in {video}')
    ref = np.concatenate([t['pose_3d'] for t in keypoints.values()])
    pred = np.concatenate([images[k]['pose_3d'] for k in keypoints])
    # For scale: the best constant answer, the reference's own mean pose.
    report = dict(scores(pred, ref), constant_mean_pose=scores(np.broadcast_to(ref.mean(0), ref.shape), ref))
    if getattr(model, 'lifts_2d', False):  # its image -> 2D against the detector's on real frames
        report['image_2d_vs_detector_px'] = video_2d_agreement(model, video, images)
    return report


@torch.no_grad()
def video_2d_agreement(model, video, tracks):
    """The image model's 2D of each crop against the detector's keypoints in the same crop (median over
    frames of the mean joint distance, px of the crop): on real frames, where the synthetic benchmark's
    exact 2D is not to be had, how far the image read strays from the detector's."""
    from models.image.common import crops_2d, crops_to_tensor
    from pipeline.frames.sources import VideoSource
    from pipeline.people.crops import crop_unit
    from pipeline.runtime.video import track_crops
    model.eval()
    errors = []
    for tid, (crops, boxes) in track_crops(lambda: VideoSource(video), tracks, model.image_size).items():
        seen = crops_2d(model, crops_to_tensor(crops, model.image_size, 'cpu')).numpy()
        errors.append(np.linalg.norm(seen - crop_unit(tracks[tid]['keypoints_2d'], boxes), axis=-1).mean(1))
    return float(np.median(np.concatenate(errors))) * model.image_size / 2


@main_guard
def main():
    args = parse_args()
    from models.checkpoint import load_lifter
    from pipeline.training.h36m import _open_npz, load_h36m
    cfg = load_config(args.config)
    model = load_lifter(args.checkpoint)
    if type(model).__name__ != cfg.model.type:
        raise UserError(f'{args.checkpoint} holds a {type(model).__name__}, not a {cfg.model.type}')
    model.flip_test = not args.no_flip_test
    rng = np.random.default_rng(args.seed)
    poses = _open_npz(args.data_3d, '3D pose')  # world poses, rendered from new views
    world = np.concatenate([poses[k][::args.stride] for k in poses.files if k.split('/')[0] in args.subjects.split(',')])
    report = dict(config=args.config, checkpoint=args.checkpoint, subjects=args.subjects, flip_test=model.flip_test,
                  synthetic=synthetic_benchmark(model, world, args.samples, rng))
    if getattr(model, 'lifts_2d', False):  # its 2D -> 3D path on Human3.6M's views, and a VAE's latent space
        from pipeline.people.crops import frame_crop_unit
        data = load_h36m(args.data_3d, args.cameras, args.subjects.split(','), stride=args.stride)
        x = torch.from_numpy(frame_crop_unit(data['gt_2d'])).float()
        report['pose_path_h36m'] = pose_path(model, x, data['pose_3d'])
        if args.latent_plot and hasattr(model, 'encoders'):
            latent_plot(latent_codes(model, x), data['action'], args.latent_plot, rng)
    if args.video:
        from models.shipped import load_demo_lifter
        from pipeline.people.detectors import build_detector
        lifter, detector = load_demo_lifter(), build_detector('mediapipe')
        report['real_video_agreement'] = {v: video_agreement(model, v, lifter, detector) for v in args.video}
    if args.novel_views:
        novel_view_grid(model, args.cache, args.novel_views, rng)
    print(json.dumps(report, indent=1))
    write_json(args.out, report)


if __name__ == '__main__':
    main()

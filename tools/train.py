"""Train a model from a config with mmengine's Runner.

    python tools/train.py configs/lifters/simple_baseline_h36m.py \
        --data-3d ../shared/data/h36m/h36m_train_3d.npz --data-2d ../shared/data/h36m/h36m_train_sh2d.npz \
        --cameras ../shared/data/h36m/h36m_cameras.json --work-dir work_dirs/simple_baseline
    # after an interruption, the same command with --resume continues from the last checkpoint, bit-exactly
    # a campaign over several sittings: each sitting trains for its budget, checkpoints and exits 0
    python tools/train.py CONFIG ... --work-dir W --time-budget 2h30m --threads 1 --resume
    # a lifter that trains without 3D, scored on a held-out subject's 3D as it goes (campaign.json)
    python tools/train.py configs/lifters/tipsy_solo_h36m.py --data-2d gt2d.npz --val-subjects S8 \
        --data-3d ../shared/data/h36m/h36m_train_3d.npz --cameras ../shared/data/h36m/h36m_cameras.json
    # distributed: torchrun --nproc_per_node 2 tools/train.py CONFIG ... --launcher pytorch
"""
import argparse
import os
import sys

import _bootstrap  # noqa: F401
import models  # noqa: F401  (registers every model, hook and optimiser wrapper)
from mmengine.config import DictAction

from pipeline.cli import add_threads_argument, config_errors, load_config, main_guard, set_threads
from pipeline.errors import UserError


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('config')
    p.add_argument('--work-dir', help='where checkpoints and logs go (default: work_dirs/<config name>)')
    p.add_argument('--resume', action='store_true', help='resume from the latest checkpoint in the work dir')
    p.add_argument('--data-3d', help='Human3.6M 3D poses (.npz)')
    p.add_argument('--data-2d', help='2D detections (.npz), for --input sh or mix')
    p.add_argument('--cameras', help='camera parameters (.json)')
    p.add_argument('--data', help='a prepared cache folder (image models)')
    p.add_argument('--cfg-options', nargs='+', action=DictAction, help='override config keys, key=value')
    p.add_argument('--launcher', choices=['none', 'pytorch'], default='none')
    p.add_argument('--time-budget', help='train this long (2h30m, 90m, 45s), then save a checkpoint and exit 0; '
                                         'continue with --resume (<work_dir>/campaign.json keeps one curve)')
    p.add_argument('--val-subjects', help='for lifters trained without 3D: every --val-interval iterations, lift '
                                          'these subjects\' ground-truth 2D and score it against their 3D (--data-3d), '
                                          'into campaign.json; never used to train or to pick weights')
    p.add_argument('--val-interval', type=int, default=500)
    add_threads_argument(p)
    return p.parse_args()


def set_data_paths(cfg, **paths):
    """Fill the data paths given on the command line into every dataloader's dataset."""
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dataset = (cfg.get(loader) or {}).get('dataset')
        if dataset is None:
            continue
        for key, value in paths.items():
            # A missing path is reported by the dataset itself, which knows whether it needs it.
            if value is not None and key in dataset:
                dataset[key] = value


def add_heldout_validation(cfg, subjects, interval, stride=10):
    """A validation loop for a config that trains without 3D (the unsupervised lifters): the ground-truth 2D of
    `subjects` (every `stride`-th frame), encoded with the lifter's own codec, lifted and scored against their 3D
    every `interval` iterations. The metrics only go to the records (campaign.json, val_history.json): the
    exported weights are the run's weight average whatever they say, so the 3D steers nothing."""
    from pipeline.registry import MODELS
    from models.lifters.base import BaseLifter
    from pipeline.training.h36m import subject_list
    if cfg.get('val_dataloader') is not None:
        raise UserError('--val-subjects is for configs that train without 3D; this one validates already '
                        '(--cfg-options val_dataloader.dataset.subjects=... picks its subjects)')
    model = MODELS.get(cfg.model.get('type'))
    if model is None or not issubclass(model, BaseLifter):
        raise UserError(f'--val-subjects scores a lifter; {cfg.model.get("type")} is not one')
    seen = set(subject_list(cfg.train_dataloader.dataset.get('subjects'))) & set(subject_list(subjects))
    if seen:
        print(f'note: the 2D of {",".join(sorted(seen))} is also in this run\'s training (its 3D is not)',
              file=sys.stderr)
    cfg.val_dataloader = dict(
        batch_size=4096, num_workers=0, collate_fn=dict(type='lift3d.batch_collate'),
        sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(type='H36MLiftingDataset', data_3d=None, cameras=None, subjects=subjects, input='gt',
                     stride=stride, codec=cfg.model.codec))
    cfg.val_evaluator = dict(type='H36MMetric')
    cfg.val_cfg = dict(type='ValLoop')
    cfg.train_cfg.val_interval = interval


def init_cpu_distributed(threads=None):
    """mmengine's pytorch launcher calls torch.cuda.set_device; without a GPU, start gloo ourselves."""
    import torch.distributed as dist
    set_threads(threads or max(1, (os.cpu_count() or 1) // int(os.environ.get('WORLD_SIZE', 1))))
    dist.init_process_group('gloo')


@main_guard
def main():
    args = parse_args()
    set_threads(args.threads)
    import torch
    from models.campaign import parse_duration
    from mmengine.runner import Runner, find_latest_checkpoint
    from pathlib import Path

    cfg = load_config(args.config, args.cfg_options)
    if args.val_subjects is not None:
        if args.data_3d is None or args.cameras is None:
            raise UserError('--val-subjects scores against 3D: give --data-3d and --cameras')
        add_heldout_validation(cfg, args.val_subjects, args.val_interval)
    paths = dict(data_3d=args.data_3d, data_2d=args.data_2d, cameras=args.cameras)
    if args.data is not None:
        paths['data_root'] = args.data
    set_data_paths(cfg, **paths)
    cfg.work_dir = args.work_dir or str(Path('work_dirs') / Path(args.config).stem)
    cfg.launcher = args.launcher
    if args.time_budget is not None:
        if cfg.train_cfg.get('type') != 'CampaignTrainLoop':
            raise UserError(f'--time-budget needs train_cfg.type=CampaignTrainLoop; {args.config} uses '
                            f'{cfg.train_cfg.get("type")}')
        cfg.train_cfg.time_budget = parse_duration(args.time_budget)
    # --resume continues this work dir's own run. Given a load_from as well, mmengine would resume from
    # that (the weights a fine-tune starts from) and restore its iteration and schedule; so load_from only
    # seeds a run that has no checkpoint yet.
    cfg.resume = args.resume and find_latest_checkpoint(cfg.work_dir) is not None
    if cfg.resume:
        cfg.load_from = None
    if args.launcher == 'pytorch' and not torch.cuda.is_available():
        init_cpu_distributed(args.threads)
        wrapper = cfg.get('model_wrapper_cfg') or dict(type='MMDistributedDataParallel', broadcast_buffers=False)
        cfg.model_wrapper_cfg = dict(wrapper, device_ids=None)  # CPU processes: no device to pin
    with config_errors():
        runner = Runner.from_cfg(cfg)
        runner.train()
    if getattr(runner.train_loop, 'out_of_time', False) and runner.rank == 0:
        print(f'time budget spent after iteration {runner.iter} of {runner.train_loop.max_iters}: '
              f'continue with the same command and --resume', file=sys.stderr)
    if torch.distributed.is_initialized():
        # Left to interpreter shutdown, gloo's worker threads can abort the process (SIGABRT, "terminate
        # called without an active exception"): one DDP run in CI failed that way after training.
        torch.distributed.destroy_process_group()


if __name__ == '__main__':
    main()

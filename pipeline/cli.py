"""Shared command-line plumbing: bad input ends in one clear line and a non-zero exit, never a traceback wall."""
import sys
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

from pipeline.errors import UserError


def main_guard(main):
    @wraps(main)
    def run(*args, **kwargs):
        try:
            return main(*args, **kwargs)
        except UserError as e:
            print(f'error: {e}', file=sys.stderr)
            sys.exit(2)
        except KeyboardInterrupt:
            print('interrupted', file=sys.stderr)
            sys.exit(130)
    return run


def load_config(path, cfg_options=None):
    """mmengine Config from a file, with --cfg-options merged; unknown or malformed input -> UserError."""
    from mmengine.config import Config
    if not Path(path).is_file():
        raise UserError(f'config not found: {path}')
    try:
        cfg = Config.fromfile(path)
    except Exception as e:  # mmengine raises many kinds for a broken file
        raise UserError(f'cannot read config {path}: {e}') from None
    if cfg_options:
        for key in cfg_options:
            # A new argument of a buildable part (a dict with 'type') is allowed: building checks it.
            parent = key.rpartition('.')[0]
            if not (_has_key(cfg, key) or (parent and _has_key(cfg, parent + '.type'))):
                raise UserError(f'config key {key!r} does not exist in {path}')
        cfg.merge_from_dict(cfg_options)
    return cfg


def _has_key(cfg, dotted):
    node = cfg.to_dict()
    for part in dotted.split('.'):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, (list, tuple)) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return True


@contextmanager
def config_errors():
    """Turn mmengine's errors for a bad config (unknown type, wrong argument) into one-line UserErrors."""
    try:
        yield
    except TypeError as e:
        if 'keyword argument' not in str(e):
            raise
        raise UserError(f'config error: {e}') from None
    except KeyError as e:
        if 'registry' not in str(e):
            raise
        raise UserError(f'config error: {e.args[0]}') from None


def focal_length(text):
    """--focal's type: a positive, finite number of pixels (argparse passes UserError through to main_guard)."""
    try:
        focal = float(text)
    except ValueError:
        focal = float('nan')
    if not 0 < focal < float('inf'):
        raise UserError(f'--focal must be a positive focal length in pixels, got {text}')
    return focal


def add_focal_argument(parser):
    parser.add_argument('--focal', type=focal_length, help="the camera's focal length in pixels, if known "
                                                           '(default: the longer image side, a 53-degree field of view)')


def add_threads_argument(parser):
    parser.add_argument('--threads', type=int, help='CPU threads for torch and OpenCV (default: all cores); '
                                                    'leave some to the foreground when training in the background')


def set_threads(n):
    """Use n CPU threads in torch (intra- and inter-op) and OpenCV, and in the processes this one starts."""
    if n is None:
        return
    if n < 1:
        raise UserError(f'--threads must be at least 1, got {n}')
    import os

    import cv2
    import torch
    os.environ['OMP_NUM_THREADS'] = os.environ['MKL_NUM_THREADS'] = str(n)
    torch.set_num_threads(n)
    try:
        torch.set_num_interop_threads(n)
    except RuntimeError:  # only settable before the first parallel work; the intra-op count is what matters
        pass
    cv2.setNumThreads(n)

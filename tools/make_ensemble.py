"""Join single-frame lifters trained apart into one LifterEnsemble checkpoint (the mean of their 3D).

    python tools/make_ensemble.py work_dirs/a/lifter.pth work_dirs/b/lifter.pth --out ensemble.pth

The members must share a codec (the ensemble lifts through it once). The result loads like any
lifter checkpoint, with a config whose model is dict(type='LifterEnsemble', members=[...], codec=...).
"""
import argparse

import _bootstrap  # noqa: F401
import models  # noqa: F401  (registers every model)

from pipeline.cli import main_guard
from pipeline.errors import UserError


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('members', nargs='+', help='lifter checkpoints (lifter.pth from tools/train.py)')
    p.add_argument('--out', required=True, help='where to write the ensemble checkpoint')
    return p.parse_args()


def ensemble_of(paths):
    """(model, model_cfg, meta) of the ensemble of the lifters in `paths`."""
    from models.checkpoint import load_lifter, read_checkpoint
    from pipeline.registry import MODELS, build
    cfgs = [dict(read_checkpoint(p)['model']) for p in paths]
    codecs = [cfg.pop('codec', None) for cfg in cfgs]
    if any(c != codecs[0] for c in codecs):
        raise UserError('the members use different codecs: ' + '; '.join(f'{p}: {c}' for p, c in zip(paths, codecs)))
    for cfg in cfgs:
        cfg.pop('flip_test', None)  # the ensemble's own flip test applies
    model_cfg = dict(type='LifterEnsemble', members=cfgs, **({'codec': codecs[0]} if codecs[0] else {}))
    model = build(MODELS, model_cfg)
    meta = dict(members=[])
    for member, path in zip(model.members, paths):
        lifter = load_lifter(path)
        member.load_state_dict(lifter.state_dict())
        meta['members'].append(dict(lifter.meta, checkpoint=str(path)))
    return model, model_cfg, meta


@main_guard
def main():
    from models.checkpoint import export_lifter
    args = parse_args()
    model, model_cfg, meta = ensemble_of(args.members)
    export_lifter(model, model_cfg, args.out, meta)
    print(f'wrote {args.out}: {len(args.members)} x {model_cfg["members"][0]["type"]}')


if __name__ == '__main__':
    main()

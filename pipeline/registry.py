"""Registries for the parts that really swap (lifters, image models, detectors, codecs, datasets, metrics).

They are children of mmengine's root registries under the scope 'lift3d', so mmengine's Runner
builds our parts from configs that set `default_scope = 'lift3d'`. Registries we add nothing to
(loops, schedulers, visualisers...) still get a child, so lookups under our scope reach mmengine's.
"""
import sys

from mmengine import registry as mm
from mmengine.registry import Registry

SCOPE = 'lift3d'
# mmengine imports `<scope>.registry` whenever it builds under a scope (OpenMMLab packages are named
# after their scope) and warns when that fails; ours is this module.
sys.modules.setdefault(f'{SCOPE}.registry', sys.modules[__name__])

MODELS = Registry('model', parent=mm.MODELS, scope=SCOPE, locations=['models'])
DATASETS = Registry('dataset', parent=mm.DATASETS, scope=SCOPE, locations=['pipeline.training.h36m'])
METRICS = Registry('metric', parent=mm.METRICS, scope=SCOPE, locations=['pipeline.training.h36m'])
HOOKS = Registry('hook', parent=mm.HOOKS, scope=SCOPE, locations=['models.checkpoint', 'models.hooks', 'models.campaign'])
LOOPS = Registry('loop', parent=mm.LOOPS, scope=SCOPE, locations=['models.campaign'])
FUNCTIONS = Registry('function', parent=mm.FUNCTIONS, scope=SCOPE, locations=['pipeline.training.h36m'])
OPTIM_WRAPPERS = Registry('optim_wrapper', parent=mm.OPTIM_WRAPPERS, scope=SCOPE, locations=['models.optim'])
OPTIM_WRAPPER_CONSTRUCTORS = Registry('optimizer wrapper constructor', parent=mm.OPTIM_WRAPPER_CONSTRUCTORS,
                                      scope=SCOPE, locations=['models.optim'])
PARAM_SCHEDULERS = Registry('parameter scheduler', parent=mm.PARAM_SCHEDULERS, scope=SCOPE,
                            locations=['models.optim'])
CODECS = Registry('codec', scope=SCOPE, locations=['pipeline.codec'])
DETECTORS = Registry('detector', scope=SCOPE, locations=['pipeline.people.detectors', 'pipeline.people.mediapipe_detector'])

_PASS_THROUGH = {name: Registry(getattr(mm, name).name, parent=getattr(mm, name), scope=SCOPE)
                 for name in ('RUNNERS', 'RUNNER_CONSTRUCTORS', 'LOG_PROCESSORS', 'OPTIMIZERS',
                              'VISUALIZERS', 'VISBACKENDS',
                              'MODEL_WRAPPERS', 'WEIGHT_INITIALIZERS', 'DATA_SAMPLERS', 'TRANSFORMS',
                              'EVALUATOR', 'TASK_UTILS', 'INFERENCERS')}


def build(registry, cfg):
    """registry.build(cfg) under our scope: building mmpose/mmdet models switches mmengine's default
    scope to theirs, after which a plain build would look for our parts in their registries."""
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope(SCOPE):
        return registry.build(cfg)

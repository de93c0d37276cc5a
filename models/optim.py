"""Optimiser wrappers: bf16 autocast where the hardware computes bf16 natively, and one optimiser per
submodule; an exponential learning-rate schedule with warm restarts.

mmengine's AmpOptimWrapper refuses to run without a GPU, yet bf16 matrix work is ~5x faster than fp32 on
CPUs with AVX-512 BF16 / AMX (Sapphire Rapids) and needs no loss scaling, so this wrapper only adds the
autocast context. On a CPU without them (AVX2 only: AMD Zen 3, older Intel) bf16 is emulated and was
measured ~100x *slower* than fp32 (0.9 against 105 GFLOPS on 2 cores), so there it trains in fp32.
"""
from contextlib import contextmanager

import torch
from torch import nn
from mmengine.model import is_model_wrapper
from mmengine.optim import OptimWrapper, OptimWrapperDict, build_optim_wrapper
from mmengine.optim.scheduler.lr_scheduler import LRSchedulerMixin
from mmengine.optim.scheduler.param_scheduler import _ParamScheduler

from pipeline.registry import OPTIM_WRAPPER_CONSTRUCTORS, OPTIM_WRAPPERS, PARAM_SCHEDULERS


def native_bf16(device='cpu'):
    """Whether `device` ('cpu' or 'cuda') computes bf16 matrix products in hardware."""
    if device == 'cuda':
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    cpu = torch._C._cpu
    return any(getattr(cpu, probe, lambda: False)() for probe in ('_is_amx_tile_supported', '_is_avx512_bf16_supported'))


def training_dtype(device='cpu', bf16='auto'):
    """The precision a BF16OptimWrapper trains in on `device`: bf16 (autocast) or fp32."""
    return torch.bfloat16 if (native_bf16(device) if bf16 == 'auto' else bf16) else torch.float32


@OPTIM_WRAPPERS.register_module()
class BF16OptimWrapper(OptimWrapper):
    """bf16 autocast around the forward pass. bf16='auto': only where the device does bf16 natively
    (CUDA, AMX / AVX-512 BF16 CPUs), fp32 elsewhere; True / False force it."""

    def __init__(self, *args, bf16='auto', **kwargs):
        super().__init__(*args, **kwargs)
        self.bf16 = bf16

    @contextmanager
    def optim_context(self, model):
        device = next(model.parameters()).device.type
        enabled = training_dtype(device, self.bf16) == torch.bfloat16
        with super().optim_context(model), torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=enabled):
            yield


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class SubmoduleOptimWrapperConstructor:
    """One optimiser wrapper per named submodule (a GAN's generator and discriminator):
    optim_wrapper = dict(constructor='SubmoduleOptimWrapperConstructor', generator=dict(...), discriminator=dict(...)).
    An entry with `modules=[names]` optimises those submodules together under its own name (a model
    with one optimiser per loss)."""

    def __init__(self, optim_wrapper_cfg, paramwise_cfg=None):
        self.cfgs = optim_wrapper_cfg

    def __call__(self, model):
        model = model.module if is_model_wrapper(model) else model
        wrappers = {}
        for name, cfg in self.cfgs.items():
            cfg = dict(cfg)
            modules = [getattr(model, m) for m in cfg.pop('modules', [name]) if getattr(model, m) is not None]
            wrappers[name] = build_optim_wrapper(modules[0] if len(modules) == 1 else nn.ModuleList(modules), cfg)
        return OptimWrapperDict(**wrappers)


@PARAM_SCHEDULERS.register_module()
class RestartingExponentialLR(LRSchedulerMixin, _ParamScheduler):
    """Exponential decay in stages (warm restarts): stage k starts at peak_k times the optimiser's lr and
    decays to `final` of that over its iterations. stages: [(iterations, peak), ...].

    A schedule that grew stage by stage (a CPU run continued with load_from) is then one config that one
    run reproduces, and the closed form resumes mid-stage exactly.
    """

    def __init__(self, optimizer, stages, final=0.01, by_epoch=False, begin=None, end=None, **kwargs):
        # begin/end (which the Runner may pass) are ignored: the stages span the schedule.
        self.stages, self.final = [(int(n), float(peak)) for n, peak in stages], float(final)
        super().__init__(optimizer, begin=0, end=sum(n for n, _ in self.stages), by_epoch=by_epoch, **kwargs)

    def _get_value(self):
        t = self.last_step
        for n, peak in self.stages:
            if t < n:
                break
            t -= n
        return [base * peak * self.final ** (t / n) for base in self.base_values]

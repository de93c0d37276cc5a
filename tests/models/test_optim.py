"""The warm-restart learning-rate schedule: its values, and a resume that lands mid-stage."""
import pytest
import torch

import models  # noqa: F401  (registers the scheduler)
from pipeline.registry import PARAM_SCHEDULERS, build

STAGES = [(4, 1.0), (2, 0.5)]


def schedule(lr=1e-3):
    optimizer = torch.optim.Adam(torch.nn.Linear(2, 2).parameters(), lr=lr)
    return optimizer, build(PARAM_SCHEDULERS, dict(type='RestartingExponentialLR', optimizer=optimizer, stages=STAGES))


def run(optimizer, scheduler, steps):
    lrs = []
    for _ in range(steps):
        lrs.append(optimizer.param_groups[0]['lr'])
        optimizer.step()
        scheduler.step()
    return lrs


def test_each_stage_decays_to_one_percent_of_its_peak_then_restarts():
    lrs = run(*schedule(), 6)
    expected = [1e-3 * 0.01 ** (t / 4) for t in range(4)] + [5e-4, 5e-4 * 0.1]
    assert lrs == pytest.approx(expected, rel=1e-9)


def test_resume_continues_the_schedule_mid_stage():
    optimizer, scheduler = schedule()
    run(optimizer, scheduler, 3)
    state = scheduler.state_dict()
    # A fresh process: new optimiser and scheduler, state restored as mmengine's resume does.
    optimizer2, scheduler2 = schedule()
    optimizer2.param_groups[0]['lr'] = optimizer.param_groups[0]['lr']
    scheduler2.load_state_dict(state)
    assert run(optimizer2, scheduler2, 3) == pytest.approx(run(*schedule(), 6)[3:], rel=1e-9)

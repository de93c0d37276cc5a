"""Campaigns: a run stopped by its time budget and resumed trains exactly as one uninterrupted run, and
campaign.json reads as one curve over the sittings."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from models.campaign import parse_duration
from pipeline.errors import UserError

ROOT = Path(__file__).resolve().parents[2]
CONFIG = 'configs/lifters/simple_baseline_h36m.py'
ITERS, BATCH = 40, 64
# A narrow network with dropout, flips and mixed 2D sources (every kind of randomness a step draws),
# every iteration's loss logged unsmoothed, a campaign point every 10 iterations.
OPTS = ['model.hidden=32', f'train_dataloader.batch_size={BATCH}', 'train_dataloader.dataset.subjects=S1',
        'train_dataloader.dataset.stride=50', 'val_dataloader.dataset.subjects=S8', 'val_dataloader.dataset.stride=200',
        f'train_cfg.max_iters={ITERS}', 'train_cfg.val_interval=1000', 'default_hooks.checkpoint.interval=1000',
        'default_hooks.logger.interval=1', 'log_processor.window_size=1', 'default_hooks.campaign.interval=10']


def train(paths, work, *extra):
    cmd = [sys.executable, 'tools/train.py', CONFIG, '--data-3d', str(paths['data_3d']), '--data-2d',
           str(paths['data_2d']), '--cameras', str(paths['cameras']), '--work-dir', str(work), '--threads', '1',
           *extra, '--cfg-options', *OPTS]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def losses(work):
    """{iteration: loss} over every run in the work dir (each run logs to its own timestamped folder)."""
    out = {}
    for f in sorted(work.glob('*/vis_data/scalars.json')):
        for line in f.read_text().splitlines():
            record = json.loads(line)
            if 'loss' in record:
                out[record['step']] = record['loss']
    return out


def test_budget_stop_and_resume_is_bit_exact(h36m_paths, tmp_path):
    train(h36m_paths, tmp_path / 'straight')
    # A budget of 0 stops after the first iteration of each run: two interruptions, then the rest.
    stopped = train(h36m_paths, tmp_path / 'campaign', '--time-budget', '0')
    assert 'time budget spent after iteration 1 of 40' in stopped.stderr
    train(h36m_paths, tmp_path / 'campaign', '--time-budget', '0s', '--resume')
    train(h36m_paths, tmp_path / 'campaign', '--resume')

    straight, resumed = losses(tmp_path / 'straight'), losses(tmp_path / 'campaign')
    assert sorted(straight) == sorted(resumed) == list(range(1, ITERS + 1))
    # Same sampler position, same dropout masks, flips and 2D sources: the same floats, not just close ones.
    assert [resumed[i] for i in straight] == [straight[i] for i in straight]

    record = json.loads((tmp_path / 'campaign' / 'campaign.json').read_text())
    runs = record['runs']
    assert [r['status'] for r in runs] == ['budget', 'budget', 'finished']
    assert [(r['start_iter'], r['end_iter']) for r in runs] == [(0, 1), (1, 2), (2, ITERS)]
    assert runs[-1]['samples'] == [2 * BATCH, ITERS * BATCH] and all(r['threads'] == 1 for r in runs)
    points = record['points']
    assert [p['iter'] for p in points if 'loss' in p] == [10, 20, 30, 40]
    assert [p['samples'] for p in points if 'loss' in p] == [10 * BATCH, 20 * BATCH, 30 * BATCH, 40 * BATCH]
    assert any('h36m/mpjpe' in p for p in points)  # the validation at the end joins the curve
    walls = [p['wall_s'] for p in points]
    assert walls == sorted(walls) and record['total']['samples'] == ITERS * BATCH

    png = tmp_path / 'campaign.png'
    plot = subprocess.run([sys.executable, 'tools/plot_campaign.py', str(tmp_path / 'campaign'), '--out', str(png)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert plot.returncode == 0, plot.stderr[-2000:]
    assert png.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'


def test_a_killed_run_is_marked_interrupted_and_its_lost_points_dropped(tmp_path):
    """What a resume after a kill finds: the killed run still 'running', points past its last checkpoint."""
    from models.campaign import CampaignHook

    class Runner:
        work_dir, rank, iter = str(tmp_path), 0, 20
        train_dataloader = type('Loader', (), {'batch_size': 8})()
    (tmp_path / 'campaign.json').write_text(json.dumps(dict(
        runs=[dict(status='running', start_iter=0, end_iter=25, samples=[0, 200], wall_s=5.0)],
        points=[dict(iter=10, samples=80, wall_s=2.0, run=0, loss=1.0),
                dict(iter=20, samples=160, wall_s=4.0, run=0, loss=0.5),
                dict(iter=25, samples=200, wall_s=5.0, run=0, loss=0.4)])))
    hook = CampaignHook(interval=10)
    hook.wall_before, hook.samples_before = 4.0, 160  # what the iteration-20 checkpoint carried
    hook.before_train(Runner())
    record = json.loads((tmp_path / 'campaign.json').read_text())
    assert [r['status'] for r in record['runs']] == ['interrupted', 'running']
    assert [p['iter'] for p in record['points']] == [10, 20]
    assert record['runs'][1]['start_iter'] == 20 and record['runs'][1]['samples'] == [160, 160]


@pytest.mark.parametrize('text, seconds', [('2h30m', 9000), ('90m', 5400), ('45s', 45), ('1.5h', 5400),
                                           ('3600', 3600), ('0', 0), ('1h0m30s', 3630)])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize('text', ['', 'soon', '2d', '-5m', 'h'])
def test_parse_duration_refuses_what_it_cannot_read(text):
    with pytest.raises(UserError, match='cannot read the duration'):
        parse_duration(text)

"""The command-line tools as a user runs them: training, kill and resume, evaluation, DDP, bad input."""
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = 'configs/lifters/simple_baseline_h36m.py'
# Tiny and fast: a narrow network, one subject, every 50th frame.
TINY = ['model.hidden=32', 'train_dataloader.batch_size=64', 'train_dataloader.dataset.subjects=S1',
        'train_dataloader.dataset.stride=50', 'val_dataloader.dataset.subjects=S8',
        'val_dataloader.dataset.stride=200', 'default_hooks.logger.interval=5']


def data_args(paths):
    return ['--data-3d', str(paths['data_3d']), '--data-2d', str(paths['data_2d']), '--cameras', str(paths['cameras'])]


def run_tool(*args, check=True, **kw):
    proc = subprocess.run([sys.executable, *map(str, args)], cwd=ROOT, capture_output=True, text=True, **kw)
    if check and proc.returncode != 0:
        raise AssertionError(proc.stderr[-3000:])
    return proc


def test_train_kill_resume_then_evaluate(h36m_paths, tmp_path):
    work = tmp_path / 'work'
    # Long enough that the kill lands mid-run however fast the machine is; a checkpoint every 10 iterations.
    opts = TINY + ['train_cfg.max_iters=2000', 'train_cfg.val_interval=2000', 'default_hooks.checkpoint.interval=10',
                   'default_hooks.logger.interval=100']
    cmd = [sys.executable, 'tools/train.py', CONFIG, *data_args(h36m_paths), '--work-dir', str(work),
           '--cfg-options', *opts]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 900  # only bounds a hang
    while not (work / 'last_checkpoint').exists() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)  # an interruption, as hard as it gets
    proc.wait()
    assert (work / 'last_checkpoint').exists(), 'no checkpoint was written before the kill'
    saved_iter = int(Path((work / 'last_checkpoint').read_text().strip()).stem.split('_')[1])
    assert 0 < saved_iter < 2000 and not (work / 'iter_2000.pth').exists()

    run_tool('tools/train.py', CONFIG, *data_args(h36m_paths), '--work-dir', work, '--resume', '--cfg-options', *opts)
    log = sorted(work.glob('*/*.log'))[-1].read_text()
    # Continued from the last checkpoint it had written: at most one checkpoint interval is lost.
    assert re.search(rf'resumed epoch: \d+, iter: {saved_iter}\b', log), log[-2000:]
    assert 'Iter(train) [2000/2000]' in log
    assert (work / 'lifter.pth').exists()

    out = tmp_path / 'result.json'
    proc = run_tool('tools/test.py', CONFIG, work / 'lifter.pth', '--cfg-options', 'model.hidden=32',
                    '--data-3d', h36m_paths['data_3d'], '--cameras', h36m_paths['cameras'],
                    '--data-2d', h36m_paths['data_2d'], '--subjects', 'S8', '--input', 'sh', '--stride', 100,
                    '--out', out)
    assert 'Direct.' in proc.stdout and 'WalkT' in proc.stdout
    report = json.loads(out.read_text())
    assert {'mpjpe', 'p_mpjpe', 'mpjve', 'mrpe', 'per_action'} <= set(report)
    assert 0 < report['p_mpjpe'] < report['mpjpe'] < 1000
    assert len(report['per_action']) == 15 and 'MRPE (root)' in proc.stdout
    assert 0 < report['mrpe'] < 2000  # where the person stands, from a barely trained lifter: within 2 m

    # Where P1 goes: undoing the pose's orientation, or only its tilt against gravity, leaves less than P1.
    assert report['p_mpjpe'] < report['mpjpe_without_rotation'] < report['mpjpe']
    assert report['mpjpe_without_tilt'] < report['mpjpe'] and 0 < report['tilt_deg'] < report['rotation_deg'] < 180


def test_resume_of_a_fine_tune_continues_the_fine_tune(h36m_paths, tmp_path):
    """--resume with load_from (a fine-tune's starting weights): the first run starts at iteration 0 from
    those weights, a second --resume continues its own checkpoints, never the pretrained run's."""
    opts = TINY + ['train_cfg.val_interval=1000', 'default_hooks.checkpoint.interval=10']
    pretrained, tuned = tmp_path / 'pretrained', tmp_path / 'tuned'
    run_tool('tools/train.py', CONFIG, *data_args(h36m_paths), '--work-dir', pretrained,
             '--cfg-options', *opts, 'train_cfg.max_iters=20')
    fine_tune = [*data_args(h36m_paths), '--work-dir', tuned, '--resume', '--cfg-options', *opts,
                 f'load_from={pretrained / "iter_20.pth"}']
    run_tool('tools/train.py', CONFIG, *fine_tune, 'train_cfg.max_iters=10')
    log = sorted(tuned.glob('*/*.log'))[-1].read_text()
    assert 'Load checkpoint from' in log and 'resumed' not in log
    assert 'Iter(train) [ 5/10]' in log and (tuned / 'iter_10.pth').exists()

    run_tool('tools/train.py', CONFIG, *fine_tune, 'train_cfg.max_iters=20')
    log = sorted(tuned.glob('*/*.log'))[-1].read_text()
    assert re.search(r'resumed epoch: \d+, iter: 10\b', log), log[-2000:]
    assert (tuned / 'iter_20.pth').exists()


def test_a_lifter_trained_without_3d_is_scored_on_a_held_out_subject_as_it_trains(h36m_paths, tmp_path):
    """--val-subjects: the unsupervised lifter's curve on held-out 3D lands in campaign.json, and its last
    point scores exactly the weights it exports (the weight average), as tools/test.py does."""
    work = tmp_path / 'work'
    run_tool('tools/train.py', 'configs/lifters/tipsy_solo_h36m.py', '--data-2d', h36m_paths['data_2d'],
             '--data-3d', h36m_paths['data_3d'], '--cameras', h36m_paths['cameras'], '--val-subjects', 'S8',
             '--val-interval', 3, '--work-dir', work, '--threads', 1, '--cfg-options', 'model.hidden=32',
             'model.disc_hidden=32', 'train_dataloader.batch_size=64', 'train_dataloader.dataset.subjects=S1',
             'train_cfg.max_iters=6', 'custom_hooks.0.begin_iter=3')
    points = json.loads((work / 'campaign.json').read_text())['points']
    assert [p['iter'] for p in points] == [3, 6] and all(0 < p['h36m/p_mpjpe'] < 400 for p in points)
    out = tmp_path / 'result.json'
    run_tool('tools/test.py', 'configs/lifters/tipsy_solo_h36m.py', work / 'lifter.pth', '--data-3d',
             h36m_paths['data_3d'], '--cameras', h36m_paths['cameras'], '--subjects', 'S8', '--stride', 10,
             '--out', out, '--cfg-options', 'model.hidden=32')
    assert json.loads(out.read_text())['p_mpjpe'] == pytest.approx(points[-1]['h36m/p_mpjpe'], abs=0.05)


def test_temporal_lifter_trains_on_chunks_and_is_scored_per_sequence(h36m_paths, tmp_path):
    config = 'configs/lifters/temporal_tcn81_h36m_causal.py'
    # 3*3 = 9 frames, 16 channels; chunks of 16 frames from S1; validation on every 20th chunk of S8.
    model = ['model.channels=16', 'model.filter_widths=3,3']
    data = [f'{loader}.dataset.{k}' for loader in ('train_dataloader', 'val_dataloader')
            for k in ('receptive_field=9', 'chunk=16')]
    opts = model + data + ['train_dataloader.batch_size=8', 'train_dataloader.dataset.subjects=S1',
                           'val_dataloader.dataset.stride=20', 'train_cfg.max_iters=40', 'train_cfg.val_interval=40',
                           'default_hooks.logger.interval=10']
    run_tool('tools/train.py', config, *data_args(h36m_paths), '--work-dir', tmp_path, '--cfg-options', *opts)
    log = sorted(tmp_path.glob('*/*.log'))[-1].read_text()
    losses = [float(v) for v in re.findall(r'Iter\(train\).* loss: ([\d.]+)', log)]
    assert len(losses) == 4 and losses[-1] < losses[0], losses
    assert 'h36m/mpjpe' in log

    out = tmp_path / 'result.json'
    run_tool('tools/test.py', config, tmp_path / 'lifter.pth', '--cfg-options', *model,
             '--data-3d', h36m_paths['data_3d'], '--cameras', h36m_paths['cameras'], '--subjects', 'S8',
             '--input', 'gt', '--stride', 50, '--out', out)
    report = json.loads(out.read_text())
    assert 0 < report['mpjve'] < report['mpjpe'] < 1000 and report['stride'] == 50


@pytest.mark.parametrize('config, port', [(CONFIG, 29531), ('configs/lifters/supervised_gan_h36m.py', 29532)])
def test_distributed_training_on_two_cpu_processes(config, port, h36m_paths, tmp_path):
    env = dict(os.environ, OMP_NUM_THREADS='1')
    extra = ['model.disc_hidden=32'] if 'gan' in config else []
    proc = subprocess.run(
        [sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node', '2', '--master_port', str(port),
         'tools/train.py', config, *data_args(h36m_paths), '--work-dir', str(tmp_path), '--launcher', 'pytorch',
         '--cfg-options', *TINY, *extra, 'train_cfg.max_iters=10', 'train_cfg.val_interval=10'],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    log = sorted(tmp_path.glob('*/*.log'))[-1].read_text()
    assert 'Distributed launcher: pytorch' in log and 'Distributed training: True' in log
    assert 'Iter(train) [10/10]' in log and 'h36m/mpjpe' in log


@pytest.mark.parametrize('case', ['missing data file', 'unknown config key', 'other model', 'missing config',
                                  'held-out validation of a supervised config'])
def test_bad_input_is_one_clear_line(case, h36m_paths, tmp_path):
    if case == 'other model':
        from mmengine.config import Config

        from models.checkpoint import export_lifter
        from pipeline.registry import MODELS
        cfg = Config.fromfile(ROOT / 'configs/lifters/deepbase1_h36m.py').model.to_dict()
        export_lifter(MODELS.build(cfg), cfg, tmp_path / 'db1.pth')
        args = ['tools/test.py', CONFIG, tmp_path / 'db1.pth', '--data-3d', h36m_paths['data_3d'],
                '--cameras', h36m_paths['cameras'], '--subjects', 'S8']
    elif case == 'missing data file':
        args = ['tools/train.py', CONFIG, '--data-3d', tmp_path / 'nope.npz', '--cameras', h36m_paths['cameras'],
                '--data-2d', h36m_paths['data_2d'], '--work-dir', tmp_path]
    elif case == 'unknown config key':
        args = ['tools/train.py', CONFIG, *data_args(h36m_paths), '--work-dir', tmp_path, '--cfg-options',
                'train_cfg.max_itres=3']
    elif case == 'held-out validation of a supervised config':  # it validates already: one loop, not two
        args = ['tools/train.py', CONFIG, *data_args(h36m_paths), '--work-dir', tmp_path, '--val-subjects', 'S8']
    else:
        args = ['tools/train.py', 'configs/lifters/no_such_model.py']
    proc = run_tool(*args, check=False, timeout=300)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith('error: '), proc.stderr[-2000:]


def test_lifter_benchmark_writes_its_numbers(tmp_path):
    work = tmp_path / 'work' / 'simple_baseline_h36m'
    work.mkdir(parents=True)
    (work / 'val_history.json').write_text(json.dumps([
        {'iter': 100, 'seconds': 10.0, 'h36m/mpjpe': 60.0, 'h36m/p_mpjpe': 45.0},
        {'iter': 200, 'seconds': 20.0, 'h36m/mpjpe': 44.0, 'h36m/p_mpjpe': 35.0}]))
    out = tmp_path / 'lifters.json'
    run_tool('tools/benchmark_lifters.py', '--configs', CONFIG, '--work-dirs', tmp_path / 'work', '--out', out)
    entry = json.loads(out.read_text())['lifters']['simple_baseline_h36m']
    assert 4e6 < entry['params'] < 5e6  # Martinez et al.'s ~4.3 M
    assert entry['cpu_poses_per_s_batch1024'] > entry['cpu_poses_per_s_batch1'] > 0
    assert entry['training']['seconds_to_target'] == 20.0 and entry['training']['best_val_mpjpe'] == 44.0


def test_ground_benchmark_writes_its_numbers(h36m_paths, tmp_path):
    out = tmp_path / 'ground.json'
    run_tool('tools/benchmark_ground.py', '--data-3d', h36m_paths['data_3d'], '--cameras', h36m_paths['cameras'],
             '--subjects', 'S1', '--stride', '20', '--out', out)
    kinds = json.loads(out.read_text())['kinds']
    assert set(kinds) == {'walking', 'standing', 'sitting'}
    assert sum(k['streams'] for k in kinds.values()) == 4 * 30  # S1's 30 takes, four cameras each
    assert kinds['walking']['up_error_deg_mean'] < 3 and kinds['walking']['camera_height_error_mm_mean'] < 150
    assert 10 < kinds['walking']['camera_tilt_deg_mean'] < 16  # Human3.6M's cameras look down about 13 degrees


def test_vae_gan_diagnosis_probes_a_short_run(h36m_paths, tmp_path):
    """tools/diagnose_vae_gan.py trains two tiny variants from one seed and probes them: the true 3D's depth
    spread and the cameras' downward tilt come from the held-out 3D, the critic's AUCs are probabilities."""
    out = tmp_path / 'diag.json'
    tiny = ['model.hidden=32', 'model.latent=8', 'model.disc_hidden=32']
    run_tool('tools/diagnose_vae_gan.py', 'configs/lifters/vae_gan_h36m.py', '--data-2d', h36m_paths['data_2d'],
             '--data-3d', h36m_paths['data_3d'], '--cameras', h36m_paths['cameras'], '--subjects', 'S1',
             '--val-subject', 'S5', '--val-stride', 200, '--iters', 4, '--every', 2, '--batch-size', 64,
             '--variant', 'base', *tiny, '--variant', 'rays_roll', *tiny, 'model.adv_on_rays=True',
             'model.disc_roll=15.0', '--threads', 1, '--out', out)
    result = json.loads(out.read_text())
    assert 0.3 < result['depth_spread_true'] < 0.5 and 5 < result['camera_tilt_deg'] < 25
    assert list(result['variants']) == ['base', 'rays_roll']
    options = result['variants']['rays_roll']['options']
    assert options['model.adv_on_rays'] is True and options['model.disc_roll'] == 15.0 and options['model.hidden'] == 32
    for run in result['variants'].values():
        assert [row['iter'] for row in run['curve']] == [0, 2, 4]
        for row in run['curve']:
            assert all(0 <= row[k] <= 1 for k in row if k.startswith('disc_auc'))
            assert row['val_p2'] > 0 and len(row['grad_adv_per_joint']) == 17

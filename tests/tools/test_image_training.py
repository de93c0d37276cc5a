"""Image models as a user trains them: the _cpu config on a prepared cache runs, checkpoints, resumes
after a kill, and its logged loss falls."""
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def logged_losses(work):
    records = [json.loads(line) for f in sorted(work.glob('*/vis_data/scalars.json')) for line in f.read_text().splitlines()]
    return [r['loss'] for r in records if 'loss' in r]


# The batches of the configs' first minutes (the shipped configs train at 64 and 32), so the test stays short.
@pytest.mark.parametrize('config, iters, batch', [('configs/image/crossmodal_vae_cpu.py', 112, 16),
                                                  ('configs/image/kinematic_ae_cpu.py', 60, 8)])
def test_cpu_config_trains_resumes_and_learns(config, iters, batch, video_cache, h36m_paths, demo_clip, tmp_path):
    work = tmp_path / 'work'
    cmd = [sys.executable, 'tools/train.py', config, '--data', str(video_cache), '--work-dir', str(work),
           '--cfg-options', f'train_cfg.max_iters={iters}', f'train_dataloader.batch_size={batch}']
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 900  # only bounds a hang: a loaded machine took over 300 s to the first checkpoint
    while not (work / 'last_checkpoint').exists() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (work / 'last_checkpoint').exists(), proc.stderr.read()[-2000:]
    saved = int(Path((work / 'last_checkpoint').read_text().strip()).stem.split('_')[1])
    assert 0 < saved < iters

    done = subprocess.run(cmd + ['--resume'], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    log = sorted(work.glob('*/*.log'))[-1].read_text()
    assert f'resumed epoch: 0, iter: {saved}' in log and f'Iter(train) [{iters}/{iters}]' in log
    assert (work / 'lifter.pth').is_file() and (work / f'iter_{iters}.pth').is_file()
    losses = logged_losses(work)
    assert losses[-1] < losses[0], losses

    # The benchmark on held-out poses rendered as synthetic people, and the model's picture.
    picture = ['--latent-plot', tmp_path / 'latent.png'] if 'crossmodal' in config else \
        ['--novel-views', tmp_path / 'novel.png', '--cache', video_cache]
    bench = subprocess.run([sys.executable, 'tools/benchmark_image_models.py', config, str(work / 'lifter.pth'),
                            '--data-3d', str(h36m_paths['data_3d']), '--cameras', str(h36m_paths['cameras']),
                            '--subjects', 'S8', '--samples', '12', '--stride', '200', '--out', str(tmp_path / 'b.json'),
                            '--video', str(demo_clip), *map(str, picture)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert bench.returncode == 0, bench.stderr[-3000:]
    report = json.loads((tmp_path / 'b.json').read_text())
    assert 0 < report['synthetic']['p_mpjpe'] < report['synthetic']['mpjpe'] and report['synthetic']['poses'] == 12
    assert (tmp_path / picture[1].name).stat().st_size > 1000
    if 'crossmodal' in config:  # where its image path loses: the image's 2D, or the lifting of that 2D
        via_2d = report['synthetic']['via_2d']
        assert 0 < via_2d['image_2d_error_px'] < via_2d['crop_px'] and via_2d['true_2d_3d']['poses'] == 12
    # On a real video, against the keypoint pipeline's 3D of the same person (one track, every frame).
    real = report['real_video_agreement'][str(demo_clip)]
    assert 50 <= real['poses'] <= 60 and 0 < real['p_mpjpe'] < real['mpjpe']
    assert 0 < real['constant_mean_pose']['p_mpjpe'] < 200
    if 'crossmodal' in config:  # its image -> 2D on real frames, against the detector's 2D in the same crops
        assert 0 < real['image_2d_vs_detector_px'] < report['synthetic']['via_2d']['crop_px']

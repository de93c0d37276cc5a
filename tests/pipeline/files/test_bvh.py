import numpy as np

from pipeline.files.bvh import bvh_to_h36m, camera_to_bvh, read_bvh, write_bvh


def test_bvh_round_trip_reproduces_motion_capture(h36m_s1, tmp_path):
    poses = h36m_s1['pose_3d'][h36m_s1['sequence'] == 5][:120]
    write_bvh(tmp_path / 'a.bvh', poses, fps=2.5)
    names, fps, positions = read_bvh(tmp_path / 'a.bvh')
    assert fps == 2.5 and positions.shape[0] == len(poses)
    error_mm = np.linalg.norm(bvh_to_h36m(names, positions) - camera_to_bvh(poses), axis=-1) * 10
    assert error_mm.mean() < 5 and error_mm.max() < 20


def test_bvh_file_is_well_formed(h36m_s1, tmp_path):
    poses = h36m_s1['pose_3d'][:10]
    write_bvh(tmp_path / 'b.bvh', poses, fps=50)
    text = (tmp_path / 'b.bvh').read_text().split('\n')
    assert text[0] == 'HIERARCHY' and 'MOTION' in text
    channels = sum(int(line.split()[1]) for line in text if line.strip().startswith('CHANNELS'))
    frames = text[text.index('MOTION') + 3:-1]
    assert len(frames) == 10 and all(len(f.split()) == channels for f in frames)
    assert text.count('MOTION') == 1 and sum('{' in t for t in text) == sum('}' in t for t in text)

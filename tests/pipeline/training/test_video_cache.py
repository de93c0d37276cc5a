"""VideoPairDataset's batches: how much of each comes from the user's real videos."""
import numpy as np

from pipeline.training.video_cache import VideoPairDataset


def test_real_share_sets_the_share_of_real_crops_in_a_batch(video_cache):
    """The cache holds one real clip (pseudo-3D, no exact 3D) beside two synthetic ones. Drawn uniformly,
    a batch mixes them by their frame counts; real_share=0.75 draws three quarters of it from the real clip,
    whatever its size; 0 leaves the uniform draw alone."""
    plain, weighted = VideoPairDataset(video_cache), VideoPairDataset(video_cache, real_share=0.75)
    assert len(weighted.real_frames) > 0 and len(weighted.real_frames) < len(weighted)
    real_fraction = len(weighted.real_frames) / len(weighted)
    np.random.seed(0)
    indices = np.random.randint(len(plain), size=2000)
    share = lambda batch: (~batch['has_3d']).float().mean().item()  # noqa: E731
    assert abs(share(plain.__getitems__(indices)) - real_fraction) < 0.05
    batch = weighted.__getitems__(indices)
    assert abs(share(batch) - (0.75 + 0.25 * real_fraction)) < 0.05
    assert batch['has_pseudo_3d'][~batch['has_3d']].all()  # the real crops carry the lifter's 3D

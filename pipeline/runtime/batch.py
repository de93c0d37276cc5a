"""One video or a whole folder of them -> 3D poses, written as files.

A folder is searched at any depth; each video's outputs go to the same sub-folder of the output folder:

    OUT/<sub/folders>/<stem>.json, .npz, _trackK.bvh, _3d.mp4   as for a single video
    OUT/batch.json      per video: 'done' with its outputs, frames, people and seconds, or 'failed' and why

A video that cannot be read is reported and skipped; the others go on. batch.json is rewritten after every
video, so an interrupted run resumes: a video whose outputs a run with the same settings finished is not
lifted again.

A folder too big for one machine is split into n shares (`shard`): share i lifts every n-th video in path
order from the i-th on, into the same output tree, and keeps its own summary, OUT/batch_<i>of<n>.json. Any
cluster scheduler's array index picks the share; all shares' outputs together are the whole folder.
"""
import json
import sys
import time
from collections import Counter
from pathlib import Path

from tqdm import tqdm

from pipeline.errors import UserError
from pipeline.files.export import export
from pipeline.io import atomic_write
from pipeline.files.outdir import prepare_output_dir
from pipeline.frames.sources import VideoSource
from pipeline.runtime.video import process_video, render_video

SUMMARY = 'batch.json'


def parse_shard(spec):
    """'i/n' with 1 <= i <= n -> (i, n)."""
    try:
        i, n = (int(v) for v in spec.split('/'))
    except ValueError:
        i = n = 0
    if not 1 <= i <= n:
        raise UserError(f'--shard takes i/n with 1 <= i <= n (share i of n), got {spec!r}')
    return i, n


def shard(videos, i, n):
    """Share i (1-based) of n of a folder's videos (in path order): every n-th from the i-th on, so shares
    differ in size by one video at most and a folder always splits the same way."""
    return videos[i - 1::n]


def summary_name(i=1, n=1):
    return SUMMARY if n == 1 else f'batch_{i}of{n}.json'


def lift_video(source, reopen, out_dir, stem, detector, lifter, formats, render=False, smooth=None, focal=None,
               progress=True):
    """One open source -> (VideoResult, the paths written into out_dir). reopen() gives the source afresh
    (rendering and image models read the frames a second time)."""
    result = process_video(source, detector, lifter, progress=progress, smooth=smooth, reopen=reopen, focal=focal)
    written = export(result, prepare_output_dir(out_dir), stem, formats)
    if render:
        written.append(out_dir / f'{stem}_3d.mp4')
        render_video(reopen(), result, written[-1], progress=progress)
    return result, written


def output_stems(videos, folder):
    """Each video's outputs' path without suffix, relative to the output folder: its own path under
    `folder` without the suffix, or with the suffix kept ('a.mp4' -> 'a_mp4') where two videos of one
    folder differ only in it."""
    relative = [Path(v).relative_to(folder) for v in videos]
    count = Counter(r.with_suffix('') for r in relative)
    return [r.with_suffix('') if count[r.with_suffix('')] == 1 else r.with_name(r.name.replace('.', '_'))
            for r in relative]


def read_summary(path):
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise UserError(f'{path} is not a batch summary this tool wrote ({e}); move it away to start afresh') from None


def lift_folder(folder, videos, out_dir, detector, lifter, formats, settings, render=False, smooth=None, focal=None,
                overwrite=False, progress=True, summary_file=SUMMARY):
    """Every video of `videos` (under `folder`) -> its outputs under out_dir -> the summary (the content of
    out_dir/summary_file). settings: what the outputs depend on (lifter, detector, formats...); a video is
    done only if a run with equal settings finished it, unless `overwrite` redoes everything."""
    folder, out_dir = Path(folder), Path(out_dir)
    previous = {} if overwrite else read_summary(out_dir / summary_file)
    kept = previous.get('videos', {}) if previous.get('settings') == settings else {}
    summary = dict(settings=settings, videos={})
    bar = tqdm(list(zip(videos, output_stems(videos, folder))), unit='video', disable=not progress)
    for video, stem in bar:
        name = Path(video).relative_to(folder).as_posix()
        bar.set_postfix_str(name)
        entry = kept.get(name, {})
        if entry.get('status') != 'done' or not all((out_dir / p).is_file() for p in entry['outputs']):
            entry = _lift_one(video, out_dir, stem, detector, lifter, formats, render, smooth, focal, progress)
            if entry['status'] == 'failed':
                print(f'warning: skipping {name}: {entry["reason"]}', file=sys.stderr)
        summary['videos'][name] = entry
        with atomic_write(out_dir / summary_file) as tmp:
            Path(tmp).write_text(json.dumps(summary, indent=1))
    return summary


def _lift_one(video, out_dir, stem, detector, lifter, formats, render, smooth, focal, progress):
    start = time.perf_counter()
    try:
        result, written = lift_video(VideoSource(video), lambda: VideoSource(video), out_dir / stem.parent, stem.name,
                                     detector, lifter, formats, render, smooth, focal, progress)
    except UserError as e:
        return dict(status='failed', reason=str(e))
    return dict(status='done', outputs=[Path(p).relative_to(out_dir).as_posix() for p in written],
                frames=result.num_frames, people=len(result.tracks),
                seconds=round(time.perf_counter() - start, 2))

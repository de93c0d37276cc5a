"""Recall of the people pipeline: how many of the people in view get a track, frame by frame, on a video
made from real footage where every person's box is known.

The video: the real person of a static-camera clip (the demo video), cut out of each frame by
subtraction of the clip's background median, pasted as several copies at different sizes (the ones
users' street footage shows, 150-400 px tall), times and places over that same background median, in
depth order (taller copies in front), some of them overlapping. A copy counts as present in a frame when
at least half of it is unoccluded, and as found when a track's 2D keypoints in that frame (after the
pipeline's gap filling, as the exports hold them) match its box (IoU >= 0.3, one track per copy).

    python tools/benchmark_recall.py ../shared/media/body3d_demo.mp4 --out benchmarks/recall.json [--frames 150]

--fps 50 writes the composited video at 50 fps (the clip's frames unchanged), as phones and street footage
are: the detector paces its searches for new people in seconds of video, so this is the same footage
searched every 20 frames instead of every 10, and its fps is the one such a video gets. --crowd adds four
people 90-120 px tall further back (the crowd behind street footage): not scored, but they compete with
the people in front for the detector's slots.

--real VIDEO... instead counts, on real videos with no boxes known, the frames in which 0, 1, 2 ... people
are tracked (gap-filled) and the tracks found:

    python tools/benchmark_recall.py --real ../shared/media/real/two_people_room.mp4 ../shared/media/real/gym_two_children.mp4
"""
import argparse
import tempfile
import time
from pathlib import Path

import _bootstrap  # noqa: F401
import cv2
import numpy as np
from scipy.optimize import linear_sum_assignment

from pipeline.cli import main_guard
from pipeline.errors import UserError
from pipeline.io import write_json

# (person height px, left edge of the copy's frame as a fraction of the canvas width, start frame in the clip,
# the floor under it as a fraction of the canvas height): five people in front, 150-400 px tall as in street
# footage, and with --crowd a crowd of four further back (90-120 px), who compete for the detector's slots.
COPIES = [(400, 0.42, 0, 0.92), (320, 0.05, 120, 0.92), (260, 0.30, 60, 0.92), (200, 0.62, 200, 0.92),
          (160, 0.18, 260, 0.92)]
CROWD = [(120, 0.55, 30, 0.62), (110, 0.80, 90, 0.60), (100, 0.12, 150, 0.58), (90, 0.70, 210, 0.57)]
CANVAS = (1920, 1080)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('video', nargs='?', help='a static-camera clip of one person (the demo video)')
    p.add_argument('--real', nargs='+', help='real videos: count the people tracked per frame instead')
    p.add_argument('--frames', type=int, default=150, help='length of the composited video in frames')
    p.add_argument('--fps', type=float, help="frame rate of the composited video (default: the clip's)")
    p.add_argument('--crowd', action='store_true', help='add four small people further back (not scored)')
    p.add_argument('--detector', default='mediapipe')
    p.add_argument('--pose-budget', type=int, default=2, help="as demo/video.py's (0: everyone every frame)")
    p.add_argument('--keep-video', help='also write the composited video here')
    p.add_argument('--out', help='write the numbers as JSON here')
    return p.parse_args()


def read_frames(path):
    cap = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(frame)
    if not frames:
        raise UserError(f'cannot read video {path}')
    return frames, cap.get(cv2.CAP_PROP_FPS) or 25.0


def person_masks(frames, background):
    """Per frame: the moving person's mask (the largest blob that differs from the background median)."""
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))
    masks = []
    for frame in frames:
        diff = np.abs(frame.astype(np.int16) - background).max(-1) > 25
        diff = cv2.morphologyEx(cv2.morphologyEx(diff.astype(np.uint8), cv2.MORPH_OPEN, kernel), cv2.MORPH_CLOSE,
                                kernel, iterations=4)
        contours, _ = cv2.findContours(diff, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        mask = np.zeros(diff.shape, np.uint8)
        if contours:  # the largest blob, its holes filled (clothes the colour of the wall behind)
            cv2.drawContours(mask, [max(contours, key=cv2.contourArea)], -1, 1, cv2.FILLED)
        masks.append(mask > 0)
    return masks


def composite(frames, masks, background, length, copies):
    """-> composited frames, boxes (length, copies, 4) px (NaN where the copy is hidden or absent)."""
    W, H = CANVAS
    canvas_bg = cv2.resize(background, (W, int(background.shape[0] * W / background.shape[1])))
    canvas_bg = canvas_bg[(canvas_bg.shape[0] - H) // 2:][:H]
    person_height = np.median([np.ptp(np.flatnonzero(m.any(1))) for m in masks if m.any()])
    out, boxes = [], np.full((length, len(copies), 4), np.nan)
    order = np.argsort([h for h, _, _, _ in copies])  # small (far) first, so taller copies occlude them
    for t in range(length):
        image, owner = canvas_bg.copy(), np.full((H, W), -1)
        for k in order:
            height, left, start, floor = copies[k]
            i = (start + t) % len(frames)
            s = height / person_height
            small = cv2.resize(frames[i], None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
            m = cv2.resize(masks[i].astype(np.uint8), small.shape[1::-1], interpolation=cv2.INTER_NEAREST) > 0
            x0, y0 = int(left * W), int(H * floor - small.shape[0] * 0.9)  # the clip's floor near the canvas's
            h, w = min(small.shape[0], H - y0), min(small.shape[1], W - x0)
            region = (slice(y0, y0 + h), slice(x0, x0 + w))
            image[region][m[:h, :w]] = small[:h, :w][m[:h, :w]]
            owner[region][m[:h, :w]] = k
        for k, (height, left, start, _) in enumerate(copies):
            ys, xs = np.nonzero(owner == k)
            if len(ys):  # the visible part's box, then judged against the whole copy's area
                i = (start + t) % len(frames)
                full = masks[i].sum() * (height / person_height) ** 2
                if len(ys) >= 0.5 * full:
                    boxes[t, k] = [xs.min(), ys.min(), xs.max(), ys.max()]
        out.append(image)
    return out, boxes


def recall(tracks, boxes):
    """tracks: prepared tracks -> (found (length, copies) bool)."""
    from pipeline.people.base import box_iou, keypoint_boxes
    found = np.zeros(boxes.shape[:2], bool)
    for t in range(len(boxes)):
        present = np.flatnonzero(np.isfinite(boxes[t, :, 0]))
        # Gap-filled tracks hold every frame of a short gap; a long one (an occlusion) stays a gap.
        people = [tr['keypoints_2d'][np.searchsorted(tr['frames'], t)] for tr in tracks.values() if t in tr['frames']]
        if not len(present) or not people:
            continue
        iou = box_iou(boxes[t, present].astype(np.float32), keypoint_boxes(np.stack(people)))
        rows, cols = linear_sum_assignment(-iou)
        found[t, present[rows[iou[rows, cols] >= 0.3]]] = True
    return found


def people_per_frame(videos, detector):
    """-> {video: {'frames_with': [frames with 0, 1, 2 ... people tracked], 'tracks': n}}."""
    from pipeline.frames.sources import VideoSource
    from pipeline.runtime.video import detect_tracks, prepared_tracks
    out = {}
    for video in videos:
        start = time.perf_counter()
        raw, n = detect_tracks(VideoSource(video), detector, progress=False)
        fps = n / (time.perf_counter() - start)
        tracks, count = prepared_tracks(raw), np.zeros(n, int)
        for track in tracks.values():
            count[track['frames']] += 1
        out[str(video)] = dict(frames=n, frames_with=np.bincount(count).tolist(), tracks=len(tracks),
                               fps=round(fps, 1))
        print(f'{video}: {n} frames; frames with 0, 1, 2 ... people tracked: {out[str(video)]["frames_with"]}; '
              f'{out[str(video)]["tracks"]} tracks; {fps:.1f} fps (decoding and detection)')
    return out


@main_guard
def main():
    args = parse_args()
    from pipeline.people.detectors import build_detector
    from pipeline.frames.sources import VideoSource
    from pipeline.runtime.video import detect_tracks, prepared_tracks
    if args.real:
        result = people_per_frame(args.real, build_detector(args.detector, pose_budget=args.pose_budget or None))
        if args.out:
            write_json(args.out, result)
        return
    if not args.video:
        raise UserError('give the clip to composite, or --real VIDEO...')
    frames, fps = read_frames(args.video)
    background = np.median(np.stack(frames[::max(1, len(frames) // 60)]), 0).astype(np.uint8)
    copies = COPIES + CROWD if args.crowd else COPIES
    images, boxes = composite(frames, person_masks(frames, background), background, args.frames, copies)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep_video or Path(tmp) / 'recall.mp4')
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), args.fps or fps, CANVAS)
        for image in images:
            writer.write(image)
        writer.release()
        detector = build_detector(args.detector, pose_budget=args.pose_budget or None)
        start = time.perf_counter()
        raw, n = detect_tracks(VideoSource(path), detector, progress=False)
        seconds = time.perf_counter() - start
    tracks = prepared_tracks(raw)
    found_all = recall(tracks, boxes)
    present_all = np.isfinite(boxes[..., 0])
    per_copy = {f'{h}px': round(float(found_all[:, k].sum() / max(present_all[:, k].sum(), 1)), 3)
                for k, (h, _, _, _) in enumerate(copies)}
    found, present = found_all[:, :len(COPIES)], present_all[:, :len(COPIES)]  # the crowd is not scored
    result = dict(video=str(args.video), frames=n, video_fps=args.fps or fps, canvas=list(CANVAS),
                  crowd=len(copies) - len(COPIES), detector=detector.name,
                  pose_budget=args.pose_budget, people_present=int(present.sum()), people_found=int(found.sum()),
                  recall=round(float(found.sum() / present.sum()), 3), recall_by_height=per_copy,
                  tracks=len(tracks), fps=round(n / seconds, 1))
    print(f'recall {result["recall"]:.3f} ({found.sum()} of {present.sum()} people-frames), by height {per_copy}; '
          f'{len(tracks)} tracks for {len(copies)} people; {result["fps"]} fps')
    if args.out:
        write_json(args.out, result)


if __name__ == '__main__':
    main()

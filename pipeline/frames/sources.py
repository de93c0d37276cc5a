"""Frame sources: video files, cameras and image folders, streamed one frame at a time (constant memory).

Every source yields (index, BGR frame) and knows its fps, width and height. A folder of videos is not
one source but many: `video_folder` finds them, and each is opened on its own.
"""
import time
from pathlib import Path

import cv2

from pipeline.errors import UserError

IMAGE_SUFFIXES = {'.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp'}
VIDEO_SUFFIXES = {'.mp4', '.avi', '.mov', '.mkv', '.webm', '.m4v', '.mpg', '.mpeg', '.wmv'}


def find_videos(folder):
    """The video files under `folder`, at any depth, in path order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f'video folder not found: {folder}')
    return sorted(p for p in folder.rglob('*') if p.suffix.lower() in VIDEO_SUFFIXES and p.is_file()
                  and not p.name.startswith('.'))  # hidden: e.g. a half-written video


def video_folder(spec):
    """The videos under `spec` when it is a folder of videos, else None (a file, a camera, or a folder
    of images, which is one image sequence). A folder with neither images nor videos is an error."""
    folder = Path(str(spec))
    if not folder.is_dir() or any(p.suffix.lower() in IMAGE_SUFFIXES for p in folder.iterdir()):
        return None
    videos = find_videos(folder)
    if not videos:
        raise UserError(f'{folder} holds no images and no videos (looked for '
                        f'{", ".join(sorted(IMAGE_SUFFIXES | VIDEO_SUFFIXES))})')
    return videos


class VideoSource:
    """A video file (anything OpenCV reads) or a camera (index or stream URL).

    realtime=True paces a file at its own frame rate and drops frames when the consumer falls
    behind, as a live camera would: how `demo/webcam.py --source FILE` is tested without a camera.
    """

    def __init__(self, spec, realtime=False):
        self.is_camera = isinstance(spec, int) or (isinstance(spec, str) and '://' in spec)
        if not self.is_camera:
            path = Path(spec)
            if not path.is_file():
                raise UserError(f'video not found: {path}')
            spec = str(path)
        self.name = str(spec)
        self.capture = cv2.VideoCapture(spec)
        if not self.capture.isOpened():
            raise UserError(f'camera {spec} cannot be opened' if self.is_camera else f'{spec} is not a readable video')
        ok, self._first = self.capture.read()
        if not ok:
            raise UserError(f'camera {spec} gives no frames' if self.is_camera else f'{spec} has no frames')
        self.height, self.width = self._first.shape[:2]
        fps = self.capture.get(cv2.CAP_PROP_FPS)
        self.fps = fps if 0 < fps < 1000 else 30.0  # some cameras and streams report 0
        self.frame_count = int(self.capture.get(cv2.CAP_PROP_FRAME_COUNT)) if not self.is_camera else 0
        self.realtime = realtime and not self.is_camera
        self.dropped = 0

    def __iter__(self):
        index, frame = 0, self._first
        start = time.perf_counter()
        while frame is not None:
            yield index, frame
            index += 1
            if self.realtime:
                # Skip the frames a camera would have shown while we were busy; wait for the next one.
                while time.perf_counter() - start > (index + 1) / self.fps and self.capture.grab():
                    index += 1
                    self.dropped += 1
                time.sleep(max(0.0, start + index / self.fps - time.perf_counter()))
            ok, frame = self.capture.read()
            frame = frame if ok else None
        self.capture.release()

    def __len__(self):
        return self.frame_count


class ImageFolderSource:
    """Images of a folder in name order, as frames at a nominal fps."""

    def __init__(self, folder, fps=30.0):
        self.name = str(folder)
        self.paths = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self.paths:
            raise UserError(f'no images in {folder}')
        first = cv2.imread(str(self.paths[0]))
        if first is None:
            raise UserError(f'{self.paths[0]} is not a readable image')
        self.height, self.width = first.shape[:2]
        self.fps, self.frame_count, self.is_camera, self.dropped = fps, len(self.paths), False, 0

    def __iter__(self):
        for index, path in enumerate(self.paths):
            frame = cv2.imread(str(path))
            if frame is None:
                continue  # an unreadable image is skipped, not fatal
            yield index, frame

    def __len__(self):
        return self.frame_count


def open_source(spec, realtime=False):
    """'0' or 0 -> camera 0; 'rtsp://...' -> stream; a folder -> its images; anything else -> a video file."""
    if isinstance(spec, int) or (isinstance(spec, str) and spec.isdigit()):
        return VideoSource(int(spec))
    if Path(spec).is_dir():
        return ImageFolderSource(spec)
    return VideoSource(spec, realtime=realtime)

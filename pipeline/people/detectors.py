"""2D detectors, swappable through the DETECTORS registry. Each is called per frame and returns `People`
in the Human3.6M 17-joint layout (converted by pipeline.geometry.skeleton), whatever its own layout.

- 'mediapipe': the bundled offline default, in pipeline/people/mediapipe_detector.py.
- 'mmpose': top-down RTMPose on RTMDet person boxes, from local configs and checkpoints.
- 'precomputed': keypoints a user brings, from JSON or NPZ.
"""
import json
import os
from pathlib import Path

import numpy as np

from pipeline.errors import UserError
from pipeline.geometry.skeleton import LAYOUTS
from pipeline.people.base import People
from pipeline.registry import DETECTORS, build


def _mmpose_config(path, package):
    """A local config file, or a config path inside the installed package (mmpose/mmdet ship theirs)."""
    if path is None or Path(path).is_file():
        return path
    import importlib
    shipped = Path(importlib.import_module(package).__file__).parent / '.mim' / path
    if shipped.is_file():
        return str(shipped)
    raise UserError(f'{package} config not found: {path}')


MMPOSE_WEIGHTS_NEEDED = (
    'the mmpose detector needs its two checkpoints: --pose-checkpoint (RTMPose-m, COCO, 256x192) and '
    '--det-checkpoint (RTMDet-tiny, COCO); mmpose publishes both with its RTMPose project '
    '(https://github.com/open-mmlab/mmpose/tree/main/projects/rtmpose, "Pretrained Models")')


@DETECTORS.register_module(name='mmpose')
class MMPoseDetector:
    """Top-down mmpose: RTMDet person boxes, then RTMPose keypoints in each box (COCO-17).

    Checkpoints come from local files, both required. random_weights=True builds the models with their
    random initial weights instead, for tests of the code path only.
    """

    layout = 'coco17'

    def __init__(self, pose_config='configs/body_2d_keypoint/rtmpose/coco/rtmpose-m_8xb256-420e_coco-256x192.py',
                 pose_checkpoint=None, det_config='configs/rtmdet/rtmdet_tiny_8xb32-300e_coco.py',
                 det_checkpoint=None, device='cpu', box_threshold=0.3, max_people=20, random_weights=False):
        try:
            from mmdet.apis import init_detector
            from mmpose.apis import init_model
        except ImportError as e:
            raise UserError(f'the mmpose detector needs mmpose, mmdet and mmcv (bash install.sh): {e}') from None
        if not random_weights and (pose_checkpoint is None or (det_config and det_checkpoint is None)):
            raise UserError(MMPOSE_WEIGHTS_NEEDED)
        for path in (pose_checkpoint, det_checkpoint):
            if path is not None and not Path(path).is_file():
                raise UserError(f'checkpoint not found: {path}')
        self.pose = init_model(_mmpose_config(pose_config, 'mmpose'), pose_checkpoint, device=device)
        self.det = (init_detector(_mmpose_config(det_config, 'mmdet'), det_checkpoint, device=device)
                    if det_config else None)
        self.box_threshold, self.max_people = box_threshold, max_people
        self.name = f'mmpose ({Path(pose_config).stem}{", random weights" if pose_checkpoint is None else ""})'

    def __call__(self, frame, index=None):
        from mmengine.registry import DefaultScope
        from mmpose.apis import inference_topdown
        height, width = frame.shape[:2]
        if self.det is not None:
            from mmdet.apis import inference_detector
            # Each library builds its test pipeline from its own registries, found by the default scope.
            with DefaultScope.overwrite_default_scope('mmdet'):
                pred = inference_detector(self.det, frame).pred_instances.cpu().numpy()
            person = (pred.labels == 0) & (pred.scores > self.box_threshold)
            boxes = pred.bboxes[person][np.argsort(-pred.scores[person])][:self.max_people]
        else:
            boxes = np.array([[0, 0, width, height]], np.float32)
        if len(boxes) == 0:
            return People.empty()
        with DefaultScope.overwrite_default_scope('mmpose'):
            samples = inference_topdown(self.pose, frame, boxes)
        keypoints = np.stack([s.pred_instances.keypoints[0] for s in samples])
        scores = np.stack([s.pred_instances.keypoint_scores[0] for s in samples])
        return People.from_layout(keypoints, np.clip(scores, 0, 1), self.layout, boxes)


@DETECTORS.register_module(name='precomputed')
class PrecomputedKeypoints:
    """Keypoints from a file, per frame index.

    NPZ: 'keypoints' (F, P, J, 2) or (F, J, 2), optional 'scores' (F, P, J) / (F, J), optional 'layout'.
    JSON: {"layout": "coco17", "frames": [{"frame": 0, "people": [{"keypoints": [[x, y], ...],
    "scores": [...]}]}]}, which is also what demo/video.py exports (its 2D is in h36m17).
    """

    def __init__(self, path, layout=None):
        path = Path(path)
        if not path.is_file():
            raise UserError(f'keypoint file not found: {path}')
        self.frames = {}
        try:
            if path.suffix == '.npz':
                data = np.load(path)
                keypoints = data['keypoints']
                scores = data['scores'] if 'scores' in data.files else np.ones(keypoints.shape[:-1], np.float32)
                if keypoints.ndim == 3:
                    keypoints, scores = keypoints[:, None], scores[:, None]
                layout = layout or (str(data['layout']) if 'layout' in data.files else 'coco17')
                for f in range(len(keypoints)):
                    ok = np.isfinite(keypoints[f]).all((-1, -2))
                    self.frames[f] = (keypoints[f][ok], scores[f][ok])
            else:
                data = json.loads(path.read_text())
                layout = layout or data.get('layout', 'coco17')
                for entry in data['frames']:
                    people = entry.get('people', [])
                    if not people:
                        continue  # a frame with nobody: the lookup's default
                    kp = np.array([p['keypoints'] for p in people], np.float32).reshape(len(people), -1, 2)
                    sc = np.array([p.get('scores', [1.0] * kp.shape[1]) for p in people], np.float32)
                    self.frames[int(entry['frame'])] = (kp, sc.reshape(len(people), -1))
        except (KeyError, ValueError, TypeError, OSError) as e:
            raise UserError(f'{path} is not a keypoint file this tool reads ({type(e).__name__}: {e})') from None
        if layout not in LAYOUTS:
            raise UserError(f'unknown keypoint layout {layout!r} in {path}; known: {", ".join(LAYOUTS)}')
        self.layout = layout
        self.name = f'precomputed ({path.name}, {layout})'

    def __call__(self, frame, index):
        keypoints, scores = self.frames.get(index, (np.zeros((0, 0, 2)), np.zeros((0, 0))))
        return People.from_layout(keypoints, scores, self.layout)


def find_mmpose_weights():
    """RTMPose and RTMDet checkpoints where mmpose/mmdet keep downloads (torch hub cache), if present."""
    hub = Path(os.environ.get('TORCH_HOME', Path.home() / '.cache' / 'torch')) / 'hub' / 'checkpoints'
    pose = sorted(hub.glob('rtmpose-m*coco*.pth')) if hub.is_dir() else []
    det = sorted(hub.glob('rtmdet*tiny*.pth')) if hub.is_dir() else []
    return (str(pose[0]), str(det[0])) if pose and det else None


def build_detector(name='auto', device='cpu', **kwargs):
    """'auto': mmpose when its weights are on disk, the bundled mediapipe detector (with kwargs) otherwise."""
    import pipeline.people.mediapipe_detector  # noqa: F401  (registers 'mediapipe')
    if name == 'auto':
        weights = find_mmpose_weights()
        if weights:
            return build(DETECTORS, dict(type='mmpose', pose_checkpoint=weights[0], det_checkpoint=weights[1],
                                         device=device))
        return build(DETECTORS, dict(type='mediapipe', **kwargs))
    if name not in DETECTORS.module_dict:
        raise UserError(f'unknown detector {name!r}; known: auto, {", ".join(DETECTORS.module_dict)}')
    if name == 'mmpose':
        kwargs['device'] = device
    return build(DETECTORS, dict(type=name, **kwargs))

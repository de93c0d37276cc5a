#!/usr/bin/env bash
# Installs everything the product uses into the current Python (3.10-3.12) on a fresh Debian/Ubuntu machine.
# Order matters: torch first (mmcv compiles against it), then one OpenCV build, then OpenMMLab with --no-deps
# so none of them drags in a second OpenCV or the chumpy package (which does not build and is never imported).
set -euo pipefail
cd "$(dirname "$0")"
PIP="python3 -m pip install --progress-bar off"

if command -v apt-get >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  # libusb: open3d 0.20; libgl/libegl/mesa: open3d headless rendering; libglib: OpenCV.
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends libusb-1.0-0 libgl1 libegl1 libgl1-mesa-dri libglib2.0-0 >/dev/null
fi

# PyPI's CUDA builds of torch/torchvision run on CPU too; never mix a CPU-only torch with PyPI's torchvision.
$PIP torch==2.5.1 torchvision==0.20.1
$PIP -r requirements.txt
# mmcv 2.1.0 has no wheel for this torch: build it with its C++ ops against the torch just installed.
if ! python3 -c "import mmcv.ops" 2>/dev/null; then
  $PIP "setuptools>=77,<81" wheel ninja
  MMCV_WITH_OPS=1 MAX_JOBS="$(nproc)" $PIP --no-build-isolation --no-deps mmcv==2.1.0
fi
$PIP --no-deps mmengine==0.10.7 mmdet==3.3.0 mmpose==1.3.2 mediapipe==0.10.14
# xtcocotools' wheels were built against numpy 1; build it against the numpy we have.
python3 -c "import xtcocotools.coco" 2>/dev/null || $PIP --no-binary xtcocotools xtcocotools==1.14.3
python3 -c "import torch, torchvision, cv2, mmcv.ops, mmpose, mmdet, mmengine, open3d, mediapipe; print('install ok: torch', torch.__version__, 'mmcv', mmcv.__version__, 'mmpose', mmpose.__version__, 'cv2', cv2.__version__)"

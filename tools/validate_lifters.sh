#!/usr/bin/env bash
# Per-action validation tables (train S1,S5,S6,S7; validate S8) for every supervised lifter, with
# ground-truth and detected 2D input, from the lifter.pth each training run left in its work dir.
#   bash tools/validate_lifters.sh DATA_DIR [WORK_DIRS] [OUT_DIR]
# CFG_OPTIONS="key=value ..." is passed to tools/test.py (e.g. model.codec.perspective=False for lifters
# trained before the perspective codec).
set -euo pipefail
cd "$(dirname "$0")/.."
D=${1:?usage: validate_lifters.sh DATA_DIR [WORK_DIRS] [OUT_DIR]}
W=${2:-work_dirs}
OUT=${3:-benchmarks/val_S8}
mkdir -p "$OUT"
for name in simple_baseline_h36m deepbase1_h36m deepbase2_h36m supervised_gan_h36m; do
  for input in gt sh; do
    echo "## $name, $input 2D"
    python tools/test.py "configs/lifters/$name.py" "$W/$name/lifter.pth" --data-3d "$D/h36m_train_3d.npz" \
      --data-2d "$D/h36m_train_sh2d.npz" --cameras "$D/h36m_cameras.json" --subjects S8 --input "$input" \
      --out "$OUT/${name}_$input.json" ${CFG_OPTIONS:+--cfg-options $CFG_OPTIONS}
  done
done

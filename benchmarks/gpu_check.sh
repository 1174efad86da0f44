#!/usr/bin/env bash
# One-shot check on a CUDA machine, from the repository root, in under 5 minutes on an H100:
#   1. the quickstart command end to end on the GPU (5 epochs, graphed path);
#   2. the benchmarks measured, CPU and GPU (training four ways, inference, 5-epoch recipes);
#   2b. the floor of one training step on this GPU (kernels per step, a graph node's time);
#   3. every other gpu test of the spec, both tiers.
#
#   OUT=/tmp/gpu-check bash benchmarks/gpu_check.sh
#   STEPS="bench floor" OUT=... bash benchmarks/gpu_check.sh   # only some steps: quickstart bench floor tests
#
# Real Fashion-MNIST: set FASHION_MNIST_ROOT, or put the Debian package's four .gz files (31 MB)
# in data/fashion-mnist/ (git-ignored; carry it): they are found there. Without them the
# benchmarks train on a synthetic set of the real size (60,000 + 10,000), and say so.
# Writes to $OUT (5 files): gpu-check.log, bench-gpu.json, ratios.md, quickstart-metrics.json,
# predictions.png. Every step runs even if one before it failed; the exit status is the worst.
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-out/gpu-check}
mkdir -p "$OUT"
PY=${PYTHON:-$(command -v python3 || command -v python)}
LOG="$OUT/gpu-check.log"
STEPS=" ${STEPS:-quickstart bench floor tests} "
status=0
want() { [[ "$STEPS" == *" $1 "* ]]; }
step() {  # step SECONDS COMMAND...: run with a time limit, log everything, remember a failure
  local limit=$1; shift
  echo "=== $(date +%T) $* (limit ${limit}s)" | tee -a "$LOG"
  timeout "$limit" "$@" 2>&1 | tee -a "$LOG"
  local rc=${PIPESTATUS[0]}
  echo "=== exit status $rc" | tee -a "$LOG"
  [ "$rc" -ne 0 ] && status=$rc
  return 0
}
if [ -z "${FASHION_MNIST_ROOT:-}" ] && ls data/fashion-mnist/*.gz >/dev/null 2>&1; then
  export FASHION_MNIST_DEBIAN_DIR="$PWD/data/fashion-mnist"  # reference.fashion_mnist.files decompresses them once
fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"  # the repository's packages, for every step
export FASHION_MNIST_CACHE="${FASHION_MNIST_CACHE:-/tmp/fashion-mnist-cache}"

: >"$LOG"
step 30 nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
step 60 "$PY" -c "
import os, torch, torchvision, onnxruntime, pytest, pytest_benchmark, hypothesis, tqdm, matplotlib
print('torch', torch.__version__, 'CUDA', torch.version.cuda, 'available', torch.cuda.is_available(),
      torch.cuda.get_device_name(0) if torch.cuda.is_available() else '')
print('torchvision', torchvision.__version__, 'onnxruntime', onnxruntime.__version__, 'pytest', pytest.__version__,
      'pytest-benchmark', pytest_benchmark.__version__, 'cpu cores', os.cpu_count())
from reference.fashion_mnist import files as data_files
print('Fashion-MNIST:', data_files.describe_data_root())
"

# 1. The main job on the GPU: 5 epochs, save, ONNX parity, predictions, metrics (~15 s).
if want quickstart; then
  step 75 "$PY" -m reference.quickstart.train --no-progress --out /tmp/quickstart-gpu
  cp /tmp/quickstart-gpu/metrics.json "$OUT/quickstart-metrics.json" 2>/dev/null
  cp /tmp/quickstart-gpu/predictions.png "$OUT/predictions.png" 2>/dev/null
fi

# 2. Benchmarks, measured, CPU and GPU (~2 min; the CPU's published loop is the longest part).
if want bench; then
  step 200 "$PY" -m pytest spec/pages/test_benchmarks.py --benchmark-enable --benchmark-json="$OUT/bench-gpu.json" \
    --require-gpu -p no:cacheprovider -q -ra --benchmark-columns=median,rounds --benchmark-sort=name
  step 30 "$PY" benchmarks/ratios.py "$OUT/bench-gpu.json"
  "$PY" benchmarks/ratios.py "$OUT/bench-gpu.json" >"$OUT/ratios.md" 2>/dev/null
fi

# 2b. Why (d) cannot go much faster: kernels per training step and a graph node's floor (~10 s).
want floor && step 45 "$PY" benchmarks/gpu_floor.py

# 3. Every gpu test of the spec but the benchmarks (quick and slow tiers).
want tests && step 110 "$PY" -m pytest -m "gpu and not benchmark" --require-gpu -p no:cacheprovider -q -ra

echo "=== done: worst exit status $status; files in $OUT" | tee -a "$LOG"
exit "$status"

#!/usr/bin/env bash
# Train on a lent GPU machine (the device tool's `run`), where ../shared/corpora is not:
# the data goes as a training pack (training/pack.py), one part per call.
#
# 1. Here, with the corpora:
#      .venv/bin/python -m training pack --recipe training/recipes/en_modern.toml \
#          --base assets/en-default --eval-tokens 50000 --out runs/pack-en-modern
#    (Chinese: --recipe training/recipes/zh_modern.toml --base assets/zh-default
#     --han-tokens 3 --eval-tokens 20000 --out runs/pack-zh-modern: the flags zh_modern.sh
#     gives the corpus path, HAN_TOKENS=3 by default)
# 2. device `run` calls carry the pack's files (`carry`, up to 8 paths each), as many per
#    call as fit in 64 MiB beside the tracked files (~43 MB): the English pack (25 MiB:
#    manifest.json, tokenizer.json, eval.npz, train-00..02.npz) in two calls, the first with
#    the three small files and train-00.npz running `true`; the Chinese pack (23.8 MiB:
#    manifest.json, tokenizer.json, eval.npz, train-00..04.npz 5.8 / 5.2 / 5.4 / 6.9 / 0.8 MB)
#    the same way, the small files with train-00 and train-01 first, then train-02..04 with
#    the run (JOB=zh_modern PACK=runs/pack-zh-modern; LR as zh_modern.sh takes it). Files
#    carried earlier stay on the warm machine.
# 3. The last call carries the last parts and runs, with the minutes the device has left:
#      JOB=en_modern PACK=runs/pack-en-modern MINUTES=9 training/jobs/device_train.sh
# 4. Back here (the weights come back only from a run that ended well, in 15 MiB parts:
#    English 2, Chinese 3; the Chinese job run here end to end with MINUTES=1 THREADS=1
#    OUT=/tmp/devout-zh, 2026-12-07: 8 steps, the parts' SHA-256 as printed), under files_at:
#      mkdir -p runs/en-gpu && cat FILES_AT/best.pt.part-* > runs/en-gpu/best.pt
#      .venv/bin/python -m training build --checkpoint runs/en-gpu/best.pt \
#          --recipe training/recipes/en_modern.toml --out /tmp/en-new --language en
#    and a later GPU session continues from it: pack again with --base runs/en-gpu/best.pt
#    and run with BASE=runs/en-gpu/best.pt (both job scripts read BASE).
# A run folder is resumed when it holds last.pt, and --max-minutes counts all its sessions
# together: on a machine that already trained into $RUN, give another RUN.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JOB:?JOB=en_modern or zh_modern}" "${PACK:?PACK=runs/pack-NAME}" "${OUT:?OUT: the device tool sets it}"
export PY=${PY:-python3} THREADS=${THREADS:-8} BATCH=${BATCH:-128} MINUTES=${MINUTES:-9}
export RUN=${RUN:-runs/gpu-$JOB} PYTHONUNBUFFERED=1 ORT_DISABLE_TELEMETRY=1
{ nvidia-smi --query-gpu=name,memory.used,memory.total --format=csv || echo "no GPU: CPU"; } | tee "$OUT/gpu.txt"
set +e
PACK="$PACK" "training/jobs/$JOB.sh" 2>&1 | tee "$OUT/train.log"
status=${PIPESTATUS[0]}
set -e
if [[ "$status" -eq 0 && -f "$RUN/best.pt" ]]; then
    "$PY" -c "import sys; from pathlib import Path; from training.checkpoint import save_for_export; \
save_for_export(Path(sys.argv[1]), Path(sys.argv[2]))" "$RUN/best.pt" "$RUN/best-weights.pt"
    split -b 15M -d "$RUN/best-weights.pt" "$OUT/best.pt.part-"
    sha256sum "$RUN/best-weights.pt" | tee "$OUT/best.pt.sha256"
fi
exit "$status"

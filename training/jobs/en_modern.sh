#!/usr/bin/env bash
# Fine-tune the shipped English model on training/recipes/en_modern.toml (issue 13).
# Resumable: run it again and it continues from runs/en-modern/last.pt.
#   CPU (background, one core):  nohup nice -n 10 training/jobs/en_modern.sh >runs/en-modern.log 2>&1 &
#   GPU machine: THREADS=8 BATCH=128 MINUTES=9 training/jobs/en_modern.sh
# Then: .venv/bin/python -m training build --checkpoint runs/en-modern/best.pt --out /tmp/en-modern
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
RUN=${RUN:-runs/en-modern}
THREADS=${THREADS:-1}
BATCH=${BATCH:-32}
MINUTES=${MINUTES:-140}
CORPORA=${CORPORA:-../shared/corpora}
data=(--recipe training/recipes/en_modern.toml --corpora "$CORPORA")
# PACK: a folder from `python -m training pack` (training/jobs/device_train.sh): no corpora needed
[[ -n "${PACK:-}" ]] && data=(--pack "$PACK")
base=(--base "${BASE:-assets/en-default}")
[[ -f "$RUN/last.pt" ]] && base=(--resume)
exec "$PY" -m training train "${data[@]}" \
    "${base[@]}" --run-dir "$RUN" --batch-size "$BATCH" --seq-len 128 \
    --lr 1e-3 --warmup-steps 100 --eval-every 250 --eval-tokens 50000 --threads "$THREADS" \
    --max-steps 1000000 --max-minutes "$MINUTES" --no-bar

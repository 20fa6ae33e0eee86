#!/usr/bin/env bash
# Fine-tune the Chinese model on modern Chinese (issue 12): training/recipes/zh_modern.toml,
# starting from assets/zh-default with its tokenizer grown to English words and identifiers
# (--extend-vocab). Resumable: run it again and it continues from $RUN/last.pt.
#   CPU (background, one core):  nohup nice -n 10 training/jobs/zh_modern.sh >runs/zh-modern.log 2>&1 &
#   GPU machine: THREADS=8 BATCH=128 MINUTES=9 training/jobs/zh_modern.sh
# Then: .venv/bin/python -m training build --checkpoint runs/zh-modern/best.pt --out /tmp/zh-modern
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
RUN=${RUN:-runs/zh-modern}
THREADS=${THREADS:-1}
BATCH=${BATCH:-32}
MINUTES=${MINUTES:-100}
VOCAB=${VOCAB:-10000}
CORPORA=${CORPORA:-../shared/corpora}
start=(--base assets/zh-default --extend-vocab "$VOCAB" --dropout 0.1)
[[ -f "$RUN/last.pt" ]] && start=(--resume)
exec "$PY" -m training train --recipe training/recipes/zh_modern.toml --corpora "$CORPORA" \
    "${start[@]}" --run-dir "$RUN" --batch-size "$BATCH" --seq-len 128 \
    --lr 1e-3 --warmup-steps 100 --eval-every 500 --eval-tokens 20000 --threads "$THREADS" \
    --max-steps 1000000 --max-minutes "$MINUTES" --no-bar

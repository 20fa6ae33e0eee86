#!/usr/bin/env bash
# Fine-tune the Chinese model on modern Chinese (issue 12): training/recipes/zh_modern.toml,
# starting from $BASE (default assets/zh-default). Resumable: run it again and it continues
# from $RUN/last.pt.
#   Stage 1 (the first zh-modern model, from the classics-only model at commit 304acbb):
#     VOCAB=10000 HAN_TOKENS=0 training/jobs/zh_modern.sh  (tokenizer grown to English words)
#   Stage 2 (the shipped model, from stage 1): training/jobs/zh_modern.sh
#     (every Han character the training text holds 3+ times made one token: HAN_TOKENS=3)
#   CPU (background):  nohup training/jobs/zh_modern.sh >runs/zh-modern.log 2>&1 &
#   GPU machine: THREADS=8 BATCH=128 MINUTES=9 training/jobs/zh_modern.sh
# Needs ../shared/corpora/zh-heldout (the recipe's test sets): python -m bench.zh_heldout --out ../shared/corpora/zh-heldout
# Then: .venv/bin/python -m training build --checkpoint runs/zh-modern/best.pt --out /tmp/zh-modern
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
RUN=${RUN:-runs/zh-modern}
BASE=${BASE:-assets/zh-default}
THREADS=${THREADS:-2}
BATCH=${BATCH:-32}
MINUTES=${MINUTES:-100}
VOCAB=${VOCAB:-0}
HAN_TOKENS=${HAN_TOKENS:-3}
CORPORA=${CORPORA:-../shared/corpora}
start=(--base "$BASE" --extend-vocab "$VOCAB" --han-tokens "$HAN_TOKENS" --dropout 0.1)
[[ -f "$RUN/last.pt" ]] && start=(--resume)
exec "$PY" -m training train --recipe training/recipes/zh_modern.toml --corpora "$CORPORA" \
    "${start[@]}" --run-dir "$RUN" --batch-size "$BATCH" --seq-len 128 \
    --lr 1e-3 --warmup-steps 100 --eval-every 500 --eval-tokens 20000 --threads "$THREADS" \
    --max-steps 1000000 --max-minutes "$MINUTES" --no-bar

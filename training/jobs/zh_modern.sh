#!/usr/bin/env bash
# Fine-tune the Chinese model on modern Chinese (issue 12): training/recipes/zh_modern.toml,
# starting from $BASE (default assets/zh-default). Resumable: run it again and it continues
# from $RUN/last.pt.
#   Stage 1 (the first zh-modern model, from the classics-only model at commit 304acbb):
#     VOCAB=10000 HAN_TOKENS=0 training/jobs/zh_modern.sh  (tokenizer grown to English words)
#   Stage 2 (the shipped model, from stage 1): training/jobs/zh_modern.sh
#     (every Han character the training text holds 3+ times made one token: HAN_TOKENS=3)
#   Stage 3 (longer training of the shipped model, same tokenizer and recipe):
#     VOCAB=0 HAN_TOKENS=0 LR=5e-4 RUN=runs/zh-stage3 training/jobs/zh_modern.sh
#   Stages 4-5 (CPU, from the last; not shipped: the held-out stories got worse, RESULTS.md):
#     VOCAB=0 HAN_TOKENS=0 LR=3e-4 THREADS=1 BASE=runs/zh-stage4/best.pt RUN=runs/zh-stage5 training/jobs/zh_modern.sh
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
LR=${LR:-1e-3}
VOCAB=${VOCAB:-0}
HAN_TOKENS=${HAN_TOKENS:-3}
CORPORA=${CORPORA:-../shared/corpora}
data=(--recipe training/recipes/zh_modern.toml --corpora "$CORPORA")
# PACK: a folder from `python -m training pack` (training/jobs/device_train.sh): no corpora needed
[[ -n "${PACK:-}" ]] && data=(--pack "$PACK")
start=(--base "$BASE" --dropout 0.1)
# a pack's tokenizer is already grown (give VOCAB/HAN_TOKENS to `training pack` instead)
[[ -z "${PACK:-}" ]] && start+=(--extend-vocab "$VOCAB" --han-tokens "$HAN_TOKENS")
[[ -f "$RUN/last.pt" ]] && start=(--resume)
exec "$PY" -m training train "${data[@]}" \
    "${start[@]}" --run-dir "$RUN" --batch-size "$BATCH" --seq-len 128 \
    --lr "$LR" --warmup-steps 100 --eval-every 500 --eval-tokens 20000 --threads "$THREADS" \
    --max-steps 1000000 --max-minutes "$MINUTES" --no-bar

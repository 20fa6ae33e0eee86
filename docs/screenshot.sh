#!/usr/bin/env bash
# Take docs/screenshot.png: the real window under Xvfb (xcb platform, no window
# manager), a sentence typed with xdotool, a suggestion visible. Also prints the
# start-up timings (launch -> window, model loaded, first suggestion).
#
#   docs/screenshot.sh [MODEL_DIR] [TEXT]
#
# Needs: xvfb xdotool imagemagick libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
# fonts-noto-cjk (see docs/UI_NOTES.md).
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-assets/en-default}
TEXT=${2:-It was a dark and stormy}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/settings.toml" <<TOML
debounce_ms = 60
threshold = ${THRESHOLD:-0.0}
font_size = 13.0
TOML
printf '# Chapter One\n\nThe house stood at the end of the lane, half hidden by the old elms.\n\n' \
    > "$WORK/chapter-one.md"
export INKLING_SETTINGS="$WORK/settings.toml" INKLING_RECOVERY_DIR="$WORK/recovery"
xvfb-run -a -s "-screen 0 860x520x24" bash -c '
    set -eu
    .venv/bin/python -m writer_app --timing --model "$0" "$1/chapter-one.md" 2> "$1/app.log" &
    APP=$!
    WID=$(xdotool search --sync --onlyvisible --name "Inkling" | head -1)
    xdotool windowmove "$WID" 0 0 windowsize "$WID" 860 520 windowfocus --sync "$WID"
    until grep -q "model .* loaded\|suggestions off" "$1/app.log"; do sleep 0.2; done
    xdotool key ctrl+End
    xdotool type --delay 40 "$2"
    until grep -q "first suggestion shown" "$1/app.log"; do sleep 0.2; done
    sleep 0.5
    docs/pick_shot.sh "$1"
    kill "$APP"; wait "$APP" || true
' "$MODEL" "$WORK" "$TEXT"
grep "inkling timing" "$WORK/app.log" || cat "$WORK/app.log"
convert "$WORK/shot.png" -strip -colors 64 docs/screenshot.png
ls -l docs/screenshot.png

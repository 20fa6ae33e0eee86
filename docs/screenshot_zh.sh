#!/usr/bin/env bash
# Take docs/screenshot-zh.png: the real window under Xvfb (xcb, no window manager) with
# Chinese text, the model chosen automatically by the script (no --model), a Chinese
# suggestion visible and the status bar naming the Chinese model.
#
#   docs/screenshot_zh.sh [TEXT_FILE]
#   TYPE=func OUT=/tmp/func.png docs/screenshot_zh.sh doc.txt   # type ASCII keys at the end
#
# xdotool cannot type CJK text, so the text comes from a UTF-8 file (default: the
# paragraph below, written for this script, not from any training file); the cursor goes
# to its end (Ctrl+End) and Ctrl+Space asks for a suggestion. Needs what docs/screenshot.sh
# needs (xvfb xdotool imagemagick, the xcb libraries, fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ $# -ge 1 ]; then
    cp "$1" "$WORK/散步.txt"
else
    printf '%s' "那天晚上，我们在河边散步。天气很冷，风从水面上吹过来，大家都不大说话。走了一会儿，他忽然站住了，回过头来看着我，叹了一口" \
        > "$WORK/散步.txt"
fi
cat > "$WORK/settings.toml" <<TOML
debounce_ms = 60
threshold = ${THRESHOLD:-0.3}
font_size = 13.0
TOML
export INKLING_SETTINGS="$WORK/settings.toml" INKLING_RECOVERY_DIR="$WORK/recovery"
export TYPE=${TYPE:-}
xvfb-run -a -s "-screen 0 860x520x24" bash -c '
    set -eu
    .venv/bin/python -m writer_app --timing "$0/散步.txt" 2> "$0/app.log" &
    APP=$!
    WID=$(xdotool search --sync --onlyvisible --name "Inkling" | head -1)
    xdotool windowmove "$WID" 0 0 windowsize "$WID" 860 520 windowfocus --sync "$WID"
    until grep -q "model .* loaded\|suggestions off" "$0/app.log"; do sleep 0.2; done
    xdotool key ctrl+End
    sleep 0.3
    if [ -n "${TYPE:-}" ]; then xdotool type --delay 200 "$TYPE"; else xdotool key ctrl+space; fi
    until grep -q "first suggestion shown" "$0/app.log"; do sleep 0.2; done
    sleep 0.5
    docs/pick_shot.sh "$0"
    kill "$APP"; wait "$APP" || true
' "$WORK"
grep "inkling timing" "$WORK/app.log" || cat "$WORK/app.log"
OUT=${OUT:-docs/screenshot-zh.png}
convert "$WORK/shot.png" -strip -colors 64 "$OUT"
ls -l "$OUT"

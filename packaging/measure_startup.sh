#!/usr/bin/env bash
# Start-up of an installed Inkling, launch to window and launch to first suggestion, as
# the app itself reports them with --timing (times from process start, /proc/self/stat).
# Each run: launch under Xvfb (no window manager) with a fresh settings file, wait for the
# window and the model, type TEXT with xdotool (40 ms a key), wait for the ghost text.
#
#   packaging/measure_startup.sh [RUNS] [LAUNCHER...]
#
# LAUNCHER defaults to .venv/bin/writer-app (e.g. dist/inkling/inkling for the bundle).
# Needs: xvfb xdotool libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1. Writes only to a
# temporary folder.
set -euo pipefail
RUNS=${1:-5}
shift || true
[ $# -gt 0 ] || set -- "$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/writer-app"
TEXT=${TEXT:-It was a dark and stormy}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/settings.toml" <<TOML
debounce_ms = 60
threshold = 0.0
TOML
for run in $(seq "$RUNS"); do
    rm -rf "$WORK/recovery"
    cp "$WORK/settings.toml" "$WORK/run.toml"
    INKLING_SETTINGS="$WORK/run.toml" INKLING_RECOVERY_DIR="$WORK/recovery" \
    xvfb-run -a -s "-screen 0 860x520x24" bash -c '
        set -eu
        log=$1; text=$2; shift 2
        "$@" --timing 2> "$log" &
        APP=$!
        WID=$(xdotool search --sync --onlyvisible --name "Inkling" | head -1)
        xdotool windowfocus --sync "$WID"
        until grep -q "model .* loaded\|suggestions off" "$log"; do sleep 0.1; done
        xdotool type --delay 40 "$text"
        until grep -q "first suggestion shown" "$log"; do sleep 0.1; done
        kill "$APP"; wait "$APP" 2>/dev/null || true
    ' measure "$WORK/app.log" "$TEXT" "$@"
    echo "run $run: $(sed -n 's/.*timing\] \(.*\) after launch/\1;/p' "$WORK/app.log" | tr '\n' ' ')"
done

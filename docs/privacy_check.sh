#!/usr/bin/env bash
# Nothing leaves the machine: run the app (typing into it under Xvfb, so its engine child
# works) and a short retrain under strace, with an empty HOME, and report every internet
# socket (AF_INET/AF_INET6), connect or sendto to a non-local address, and whether
# onnxruntime's telemetry folder appeared. Exit 1 on any finding.
# Needs: strace xvfb xdotool (apt-get install -y strace xvfb xdotool).
# Usage (from the repository root): docs/privacy_check.sh [RETRAIN_TEXT_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
OUT=$(mktemp -d /tmp/inkling-privacy.XXXX)
export HOME="$OUT/home" DISPLAY=:${DISPLAY_NUM:-77}
mkdir -p "$HOME"
Xvfb "$DISPLAY" -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 2

echo "app: typing for 30 s under strace (trace in $OUT/app.trace)"
# The app quits after 30 s (timeout), past onnxruntime's telemetry delay (~9 s after import);
# its engine child exits with it.
strace -f -e trace=socket,connect,sendto,sendmsg -o "$OUT/app.trace" \
    timeout 30 "$PY" -m writer_app >"$OUT/app.log" 2>&1 & app=$!
sleep 8
xdotool mousemove 300 200 click 1
xdotool type --delay 150 "It was the best of times, it was the worst of times. The weather was cold and"
wait "$app" || true

text=${1:-}
if [[ -z "$text" ]]; then
    text="$OUT/mywriting.txt"
    head -c 200000 ../shared/corpora/en-novels-1880-1930/Conrad_Almayer_1895.txt >"$text"
fi
echo "retrain: 20 steps under strace (trace in $OUT/retrain.trace)"
strace -f -e trace=socket,connect,sendto,sendmsg -o "$OUT/retrain.trace" \
    "$PY" -m training retrain --base assets/en-default --out "$OUT/retrained" --max-steps 20 --threads 1 "$text" \
    >"$OUT/retrain.log" 2>&1

status=0
for t in app retrain; do
    inet=$(grep -E 'AF_INET6?[,}]' "$OUT/$t.trace" || true)
    if [[ -n "$inet" ]]; then echo "$t: INTERNET SOCKET:"; echo "$inet"; status=1; else echo "$t: no internet socket"; fi
    echo "$t: $(grep -c -E 'connect\(|sendto\(|sendmsg\(' "$OUT/$t.trace") connect/send calls, all on local (AF_UNIX) sockets"
done
if [[ -e "$HOME/.cache/Microsoft" ]]; then echo "TELEMETRY FOLDER: $(find "$HOME/.cache/Microsoft")"; status=1
else echo "no onnxruntime telemetry folder under HOME"; fi
exit $status

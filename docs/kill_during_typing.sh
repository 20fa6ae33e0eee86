#!/usr/bin/env bash
# Crash check for autosave: a steady typist is killed mid-typing and restores.
#
# The real app (.venv/bin/python -m writer_app) runs under Xvfb with story.txt open.
# xdotool types into it, a key every 0.3 s (each key "xdotool type --delay 300", paced
# to start 0.3 s after the one before), never a 3 s pause, for TYPE_S seconds plus a
# random 0-4 s (so the kill falls anywhere in the autosave cycle); then the app is killed
# with kill -9. The script reads the recovery entry left behind, starts the app again on
# the same file, presses Return on the recovery question (Restore), saves with Ctrl+S,
# and checks that story.txt holds the recovered text and that one window shows it.
#
#   docs/kill_during_typing.sh [RUNS] [TYPE_S] [DISPLAY_NUMBER]
#
# Prints per run: keys sent before the kill, characters recovered, characters lost
# (the key in flight at the kill may or may not have arrived: lost is exact to -1),
# and the lost span in seconds of typing. Exit status 1 if any run lost more than 5 s
# of typing or restored something other than what was typed.
# PY=... picks another interpreter (e.g. to run an older checkout with this venv).
# Needs: xvfb xdotool libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
TYPE_S=${2:-30}
DISP=${3:-51}
PY=${PY:-.venv/bin/python}
KEY_MS=300
KEY_S=0.3
TEXT="the quick brown fox jumps over the lazy dog and then it runs back again. "
WORK=$(mktemp -d)
export DISPLAY=":$DISP"
XVFB=""
if ! xdotool getdisplaygeometry >/dev/null 2>&1; then
    Xvfb "$DISPLAY" -screen 0 1024x700x24 >/dev/null 2>&1 &
    XVFB=$!
    for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
fi
cleanup() {
    [ -n "${TYPIST:-}" ] && kill "$TYPIST" 2>/dev/null
    [ -n "${APP:-}" ] && kill -9 "$APP" 2>/dev/null
    [ -n "$XVFB" ] && kill "$XVFB" 2>/dev/null
    if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

start_app() {  # $1: run folder; sets APP and WID
    "$PY" -m writer_app --settings "$1/settings.toml" --recovery-dir "$1/recovery" \
        "$1/story.txt" >> "$1/app.log" 2>&1 &
    APP=$!
    WID=$(timeout 60 xdotool search --sync --onlyvisible --name "story.txt" | head -1) || {
        echo "The app opened no window; its log:"; tail -20 "$1/app.log"; exit 1; }
}

typist() {  # $1: run folder. One key every KEY_S s; counts the keys sent in $1/sent.
    local i=0 n=${#TEXT} t0 due now
    t0=$(date +%s%N)
    while :; do
        due=$(( t0 + i * KEY_MS * 1000000 ))
        now=$(date +%s%N)
        (( due > now )) && sleep "$(printf '0.%09d' $(( due - now )))"
        xdotool type --delay 300 -- "${TEXT:$(( i % n )):1}"
        i=$(( i + 1 ))
        echo "$i" > "$1/sent"
    done
}

worst=0
status=0
for run in $(seq "$RUNS"); do
    R="$WORK/run$run"
    mkdir -p "$R"
    printf 'Start.\n' > "$R/story.txt"
    start_app "$R"
    xdotool windowfocus --sync "$WID"
    sleep 2  # let the window settle (the model loads meanwhile)
    xdotool key ctrl+End
    echo 0 > "$R/sent"
    typist "$R" &
    TYPIST=$!
    sleep "$(( TYPE_S + RANDOM % 4 )).$(( RANDOM % 10 ))"
    kill -9 "$APP"
    kill "$TYPIST"; wait "$TYPIST" 2>/dev/null || true
    wait "$APP" 2>/dev/null || true
    TYPIST="" APP=""
    sent=$(cat "$R/sent")
    typed=$("$PY" -c 'import sys; t, n = sys.argv[1], int(sys.argv[2]); print((t * (n // len(t) + 2))[:n], end="")' "$TEXT" "$sent")
    entry=$(ls "$R"/recovery/*.json 2>/dev/null | head -1 || true)
    recovered=""
    [ -n "$entry" ] && recovered=$("$PY" -c 'import sys; print(open(sys.argv[1], encoding="utf-8").read().removeprefix("Start.\n"), end="")' "${entry%.json}.txt")
    lost=$(( sent - ${#recovered} ))
    # Restart, answer Restore, save, and compare the file with the recovery entry.
    if [ -z "$entry" ]; then
        ok="no: nothing was autosaved"
    else
        start_app "$R"
        ASK=$(timeout 60 xdotool search --sync --onlyvisible --name "Recover unsaved work" | head -1)
        xdotool windowfocus --sync "$ASK" key Return  # Restore is the default button
        sleep 2
        WID=$(timeout 30 xdotool search --sync --onlyvisible --name "story.txt" | head -1)
        windows=$( (xdotool search --onlyvisible --name "story.txt" || true) | wc -l)
        xdotool windowfocus --sync "$WID" key ctrl+s
        sleep 1
        saved=$("$PY" -c 'import sys; print(open(sys.argv[1], encoding="utf-8").read().removeprefix("Start.\n"), end="")' "$R/story.txt")
        kill "$APP"; wait "$APP" 2>/dev/null || true
        APP=""
        ok=yes
        [[ "$typed" == "$recovered"* ]] || ok="no: recovered text is not what was typed"
        [ "$saved" == "$recovered" ] || ok="no: the saved file is not the recovered text"
        [ "$windows" -eq 1 ] || ok="no: $windows windows of story.txt"
    fi
    lost_s=$("$PY" -c "print(f'{$lost * $KEY_S:.1f}')")
    echo "run $run: keys sent $sent, recovered ${#recovered}, lost $lost (-1) = ${lost_s} s of typing; restored+saved ok: $ok"
    (( lost > worst )) && worst=$lost
    [ "$ok" == yes ] || status=1
    "$PY" -c "import sys; sys.exit(0 if $lost * $KEY_S <= 5.0 else 1)" || status=1
done
echo "worst: $worst characters lost ($("$PY" -c "print(f'{$worst * $KEY_S:.1f}')") s of typing)"
exit $status

#!/bin/bash
# Usage (inside an Xvfb session): docs/pick_shot.sh DIR
# Takes six screenshots through one cursor-blink period and keeps the darkest as DIR/shot.png:
# the text cursor is the only difference between them, and the darkest has it drawn.
set -eu
for i in 1 2 3 4 5 6; do import -window root "$1/shot$i.png"; sleep 0.15; done
for i in 1 2 3 4 5 6; do
    echo "$(convert "$1/shot$i.png" -format "%[fx:mean]" info:) $1/shot$i.png"
done | sort -n | head -1 | cut -d" " -f2 | xargs -I{} mv {} "$1/shot.png"

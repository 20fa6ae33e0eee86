"""Progress of a retraining run: readable lines for people, JSON lines for the app.

With ``--progress-json`` every event is one JSON object per line on stdout, flushed at
once, e.g. ``{"event": "progress", "step": 40, "loss": 3.52, "elapsed_s": 61.2,
"remaining_s": 130.0, "fraction": 0.33}``. Events, in order: start, scan (with the files
left out for being in another language than the model's), skipped, data, warning (held-out
text too small to tell which model is better), phase (prepare, measure_old, train, export,
measure_new, install), measuring (the share of a measure phase done), progress, eval,
measured, report, and finally done, error or cancelled. Every event has "message", a
sentence for people. The app's parser is writer_app/retrain/job.py.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO

PROGRESS_INTERVAL_S = 0.25  # at most this often for step events (a tiny model does 100s/s)


class Events:
    """Writes events to ``out`` as JSON lines (json_mode) or as plain messages."""

    def __init__(self, json_mode: bool, out: TextIO | None = None) -> None:
        self.json_mode = json_mode
        self.out = out or sys.stdout
        self._last_progress = 0.0
        self._last_human = 0.0
        self._last_measuring = 0.0

    def emit(self, event: str, message: str = "", **fields: Any) -> None:
        if self.json_mode:
            line = json.dumps({"event": event, "message": message, **fields}, ensure_ascii=False)
            self.out.write(line + "\n")
            self.out.flush()
        elif message:
            self.out.write(message + "\n")
            self.out.flush()

    def progress(self, force: bool = False, **fields: Any) -> None:
        """A training step; rate-limited unless ``force`` (people get one line per 10 s)."""
        now = time.monotonic()
        if not force and now - self._last_progress < PROGRESS_INTERVAL_S:
            return
        self._last_progress = now
        if self.json_mode:
            self.emit("progress", **fields)
        elif force or now - self._last_human >= 10.0:
            self._last_human = now
            left = fields.get("remaining_s")
            self.emit("progress", f"step {fields['step']}: loss {fields['loss']:.3f}, "
                      f"{clock(fields['elapsed_s'])} elapsed"
                      + (f", about {clock(left)} left" if left is not None else ""))


    def measuring(self, fraction: float) -> None:
        """The share (0..1) of the current measure phase done; for the app only (no line for
        people), at most every PROGRESS_INTERVAL_S."""
        now = time.monotonic()
        if self.json_mode and now - self._last_measuring >= PROGRESS_INTERVAL_S:
            self._last_measuring = now
            self.emit("measuring", fraction=round(min(max(fraction, 0.0), 1.0), 4))


def clock(seconds: float) -> str:
    """Seconds as M:SS."""
    s = max(0, int(round(seconds)))
    return f"{s // 60}:{s % 60:02d}"

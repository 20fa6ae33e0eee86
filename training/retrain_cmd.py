"""The ``retrain`` subcommand of ``python -m training`` (arguments and exit codes).

Kept apart from training/retrain.py so that ``--help`` and the "torch is not installed"
message work without torch. Exit status: 0 installed, 2 bad input or failure (message
on stderr, and as an "error" event with --progress-json), 130 cancelled (SIGTERM or
Ctrl+C before the install; once the new model is being moved into place both are
ignored and the run ends as installed).
"""

from __future__ import annotations

import argparse
import os
import signal
from pathlib import Path
from types import FrameType
from typing import Any

from training.errors import DiskFullError, TrainingError

EXIT_CANCELLED = 130


def add_retrain_parser(sub: Any) -> None:
    """Add ``retrain`` to the CLI's subparsers; its number options are RetrainOptions'
    fields (training/config.py), with their help, defaults and ranges."""
    from training.arg_types import add_options
    from training.config import RetrainOptions

    p = sub.add_parser(
        "retrain", help="fine-tune a model folder on your own writing and install it",
        description="Fine-tune MODEL_DIR on the text files and folders given (.txt and .md; "
        "--other-text for any text file the editor opens), hold out a slice for early stopping and a "
        "before/after report, and install the result as NEW_MODEL_DIR.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="text files or folders")
    p.add_argument("--base", type=Path, required=True, metavar="MODEL_DIR",
                   help="the model folder to start from (needs weights.pt)")
    p.add_argument("--out", type=Path, required=True, metavar="NEW_MODEL_DIR",
                   help="the model folder to create (must not exist)")
    p.add_argument("--name", help="model name in the card (default: NEW_MODEL_DIR's name)")
    p.add_argument("--budget", choices=["quick", "thorough"], default=None,
                   help="training time: quick (3 min) or thorough (15 min); default quick "
                   "unless --max-steps is given")
    p.add_argument("--holdout", type=Path, nargs="+", default=[], metavar="FILE",
                   help="hold out these files instead of choosing a slice automatically")
    p.add_argument("--other-text", action="store_true",
                   help="in folders, use every text file the editor opens, not only .txt/.md")
    add_options(p, RetrainOptions)
    p.add_argument("--nice", type=int, default=0, help="lower this process's priority by N")
    p.add_argument("--progress-json", action="store_true",
                   help="print one JSON object per line (events: see training/retrain_events.py)")
    p.set_defaults(func=cmd_retrain)


class CancelSignals:
    """SIGTERM (the app's Cancel) and SIGINT (Ctrl+C) raise Cancelled until the run commits
    to installing (``commit()``, called by retrain() just before the new folder is moved
    into place); from then on the process ignores them to its end, so a model that is
    installed is reported as installed and its staging folder is removed. Use as a
    context manager in the main thread; previous handlers come back only if no commit
    happened."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self) -> None:
        self.committed = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> CancelSignals:
        self._previous = {s: signal.signal(s, self._raise) for s in self.SIGNALS}
        return self

    def __exit__(self, *_exc: object) -> None:
        if not self.committed:
            for s, handler in self._previous.items():
                signal.signal(s, handler)

    def commit(self) -> None:
        self.committed = True
        for s in self.SIGNALS:
            signal.signal(s, signal.SIG_IGN)

    def _raise(self, _signum: int, _frame: FrameType | None) -> None:
        from training.retrain import Cancelled

        if not self.committed:
            raise Cancelled()


def cmd_retrain(args: argparse.Namespace) -> int:
    from training.retrain_events import Events
    from writer_app.retrain.job import install_hint, missing_training_packages

    events = Events(args.progress_json)
    missing = missing_training_packages()
    if missing:
        message = install_hint(missing)
        if events.json_mode:
            events.emit("error", message, kind="no_torch", missing=missing)
        raise TrainingError(message)
    if args.nice > 0:
        os.nice(args.nice)
    from training.arg_types import option_values
    from training.config import RetrainOptions
    from training.retrain import BaseModelError, Cancelled, retrain

    opts = RetrainOptions(**option_values(args, RetrainOptions))
    with CancelSignals() as cancel:
        try:
            retrain(opts, events, committing=cancel.commit)
        except (Cancelled, KeyboardInterrupt):
            events.emit("cancelled",
                        "Cancelled; nothing was installed and the current model is unchanged")
            return EXIT_CANCELLED
        except TrainingError as exc:
            if events.json_mode:  # the app: its own advice for a base that cannot be used
                events.emit("error", exc.in_app if isinstance(exc, BaseModelError) else str(exc),
                            kind="disk_full" if isinstance(exc, DiskFullError) else "failed")
            raise
    return 0

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
    from training.arg_types import (
        non_negative_float,
        non_negative_int,
        positive_float,
        positive_int,
        probability,
    )

    """Add ``retrain`` to the CLI's subparsers."""
    p = sub.add_parser(
        "retrain", help="fine-tune a model folder on your own writing and install it",
        description="Fine-tune MODEL_DIR on the text files and folders given (.txt and .md; "
        "--other-text for any UTF-8 file), hold out a slice for early stopping and a "
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
    p.add_argument("--max-minutes", type=non_negative_float, default=None,
                   help="training time budget in minutes (overrides --budget; 0 = none)")
    p.add_argument("--max-steps", type=positive_int, default=None, help="stop after this many steps")
    p.add_argument("--holdout", type=Path, nargs="+", default=[], metavar="FILE",
                   help="hold out these files instead of choosing a slice automatically")
    p.add_argument("--other-text", action="store_true",
                   help="in folders, use every UTF-8 text file, not only .txt/.md")
    p.add_argument("--report-chars", type=positive_int, default=10_000,
                   help="characters the simulated user types for keystroke savings (per model)")
    p.add_argument("--bpb-chars", type=positive_int, default=50_000,
                   help="held-out characters scored for bits per byte")
    p.add_argument("--min-chars", type=non_negative_int, default=None,
                   help="refuse less text than this (characters; a Chinese one counts 3)")
    p.add_argument("--lr", type=positive_float, default=1e-3)
    p.add_argument("--dropout", type=probability, default=0.1)
    p.add_argument("--batch-size", type=non_negative_int, default=0, help="0: chosen from the amount of text")
    p.add_argument("--seq-len", type=positive_int, default=128)
    p.add_argument("--eval-every", type=non_negative_int, default=0, help="0: about twice per pass")
    p.add_argument("--patience", type=non_negative_int, default=3,
                   help="stop after N held-out evaluations without improvement (0: never)")
    p.add_argument("--threads", type=non_negative_int, default=0, help="torch threads (0: all cores)")
    p.add_argument("--seed", type=int, default=1234)
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
    from writer_app.core.retrain_job import install_hint, missing_training_packages
    from writer_app.core.text_scan import MIN_CHARS

    events = Events(args.progress_json)
    missing = missing_training_packages()
    if missing:
        message = install_hint(missing)
        if events.json_mode:
            events.emit("error", message, kind="no_torch", missing=missing)
        raise TrainingError(message)
    if args.nice > 0:
        os.nice(args.nice)
    from training.retrain import Cancelled, RetrainOptions, retrain

    opts = RetrainOptions(
        base=args.base, out=args.out, paths=list(args.paths), holdout=list(args.holdout),
        name=args.name, budget=args.budget, max_minutes=args.max_minutes, max_steps=args.max_steps,
        other_text=args.other_text,
        min_chars=MIN_CHARS if args.min_chars is None else args.min_chars,
        report_chars=args.report_chars, bpb_chars=args.bpb_chars, lr=args.lr, dropout=args.dropout,
        batch_size=args.batch_size, seq_len=args.seq_len, eval_every=args.eval_every,
        patience=args.patience, threads=args.threads, seed=args.seed,
    )
    with CancelSignals() as cancel:
        try:
            retrain(opts, events, committing=cancel.commit)
        except (Cancelled, KeyboardInterrupt):
            events.emit("cancelled",
                        "Cancelled; nothing was installed and the current model is unchanged")
            return EXIT_CANCELLED
        except TrainingError as exc:
            if events.json_mode:
                events.emit("error", str(exc),
                            kind="disk_full" if isinstance(exc, DiskFullError) else "failed")
            raise
    return 0

"""Keystroke-savings and latency benchmark of the suggestion engine.

Run ``python -m bench.keystrokes --help``; results and the exact command are in
bench/RESULTS.md.
"""

import sys  # noqa: E402

import writer_app  # noqa: F401,E402  (switches off onnxruntime telemetry before any import of it)


def log(msg: str) -> None:
    """A bench's progress line: to stderr, flushed (stdout carries the report)."""
    print(msg, file=sys.stderr, flush=True)

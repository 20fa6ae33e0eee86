"""Keystroke-savings and latency benchmark of the suggestion engine.

Run ``python -m bench.keystrokes --help``; results and the exact command are in
bench/RESULTS.md.
"""

import writer_app  # noqa: F401,E402  (switches off onnxruntime telemetry before any import of it)

"""Keystroke-savings and latency benchmark of the suggestion engine.

Run ``python -m bench.keystrokes --help``; results and the exact command are in
bench/RESULTS.md.
"""

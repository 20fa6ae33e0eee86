"""Latency of Suggester.suggest per keystroke: with the state cache, cold, by document size."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np

from writer_app.inference import Suggester, Suggestion


def percentiles(ms: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/max/mean (ms) and the count of a latency sample."""
    if not ms:
        return {"n": 0}
    a = np.asarray(ms)
    return {
        "n": len(a), "p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)),
        "p99": float(np.percentile(a, 99)), "max": float(a.max()), "mean": float(a.mean()),
    }


def timed(
    fn: Callable[[str], Suggestion | None], text: str
) -> tuple[Suggestion | None, float]:
    """(result, milliseconds) of one call of ``fn`` (Suggester.suggest or .propose)."""
    t0 = time.perf_counter()
    sug = fn(text)
    return sug, (time.perf_counter() - t0) * 1e3


def cold_replay(
    s: Suggester, texts: Sequence[str], expected: Sequence[Suggestion | None],
    suggest: Callable[[str], Suggestion | None] | None = None,
) -> tuple[list[float], int]:
    """Time ``suggest`` (default ``s.suggest``) on each text as a cold start
    (Suggester.clear_cache first).

    Returns (latencies in ms, how many results differ from ``expected``, the warm
    results). A cold start also forgets the words shown at word starts (pass-over) and
    the continuous cache's keys, so with those on about half differ; the LSTM state
    cache alone is bit-exact (tests/inference/test_state_cache.py).
    """
    ms, mismatches = [], 0
    for text, want in zip(texts, expected, strict=True):
        s.clear_cache()
        got, dt = timed(suggest or s.suggest, text)
        ms.append(dt)
        mismatches += got != want
    s.clear_cache()
    return ms, mismatches


def document_length_latency(
    s: Suggester, source: str, sizes: Sequence[int], typed: int, cold_every: int
) -> dict[str, dict[str, object]]:
    """Warm and cold latency while typing ``typed`` characters at the end of documents
    of each size (characters) built by repeating ``source``."""
    out: dict[str, dict[str, object]] = {}
    for size in sizes:
        doc = (source * (size // max(len(source), 1) + 2))[: size + typed]
        start = size
        s.clear_cache()
        warm, cold = [], []
        for i in range(start, start + typed):
            warm.append(timed(s.suggest, doc[:i])[1])
        for i in range(start, start + typed, cold_every):
            s.clear_cache()
            cold.append(timed(s.suggest, doc[:i])[1])
        out[str(size)] = {"chars_before_cursor": size, "warm": percentiles(warm),
                          "cold": percentiles(cold)}
    s.clear_cache()
    return out

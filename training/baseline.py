"""n-gram baselines, to show what the LSTM adds: a byte 5-gram and a token unigram.

Byte n-gram: interpolated Witten-Bell smoothing (Witten & Bell 1991; Chen & Goodman 1998,
section 2.6) over UTF-8 bytes, orders 0..n-1 of context, backing off to uniform 1/256.
Counting is vectorised with numpy (keys packed into int64), so tens of MB take seconds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


class ByteNgram:
    """A byte n-gram model (n <= 7). ``bits_per_byte(text)`` scores UTF-8 text."""

    def __init__(self, order: int = 5) -> None:
        if not 1 <= order <= 7:
            raise ValueError("order must be 1..7")
        self.order = order
        self.tables: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    @staticmethod
    def _keys(data: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(context key, context+next key) for every position with k bytes of context."""
        ctx = np.zeros(len(data) - k, dtype=np.int64)
        for j in range(k):
            ctx = (ctx << 8) | data[j : len(data) - k + j]
        full = (ctx << 8) | data[k:]
        return ctx, full

    def fit(self, texts: Sequence[str]) -> ByteNgram:
        data = np.frombuffer("\n".join(texts).encode("utf-8"), dtype=np.uint8).astype(np.int64)
        self.tables = []
        for k in range(self.order):
            ctx, full = self._keys(data, k)
            fkeys, fcounts = np.unique(full, return_counts=True)
            ckeys, ccounts = np.unique(ctx, return_counts=True)
            # distinct followers per context: unique full keys grouped by their context
            ctx_of_full = fkeys >> 8
            _, distinct = np.unique(ctx_of_full, return_counts=True)
            self.tables.append((fkeys, fcounts, ckeys, ccounts, distinct))
        return self

    @staticmethod
    def _lookup(keys: np.ndarray, values: np.ndarray, query: np.ndarray) -> np.ndarray:
        idx = np.searchsorted(keys, query)
        idx = np.minimum(idx, len(keys) - 1)
        return np.where(keys[idx] == query, values[idx], 0)

    def log2_probs(self, text: str) -> np.ndarray:
        """log2 p(byte_i | previous n-1 bytes) for every byte of ``text`` (float64[N])."""
        data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8).astype(np.int64)
        pad = np.concatenate([np.full(self.order - 1, 10, dtype=np.int64), data])  # start as after "\n"
        p = np.full(len(data), 1 / 256)
        for k, (fkeys, fcounts, ckeys, ccounts, distinct) in enumerate(self.tables):
            ctx, full = self._keys(pad[self.order - 1 - k :], k)
            c_full = self._lookup(fkeys, fcounts, full)
            c_ctx = self._lookup(ckeys, ccounts, ctx)
            n1 = self._lookup(ckeys, distinct, ctx)
            seen = c_ctx > 0
            p = np.where(seen, (c_full + n1 * p) / np.maximum(c_ctx + n1, 1), p)
        return np.log2(p)

    def bits_per_byte(self, text: str) -> float:
        lp = self.log2_probs(text)
        return float(-lp.sum() / max(len(lp), 1))


def unigram_bits_per_byte(train_ids: np.ndarray, test_ids: Sequence[int], vocab_size: int, nbytes: int) -> float:
    """Token unigram with add-one smoothing: -sum log2 p(token) / bytes."""
    counts = np.bincount(train_ids, minlength=vocab_size).astype(np.float64) + 1.0
    logp = np.log2(counts / counts.sum())
    return float(-logp[np.asarray(test_ids, dtype=np.int64)].sum() / max(nbytes, 1)) if nbytes else math.nan

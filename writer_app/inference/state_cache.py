"""LSTM state cache keyed by token prefix, with a canonical chunking of the prefill.

The recurrent state after a token prefix depends only on that prefix, so consecutive
keystrokes that extend the same text need to run only the new tokens. A cached run and
a cold run must also agree *bit for bit*, or a backspace could change the suggestion:
onnxruntime's results depend on how a sequence is split into calls (an int8 model
quantizes each call's inputs dynamically), so every prefix is computed by one fixed
schedule whatever the cache holds:

* the state at a multiple of ``chunk`` (16 tokens) comes from the previous multiple by
  one forward call over those ``chunk`` tokens;
* the state at any other position p comes from position p - 1 by a one-token call.

A cold start therefore costs n/chunk chunk calls plus at most chunk - 1 single steps;
a keystroke that adds one token costs one single step (and one chunk call every
``chunk`` tokens). Checkpoints (state and next-token logits) live in an LRU.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from writer_app.inference.lm_session import OnnxLanguageModel
from writer_app.inference.lru import LRUDict


@dataclass(frozen=True)
class Checkpoint:
    """The model after a prefix: logits float32[V] for the next token, h/c float32[L, 1, H]."""

    logits: np.ndarray
    h: np.ndarray
    c: np.ndarray


@dataclass
class CacheStats:
    """Counters since the last reset: lookups, exact hits, forward calls, tokens run."""

    lookups: int = 0
    hits: int = 0
    calls: int = 0
    tokens: int = 0


class StateCache:
    """Prefix -> Checkpoint, computed on demand with the canonical schedule above.

    capacity: checkpoints kept (each ~4 V + 8 L H bytes, ~40 KB for V=8000, L=2, H=512);
    initial: the state before the first token (h, c float32[L, 1, H]; default zeros, the
    Suggester passes initial_state.start_state). Not thread-safe; the Suggester
    serialises access.
    """

    def __init__(
        self, model: OnnxLanguageModel, chunk: int = 16, capacity: int = 256,
        initial: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        if chunk < 1 or capacity < 2:
            raise ValueError("chunk must be >= 1 and capacity >= 2")
        self.model, self.chunk, self.capacity = model, chunk, capacity
        self.initial = initial if initial is not None else model.initial_state(1)
        self._store: LRUDict[tuple[int, ...], Checkpoint] = LRUDict(capacity)
        self.stats = CacheStats()

    def clear(self) -> None:
        """Forget every checkpoint (the next lookup is a cold start)."""
        self._store.clear()

    def __len__(self) -> int:
        return len(self._store)

    def _get(self, key: tuple[int, ...]) -> Checkpoint | None:
        return self._store.get(key)

    def _put(self, key: tuple[int, ...], cp: Checkpoint) -> None:
        self._store.put(key, cp)

    def _run(self, ids: tuple[int, ...], start: Checkpoint | None) -> Checkpoint:
        if start is None:
            h, c = self.initial
        else:
            h, c = start.h, start.c
        logits, hn, cn = self.model.forward(np.asarray([ids], dtype=np.int64), h, c)
        self.stats.calls += 1
        self.stats.tokens += len(ids)
        return Checkpoint(logits[0, -1].copy(), hn, cn)

    def lookup(self, ids: tuple[int, ...]) -> Checkpoint:
        """The checkpoint after ``ids`` (at least one token), computing what is missing.

        Raises ValueError for an empty prefix.
        """
        n = len(ids)
        if n == 0:
            raise ValueError("a prefix needs at least one token (<|bos|>)")
        self.stats.lookups += 1
        hit = self._get(ids)
        if hit is not None:
            self.stats.hits += 1
            return hit
        k = self.chunk
        base = n - n % k if n % k else n  # the boundary at or below n
        # The latest cached single-step position in (base, n) continues the tail.
        for p in range(n - 1, base, -1):
            cp = self._get(ids[:p])
            if cp is not None:
                return self._steps(ids, p, cp)
        # Otherwise rebuild the boundary at `base`, then step to n.
        b = base
        cp = None
        while b > 0:
            cp = self._get(ids[:b])
            if cp is not None:
                break
            b -= k
        while b < base:
            cp = self._run(ids[b : b + k], cp)
            b += k
            self._put(ids[:b], cp)
        assert cp is not None or base == 0
        if base == n:
            assert cp is not None
            return cp
        if base == 0:
            cp = self._run(ids[:1], None)
            self._put(ids[:1], cp)
            return self._steps(ids, 1, cp)
        return self._steps(ids, base, cp)  # type: ignore[arg-type]

    def _steps(self, ids: tuple[int, ...], p: int, cp: Checkpoint) -> Checkpoint:
        while p < len(ids):
            cp = self._run(ids[p : p + 1], cp)
            p += 1
            self._put(ids[:p], cp)
        return cp

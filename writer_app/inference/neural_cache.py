"""The continuous cache of Grave, Joulin & Usunier (2017, "Improving neural language
models with a continuous cache", ICLR): the LSTM's top-layer hidden state at each earlier
position of the document is a key, the token that followed it the value, and

    p_cache(w | h) = sum_{i: x_{i+1} = w} exp(theta * h . h_i) / sum_i exp(theta * h . h_i)
    p(w)           = (1 - lambda) p_lm(w) + lambda p_cache(w)

where h is the hidden state the next token is predicted from; lambda is scaled down
while the cache holds fewer than FULL_WEIGHT_TOKENS positions (ContinuousCache.weight). The keys are the states
the Suggester's state cache computes anyway while the text is typed (one per token of
the text before the cursor, as the model saw it in its context window); at most
``max_keys`` of the most recent positions are kept (a ring), so a lookup costs one
(N, H) x (H, B) matrix product for the whole beam. Unlike the n-gram cache it covers
only text that went through the model before the cursor (what was typed or passed over
this session), not the rest of a file opened: a file's every position would cost one
forward step. The Suggester mixes it into the first decoding steps only
(suggester.NEURAL_STEPS; bench/RESULTS.md, "Document cache"). No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from writer_app.inference.mixture import Part, mix

DEFAULT_THETA = 1.0  # sharpness of the attention over earlier positions (tuned, bench/RESULTS.md)
DEFAULT_LAMBDA = 0.15  # the cache's share of the mixture (tuned)
DEFAULT_MAX_KEYS = 512  # the most recent positions kept (float32[N, H]: 1 MB for H=512; tuned for latency)
NEW_PER_CALL = 64  # positions recorded per call at most (a cold start costs no more)
DEDUP_TOKENS = 8  # a position is known by its last 8 tokens and the one that followed
# The weight grows with what the cache holds: lambda * min(1, keys / FULL_WEIGHT_TOKENS).
# A short text's few keys otherwise take the whole lambda and the suggestion repeats the
# prompt ("The weather today is" -> " today."); from 256 keys (about 1,000 English
# characters) the tuned weight applies.
FULL_WEIGHT_TOKENS = 256

HiddenAt = Callable[[tuple[int, ...]], np.ndarray]  # prefix -> float32[H] (top layer after it)


class ContinuousCache:
    """Keys (hidden states) and values (next tokens) of the text typed so far.

    hidden: int, the model's hidden size; theta: > 0; lam: 0 <= lam < 1; max_keys: >= 1.
    Raises ValueError for a bad parameter. Not thread-safe (the Suggester serialises).
    """

    def __init__(self, hidden: int, theta: float = DEFAULT_THETA, lam: float = DEFAULT_LAMBDA,
                 max_keys: int = DEFAULT_MAX_KEYS) -> None:
        if hidden < 1 or theta <= 0.0 or not 0.0 <= lam < 1.0 or max_keys < 1:
            raise ValueError("hidden >= 1, theta > 0, 0 <= lam < 1, max_keys >= 1")
        self.theta, self.lam, self.max_keys = theta, lam, max_keys
        self._keys = np.zeros((max_keys, hidden), dtype=np.float32)
        self._values = np.zeros(max_keys, dtype=np.int64)
        self._names: list[tuple[int, ...] | None] = [None] * max_keys  # slot -> its n-gram
        self._slot: dict[tuple[int, ...], int] = {}  # n-gram -> slot
        self._next = 0  # the slot written next
        self.size = 0  # keys held
        self.version = 0  # changes with every key recorded
        self._last: tuple[int, ...] = ()  # the prefix of the last observe()
        self._values_at = -1  # the version _value_cache belongs to
        # part()'s last single-row call: ((version, theta, lam), h, its part)
        self._single: tuple[tuple[int, float, float], np.ndarray, Part] | None = None
        self._value_cache: tuple[np.ndarray, np.ndarray] = (np.zeros(0, np.int64), np.zeros(0, np.int64))

    def observe(self, prefix: tuple[int, ...], hidden_at: HiddenAt) -> None:
        """Record the positions of ``prefix`` (token ids from <|bos|>) not recorded yet:
        for each position p, the key hidden_at(prefix[:p]) and the value prefix[p]. Only
        the positions since the last call's prefix (at most NEW_PER_CALL) are visited;
        a position already held (same DEDUP_TOKENS tokens before it, same value) has its
        key replaced, not duplicated."""
        last = self._last
        m = 0
        for a, b in zip(last, prefix, strict=False):
            if a != b:
                break
            m += 1
        self._last = prefix
        # typed on: every new position; an edit or a moved window: the latest few only
        back = NEW_PER_CALL if m == len(last) else 4
        first = max(1, m, len(prefix) - back)
        for p in range(first, len(prefix)):
            self.record(prefix[max(0, p - DEDUP_TOKENS):p + 1], hidden_at(prefix[:p]))

    def record(self, name: tuple[int, ...], key: np.ndarray) -> None:
        """Hold one position: ``key`` (float32[H], the top-layer state the model predicted
        the position's token from) with the value ``name[-1]`` (that token); ``name`` is
        that token with up to DEDUP_TOKENS tokens before it, and a position of the same
        name already held has its key replaced (a ring of max_keys otherwise)."""
        value = name[-1]
        slot = self._slot.get(name)
        if slot is None:
            slot = self._next
            self._next = (slot + 1) % self.max_keys
            old = self._names[slot]
            if old is not None:
                del self._slot[old]
            else:
                self.size += 1
            self._names[slot], self._slot[name] = name, slot
        self._keys[slot] = key
        self._values[slot] = value
        self.version += 1

    def adjust(self, logits: np.ndarray, h: np.ndarray) -> np.ndarray:
        """The mixture's log-probabilities (up to a per-row constant) for each row.

        logits: float32[B, V]; h: float32[B, H], the top-layer states they came from.
        Returns ``logits`` itself when the cache is empty, else a new float32[B, V]
        (tokens no key leads to keep their logits, which the decoder normalises). The
        Suggester mixes this cache's part() with the n-gram cache's in one pass
        (mixture.mix).
        """
        return mix(logits, [self.part(h)])

    def part(self, h: np.ndarray) -> Part | None:
        """This cache's part of the mixture (mixture.Part: share 1 - weight(), mass
        weight() * p_cache) for the states ``h`` (float32[B, H]); None when the cache is
        empty or its weight 0.

        The start's row comes back keystroke after keystroke while a word is typed (the
        same prefix, no new key): the last single-row part is kept and reused when the
        version and the state are the same, bit for bit."""
        if self.size == 0 or self.lam == 0.0:
            return None
        key = (self.version, self.theta, self.lam)
        last = self._single
        if len(h) == 1 and last is not None and last[0] == key and np.array_equal(last[1], h):
            return last[2]
        lam = self.weight()
        ids, pc = self._attend(h)
        part = Part(np.full(len(h), 1.0 - lam), ids, lam * pc)
        if len(h) == 1:
            self._single = (key, np.array(h, copy=True), part)
        return part

    def _attend(self, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """p_cache for each row of ``h``: the distinct value tokens (int64[K]) and their
        probabilities (float64[B, K]); the cache not empty."""
        n = self.size
        scores = self.theta * (self._keys[:n] @ np.asarray(h, dtype=np.float32).T).T  # (B, N)
        att = np.exp(scores - scores.max(axis=1, keepdims=True))
        att /= att.sum(axis=1, keepdims=True)
        ids, inv = self._value_index()
        # (B, K): the cache's probability of each distinct value token; all rows at once,
        # one bincount over (row, value) bins (row * K + the key's value index)
        b, k = att.shape[0], len(ids)
        where = (inv[None, :] + k * np.arange(b)[:, None]).ravel()
        return ids, np.bincount(where, weights=att.ravel(), minlength=b * k).reshape(b, k)

    def weight(self) -> float:
        """The mixture weight used now: lam scaled by min(1, size / FULL_WEIGHT_TOKENS)."""
        return self.lam * min(1.0, self.size / FULL_WEIGHT_TOKENS)

    def _value_index(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct value tokens (int64[K]) and each key's index among them
        (int64[N]); recomputed once per version."""
        if self._values_at != self.version:
            self._value_cache = np.unique(self._values[:self.size], return_inverse=True)
            self._values_at = self.version
        return self._value_cache

"""The document cache's mixture with the model, computed once per decoding step.

Each cache states its part as an interpolation with the distribution before it (Part):

    p_0 = p_lm (the model's softmax)
    p_i = share_i * p_{i-1} + mass_i      (mass_i >= 0 on a few tokens, summing to 1 - share_i)

so the continuous cache (neural_cache.py: share 1 - lambda, mass lambda * p_cache) and
the n-gram cache (doc_cache.py: share a, mass b * unigram + s) chain into

    p = S * p_lm + Q,    S = prod_i share_i,    Q = sum_i mass_i * prod_{j > i} share_j

which needs the model's normaliser once, whatever the number of caches, and touches only
the tokens some cache gives mass to. The result is returned as logits: every other
token keeps the model's logit (the rows are shifted by log S - logsumexp, which the
decoder's normalisation undoes). No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

UNIONS_KEPT = 4  # unions of id arrays kept (a decode meets two: the n-gram cache's alone, and both)


@dataclass(frozen=True)
class Part:
    """One cache's part of the mixture for B rows: p = share * p_before + mass.

    share: float64[B], 0 < share <= 1 (1: the row is left alone); ids: int64[K], sorted
    distinct token ids the cache gives mass to; mass: float64[B, K] (zeros for a row
    left alone).
    """

    share: np.ndarray
    ids: np.ndarray
    mass: np.ndarray


class Mixer:
    """mix(), keeping the union of the parts' token ids while the parts bring the same id
    arrays (each cache keeps its array until its contents change, so step after step and
    often keystroke after keystroke the union is the same). Not thread-safe (the
    Suggester serialises)."""

    def __init__(self) -> None:
        # id() of each part's ids -> (those arrays, their union, each one's positions in
        # it, None: all of it); holding the arrays keeps their identities from being reused
        self._unions: dict[tuple[int, ...], tuple[tuple[np.ndarray, ...], np.ndarray,
                                                  list[np.ndarray | None]]] = {}

    def __call__(self, logits: np.ndarray, parts: Sequence[Part | None]) -> np.ndarray:
        """The mixture of the model's ``logits`` (float32[B, V]) with ``parts``, in order
        (None: a cache with nothing to add), as logits. Returns ``logits`` itself when no
        part changes a row, else a new float32[B, V] array: log(S p_lm + Q) + logsumexp -
        log S on the tokens a part touches, the model's logits elsewhere; rows no part
        changes are copied as they are."""
        used = [p for p in parts if p is not None]
        if not used:
            return logits
        ids, share, q = self._combine(used)
        rows = np.flatnonzero(share < 1.0)
        if len(rows) == 0:
            return logits
        z = np.asarray(logits, dtype=np.float32)
        if len(rows) < len(z):
            z, share, q = z[rows], share[rows], q[rows]
        lse = _logsumexp(z)
        mixed = np.log(share[:, None] * np.exp(z[:, ids] - lse[:, None]) + q) - np.log(share)[:, None] + lse[:, None]
        out = np.array(logits, dtype=np.float32, copy=True)
        if len(rows) < len(out):
            out[np.ix_(rows, ids)] = mixed
        else:
            out[:, ids] = mixed
        return out

    def log_probs(self, logits: np.ndarray, parts: Sequence[Part | None]) -> np.ndarray:
        """The mixture's next-token log-probabilities, float32[B, V] (normalised: the
        decoder takes them as they are, hypothesis.step_logprobs(normalised=True)); the
        model's log-softmax for rows no part changes. Same mixture as __call__, whose
        logits differ from these by log S - logsumexp per row."""
        z = np.asarray(logits, dtype=np.float32)
        lse = _logsumexp(z)
        used = [p for p in parts if p is not None]
        if not used:
            return z - lse.astype(np.float32)[:, None]
        ids, share, q = self._combine(used)
        out = z - (lse - np.log(share)).astype(np.float32)[:, None]
        out[:, ids] = np.log(share[:, None] * np.exp(z[:, ids] - lse[:, None]) + q)
        return out

    def _combine(self, used: list[Part]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The parts chained: the token ids any part touches (int64[K]), S (float64[B]) and
        Q (float64[B, K]) of p = S p_lm + Q."""
        ids, positions = self._union(tuple(p.ids for p in used))
        # Q from the last part back: each part's mass times the shares of those after it
        share, q = used[-1].share, _spread(used[-1].mass, positions[-1], len(ids), len(used) > 1)
        for p, at in zip(used[-2::-1], positions[-2::-1], strict=True):
            q[:, slice(None) if at is None else at] += p.mass * share[:, None]
            share = share * p.share
        return ids, share, q

    def _union(self, arrays: tuple[np.ndarray, ...]) -> tuple[np.ndarray, list[np.ndarray | None]]:
        """The sorted union of ``arrays`` (sorted distinct token ids) and each one's
        positions in it (None where it is the whole union)."""
        key = tuple(map(id, arrays))
        known = self._unions.get(key)
        if known is not None:
            return known[1], known[2]
        ids = arrays[0] if len(arrays) == 1 else sorted_unique(np.concatenate(arrays))
        positions = [None if len(a) == len(ids) else np.searchsorted(ids, a) for a in arrays]
        if len(self._unions) >= UNIONS_KEPT:  # the caches changed: the old arrays are gone
            self._unions.clear()
        self._unions[key] = (arrays, ids, positions)
        return ids, positions


def _spread(mass: np.ndarray, at: np.ndarray | None, k: int, own: bool) -> np.ndarray:
    """float64[B, k] zeros with ``mass``'s columns at positions ``at`` (None: ``mass`` is all
    k columns: itself, or with ``own`` a copy the caller may write to)."""
    if at is None:
        return mass.copy() if own else mass
    out = np.zeros((len(mass), k))
    out[:, at] = mass
    return out


def sorted_unique(x: np.ndarray) -> np.ndarray:
    """The distinct values of the 1-D array ``x``, sorted (np.unique's result; its hash
    table took 0.76 ms for 2,000 token ids on numpy 2.4 where sorting takes 0.04)."""
    s = np.sort(x)
    return s[np.concatenate(([True], s[1:] != s[:-1]))] if len(s) else s


def _logsumexp(z: np.ndarray) -> np.ndarray:
    """log sum exp of each row of float32[B, V], float64[B]."""
    m = z.max(axis=1, keepdims=True)
    return m[:, 0].astype(np.float64) + np.log(np.exp(z - m).sum(axis=1, dtype=np.float64))


def mix(logits: np.ndarray, parts: Sequence[Part | None]) -> np.ndarray:
    """Mixer()(logits, parts): the mixture once, nothing kept."""
    return Mixer()(logits, parts)

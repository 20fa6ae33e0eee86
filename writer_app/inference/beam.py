"""Beam search over the LSTM, all beams in one batched forward call per step.

Standard beam search (e.g. Graves 2012; Sutskever et al. 2014) ranked at the end by
length-normalised log-probability, lp(Y) = ((5 + |Y|) / 6) ** alpha (Wu et al. 2016,
"Google's Neural Machine Translation System", section 7). Each step the 2 * width best
(beam, next token) pairs by summed log-probability are taken over all beams at once;
the best ``width`` unfinished ones stay live, finished ones (a stop rule fired, see hypothesis.py)
are collected. Ties are broken by beam and token id, so the result is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from writer_app.inference.hypothesis import (
    Hypothesis,
    Rules,
    advance,
    any_reachable,
    boundary_logp,
    length_normalised,
    step_logprobs,
)
from writer_app.inference.state_cache import Checkpoint
from writer_app.inference.token_table import TokenTable

PRUNE_NATS = 12.0

# (ids int64[B], h float32[L, B, H], c) -> (logits float32[B, V], h, c)
StepFn = Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]
# (logits float32[B, V], the B hypotheses they continue, the top-layer states float32[B, H]
# the logits came from) -> the next-token log-probabilities to decode with, normalised
# (the document cache's mixture, mixture.Mixer.log_probs); None: the model's own
AdjustFn = Callable[[np.ndarray, list[Hypothesis], np.ndarray], np.ndarray]


def beam_search(
    start: Checkpoint, heal: bytes, step: StepFn, table: TokenTable, rules: Rules,
    width: int, alpha: float, adjust: AdjustFn | None = None,
) -> list[Hypothesis]:
    """Finished hypotheses, best first by length-normalised log-probability.

    start: the model after the prompt (logits float32[V], h/c float32[L, 1, H]); heal: the
    typed bytes the continuation must regenerate first. At most rules.max_tokens tokens
    past the constraint are generated; adjust: applied to every step's logits (None:
    none). Returns an empty list when nothing is allowed or
    when no hypothesis can reach rules.min_first_logp (the early exit of ``suggest``).
    """
    live = [Hypothesis(remaining=heal)]
    logits = start.logits[None, :]  # (B, V), row i for live[i]
    h, c = start.h, start.c
    if adjust is not None:
        logits = adjust(logits, live, h[-1])
    finished: dict[str, Hypothesis] = {}  # by text: the first (most likely) of each
    for _ in range(rules.max_tokens + len(heal)):
        lp, heal_norm = step_logprobs(logits, live, table, rules, normalised=adjust is not None)
        needs = [x.first_logp is None and not x.remaining for x in live]
        bl = boundary_logp(lp, table) if any(needs) else None
        total = lp + np.array([x.logp for x in live], dtype=np.float32)[:, None]
        flat = total.ravel()
        top = _top_candidates(flat, 2 * width)
        if len(top) == 0:
            break
        order = np.lexsort((top, -flat[top]))  # by total, ties by (beam, token)
        nxt: list[Hypothesis] = []
        parents: list[int] = []
        for j in top[order].tolist():
            i, t = divmod(j, lp.shape[1])
            b = float(bl[i]) if bl is not None and needs[i] else None
            new = advance(live[i], t, float(lp[i, t]), float(heal_norm[i]), b, table, rules)
            if new.done:
                finished.setdefault(new.text, new)
            else:
                nxt.append(new)
                parents.append(i)
                if len(nxt) == width:
                    break
        if not any_reachable(finished.values(), nxt, rules.min_first_logp):
            return []
        if not nxt or _settled(list(finished.values()), nxt, width, alpha):
            break
        rows = np.array(parents, dtype=np.int64)
        ids = np.array([x.ids[-1] for x in nxt], dtype=np.int64)
        logits, h, c = step(ids, np.ascontiguousarray(h[:, rows]), np.ascontiguousarray(c[:, rows]))
        if adjust is not None:
            logits = adjust(logits, nxt, h[-1])
        live = nxt
    return sorted(finished.values(), key=lambda x: -length_normalised(x, alpha))


def _top_candidates(flat: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest finite values of ``flat`` (unordered).

    Only values within PRUNE_NATS of the best are considered (relative-threshold
    pruning, Freitag & Al-Onaizan 2017): others could not win. The margin widens from
    2 nats until k candidates are found, so a peaked distribution costs a few comparison
    passes instead of a partition of all B * V values.
    """
    best = flat.max()
    if not np.isfinite(best):
        return np.zeros(0, dtype=np.int64)
    for margin in (2.0, 4.0, 8.0, PRUNE_NATS):
        idx = np.flatnonzero(flat >= best - margin)
        if len(idx) >= k:
            break
    if len(idx) > k:
        idx = idx[np.argpartition(flat[idx], len(idx) - k)[len(idx) - k :]]
    return idx


def _settled(finished: list[Hypothesis], live: list[Hypothesis], width: int, alpha: float) -> bool:
    """True once ``width`` hypotheses have finished and none live scores better yet."""
    if len(finished) < width:
        return False
    best_done = max(length_normalised(x, alpha) for x in finished)
    return all(length_normalised(x, alpha) <= best_done for x in live)

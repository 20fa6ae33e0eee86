"""Sampled continuations: temperature, top-k and nucleus (top-p) filtering.

Temperature scaling, top-k sampling (Fan et al. 2018, "Hierarchical Neural Story
Generation") and nucleus sampling (Holtzman et al. 2020, "The Curious Case of Neural
Text Degeneration"). ``width`` continuations are drawn in one batch from a generator
the caller seeds from the input and settings, so the same text and settings always give
the same suggestion. Hypotheses keep the model's own (untempered) log-probabilities, so
they are ranked and scored like beam search results.
"""

from __future__ import annotations

import numpy as np

from writer_app.inference.beam import AdjustFn, StepFn
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


def filter_distribution(
    logp: np.ndarray, temperature: float, top_k: int, top_p: float
) -> tuple[np.ndarray, np.ndarray]:
    """The sampling distribution after temperature, top-k and top-p.

    logp: float32[V] log-probabilities (-inf = not allowed); temperature > 0;
    top_k: keep the k most likely tokens (0 = all); top_p: keep the smallest set of most
    likely tokens whose probability reaches top_p (1.0 = all).
    Returns (ids int64[K], probs float64[K]) sorted by decreasing probability (ties by
    id), K >= 1 whenever any token is allowed; probs sum to 1.
    """
    finite = np.flatnonzero(np.isfinite(logp))
    if len(finite) == 0:
        return finite.astype(np.int64), np.zeros(0)
    if 0 < top_k < len(finite):
        part = np.argpartition(-logp[finite], top_k - 1)[:top_k]
        finite = np.sort(finite[part])
    z = logp[finite].astype(np.float64) / temperature
    order = np.lexsort((finite, -z))
    ids, z = finite[order], z[order]
    p = np.exp(z - z[0])
    p /= p.sum()
    if top_p < 1.0:
        keep = int(np.searchsorted(np.cumsum(p), top_p) + 1)
        ids, p = ids[:keep], p[:keep]
        p = p / p.sum()
    return ids.astype(np.int64), p


def sample_continuations(
    start: Checkpoint, heal: bytes, step: StepFn, table: TokenTable, rules: Rules,
    width: int, alpha: float, temperature: float, top_k: int, top_p: float,
    rng: np.random.Generator, adjust: AdjustFn | None = None,
) -> list[Hypothesis]:
    """``width`` sampled continuations, finished, best first by length-normalised logp.

    start: the model after the prompt (logits float32[V], h/c float32[L, 1, H]); heal: the
    typed bytes to regenerate first; rng: the seeded generator (the only randomness);
    adjust: applied to every step's logits (beam.AdjustFn; None: none).
    """
    live = [Hypothesis(remaining=heal) for _ in range(width)]
    logits = np.repeat(start.logits[None, :], width, axis=0)  # (B, V), row i for live[i]
    h = np.repeat(start.h, width, axis=1)
    c = np.repeat(start.c, width, axis=1)
    if adjust is not None:
        logits = adjust(logits, live, h[-1])
    finished: list[Hypothesis] = []
    for _ in range(rules.max_tokens + len(heal)):
        nxt: list[Hypothesis] = []
        parents: list[int] = []
        lp, heal_norm = step_logprobs(logits, live, table, rules, normalised=adjust is not None)
        bl = boundary_logp(lp, table)
        for i, hyp in enumerate(live):
            ids, probs = filter_distribution(lp[i], temperature, top_k, top_p)
            if len(ids) == 0:
                continue
            j = int(np.searchsorted(np.cumsum(probs), rng.random(), side="right"))
            t = int(ids[min(j, len(ids) - 1)])
            b = float(bl[i]) if hyp.first_logp is None and not hyp.remaining else None
            new = advance(hyp, t, float(lp[i, t]), float(heal_norm[i]), b, table, rules)
            if new.done:
                finished.append(new)
            else:
                nxt.append(new)
                parents.append(i)
        if not any_reachable(finished, nxt, rules.min_first_logp):
            return []
        if not nxt:
            break
        rows = np.array(parents, dtype=np.int64)
        tokens = np.array([x.ids[-1] for x in nxt], dtype=np.int64)
        h, c = np.ascontiguousarray(h[:, rows]), np.ascontiguousarray(c[:, rows])
        logits, h, c = step(tokens, h, c)
        if adjust is not None:
            logits = adjust(logits, nxt, h[-1])
        live = nxt
    finished.sort(key=lambda x: -length_normalised(x, alpha))
    return finished

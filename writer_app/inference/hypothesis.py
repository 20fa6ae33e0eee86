"""One partial continuation and the rules shared by beam search and sampling.

A hypothesis carries the generated token ids, their summed log-probability, what is left
of the token-healing constraint, the visible bytes (past the constraint), and the log-
probability of its first unit (word) once that is known: the confidence shown to the
triggering rule. Stop rules: newline, end of sentence (and optionally of a phrase),
<|eos|>, invalid UTF-8, or the token budget; the text is cut to whole characters and,
where its last word may continue, to whole words. Repetition control blocks any token
n-gram from occurring twice (Paulus et al. 2018, "no_repeat_ngram_size").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from writer_app.inference.healing import consume
from writer_app.inference.token_table import TokenTable
from writer_app.text.units import (
    NEWLINES,
    complete_units_prefix,
    first_unit,
    is_word_unit,
    stop_position,
    whole_chars,
)

NEG_INF = np.float32(-np.inf)


@dataclass(frozen=True)
class Rules:
    """Decoding rules fixed for one request.

    eos_id/bos_id: special ids; max_tokens: token budget past the healing constraint;
    stop_at_phrase: also stop after , ; : (and ，；：、); no_repeat_ngram: n for n-gram blocking
    (0 = off); history: context tokens that count for n-gram blocking (the prefix tail);
    stop_logp: once the first word is complete, a hypothesis ends before the token that
    takes its log-probability below this (-inf = never); min_first_logp: the decoder may
    give up (return nothing) once no hypothesis can reach a first-word log-probability
    of at least this (-inf = never give up); banned_words: the word being typed may not
    end as one of these (the pass-over rule, DecodingConfig.pass_over; empty = none):
    where ``typed`` (the part of it already typed) plus a hypothesis' text spells one, no
    token that ends a word may follow, so the search goes on to other words ("he" passed
    over after "h": "her", "his").
    """

    eos_id: int
    bos_id: int
    max_tokens: int
    stop_at_phrase: bool
    no_repeat_ngram: int
    history: tuple[int, ...] = ()
    stop_logp: float = -math.inf
    min_first_logp: float = -math.inf
    banned_words: frozenset[str] = frozenset()
    typed: str = ""


class Hypothesis(NamedTuple):
    """A continuation being built (a named tuple: the beam makes and copies tens of them per
    step, and a tuple is built in a fraction of a frozen dataclass's time).

    ids: generated token ids (healing tokens included); logp: their summed log-probability
    (nats; the joint probability of the path, which ranks hypotheses, so an odd spelling
    of the typed word such as " " + "o" + "f" loses to " of"); cond: the same conditioned
    on the typed characters (the confidence: healing tokens that only re-spell typed
    bytes count 0, the token that completes them counts its share among the tokens that
    would also complete them);
    remaining: typed bytes still to regenerate; healing_steps: tokens generated while the
    constraint was open (they do not count against the budget); visible: bytes past it;
    first_logp: log P(first unit), None until the unit is complete; done: finished (text
    is final); text: whole characters of visible (the final, trimmed suggestion once done).
    """

    ids: tuple[int, ...] = ()
    logp: float = 0.0
    cond: float = 0.0
    remaining: bytes = b""
    healing_steps: int = 0
    visible: bytes = b""
    first_logp: float | None = None
    done: bool = False
    text: str = ""


def can_reach(h: Hypothesis, min_first_logp: float) -> bool:
    """Whether ``h`` or a continuation of it can have first_logp >= min_first_logp.

    Conditional log-probabilities only fall as tokens are added, so an incomplete first
    word is bounded by the hypothesis' conditional log-probability so far.
    """
    bound = h.cond if h.first_logp is None else h.first_logp
    return bound >= min_first_logp


def any_reachable(
    finished: Iterable[Hypothesis], live: list[Hypothesis], min_first_logp: float
) -> bool:
    """False once no finished or live hypothesis can reach min_first_logp: the caller
    would discard the result anyway, so decoding can stop (exact, not a heuristic)."""
    if min_first_logp == -math.inf:
        return True
    return any(can_reach(x, min_first_logp) for x in live) or any(
        x.first_logp is not None and x.first_logp >= min_first_logp and x.text.strip()
        for x in finished
    )


def length_normalised(h: Hypothesis, alpha: float) -> float:
    """logp / lp(|Y|) with lp = ((5 + |Y|) / 6) ** alpha (Wu et al. 2016, GNMT, eq. 14)."""
    penalty: float = ((5.0 + len(h.ids)) / 6.0) ** alpha
    return h.logp / penalty


def step_logprobs(
    logits: np.ndarray, hyps: list[Hypothesis], table: TokenTable, rules: Rules,
    normalised: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Next-token log-probabilities of each hypothesis, and healing normalisers.

    logits: float32[B, V], row i for hyps[i]; normalised: they are log-probabilities
    already (the document cache's mixture, mixture.Mixer.log_probs), not normalised again.
    Returns (logp float32[B, V], heal_norm
    float64[B]). logp is the model's log-softmax with -inf where a token is not allowed:
    while a healing constraint is open only tokens consistent with the typed bytes; after
    it, special tokens other than <|eos|>, presentation forms of punctuation
    (_blocked_ids) and tokens that would repeat an n-gram.
    heal_norm[i] = log of the probability of all tokens that complete row i's open
    constraint (0 for rows without one): the normaliser of the completing token's
    conditional probability.
    """
    z = logits.astype(np.float32, copy=False)
    if normalised:
        out = z.copy()
    else:
        out = z - z.max(axis=1, keepdims=True)
        out -= np.log(np.exp(out).sum(axis=1, keepdims=True))
    norm = np.zeros(len(hyps))
    blocked = _blocked_ids(table, rules.eos_id, rules.bos_id)
    for i, h in enumerate(hyps):
        if h.remaining:
            allowed = table.tokens_consistent_with(h.remaining)
            ext = table.tokens_extending(h.remaining)
            if len(ext):
                e = out[i, ext].astype(np.float64)
                m = e.max()
                norm[i] = m + np.log(np.exp(e - m).sum())
            row = np.full(z.shape[1], NEG_INF, dtype=np.float32)
            row[allowed] = out[i, allowed]
            out[i] = row
            continue
        out[i, blocked] = NEG_INF
        if rules.banned_words and h.first_logp is None and rules.typed + h.text in rules.banned_words:
            out[i, table.boundary] = NEG_INF  # not this word: only tokens that continue it
        banned = banned_by_ngram(rules.history + h.ids, rules.no_repeat_ngram)
        if banned:
            out[i, list(banned)] = NEG_INF
    result: np.ndarray = out
    return result, norm


def _blocked_ids(table: TokenTable, eos_id: int, bos_id: int) -> np.ndarray:
    """Tokens never generated: the special ones but <|eos|> (which ends a suggestion), and
    those holding a presentation form of punctuation (table.presentation_ids: "︰" where
    horizontal text writes "：", learnt from old editions in the training text). What the
    writer typed is still regenerated whatever it holds (the healing constraint comes first)."""
    key = (eos_id, bos_id)
    cached = table.blocked_memo.get(key)
    if cached is None:
        specials = table.special_ids
        cached = np.unique(np.concatenate([specials[specials != eos_id], [bos_id], table.presentation_ids]))
        table.blocked_memo[key] = cached
    return cached


def banned_by_ngram(seq: tuple[int, ...], n: int) -> set[int]:
    """Tokens t such that seq + (t,) would contain some n-gram twice."""
    if n <= 0 or len(seq) < n - 1:
        return set()
    if n == 1:
        return set(seq)
    tail = seq[len(seq) - (n - 1) :]
    return {seq[i + n - 1] for i in range(len(seq) - n + 1) if seq[i : i + n - 1] == tail}


def boundary_logp(logp: np.ndarray, table: TokenTable) -> np.ndarray:
    """log P(the next token ends the current word), float64[B], from logp float32[B, V]."""
    p = np.exp(logp) @ table.boundary_weight
    result: np.ndarray = np.log(np.clip(p.astype(np.float64), 1e-30, 1.0))
    return result


def advance(
    h: Hypothesis, token: int, token_logp: float, heal_norm: float,
    step_boundary_logp: float | None, table: TokenTable, rules: Rules,
) -> Hypothesis:
    """``h`` extended by ``token`` (chosen with log-probability ``token_logp``).

    heal_norm: this step's healing normaliser for ``h`` (step_logprobs).
    step_boundary_logp: log P(next token ends a word) at this step (boundary_logp), used
    when this token is the one that starts the second unit. The result is done when a
    stop rule fires (newline, <|eos|>, sentence or phrase end, invalid UTF-8, budget,
    probability below rules.stop_logp: then its text is ``h``'s, cut to whole words);
    its text is then final. A finished result always scores the whole path, ``token``
    included, however its text was cut.
    """
    ids = h.ids + (token,)
    logp = h.logp + token_logp
    if token == rules.eos_id:
        done = h._replace(ids=ids, logp=logp, cond=h.cond + token_logp)
        return _finish(done, h.text, whole_words=True)
    data = table.token_bytes[token]
    healing = h.healing_steps + (1 if h.remaining else 0)
    if not h.remaining:
        cond = h.cond + token_logp
    elif data.startswith(h.remaining):  # completes the typed bytes
        cond = h.cond + min(token_logp - heal_norm, 0.0)
    else:  # only re-spells typed bytes: given, not predicted
        cond = h.cond
    remaining, extra = consume(h.remaining, data) if h.remaining else (b"", data)
    visible = h.visible + extra
    text, valid = whole_chars(visible)
    first = h.first_logp
    if first is None and text:
        unit = first_unit(text)
        if unit is not None:
            if h.text == unit:  # the first unit ended exactly where this token begins
                word = is_word_unit(unit)
                first = h.cond + ((step_boundary_logp or 0.0) if word else 0.0)
            else:
                first = cond
    new = Hypothesis(ids, logp, cond, remaining, healing, visible, first, False, text)
    if first is not None and cond < rules.stop_logp and h.text.strip():
        # Too unlikely from here on: end before this token, on a whole word. Like the budget
        # cut, the path keeps this token's log-probability: a cut that cost nothing would
        # outrank the likelier continuations of h (h + "。" lost to h cut before "ked").
        kept = h.text.rstrip() if table.boundary[token] else complete_units_prefix(h.text)
        return new._replace(done=True, text=kept)
    grown = len(h.text)  # whole-character text only grows; look at the new part only
    cut = next((grown + i for i, ch in enumerate(text[grown:]) if ch in NEWLINES), -1)
    if cut >= 0:
        return _finish(new, text[:cut], whole_words=True)
    if not valid:
        return _finish(new, text, whole_words=False)
    stop = None if remaining else stop_position(text, grown, rules.stop_at_phrase)
    if stop is not None:  # cut after the punctuation: "。“" keeps "。", drops the next quote
        return _finish(new, text[:stop], whole_words=True)
    if len(ids) - healing >= rules.max_tokens:
        return _finish(new, text, whole_words=False)
    return new


def _finish(h: Hypothesis, text: str, whole_words: bool) -> Hypothesis:
    """Mark ``h`` done with ``text`` (cut to confirmed words unless whole_words)."""
    final = text.rstrip() if whole_words else complete_units_prefix(text)
    first = h.first_logp
    if first is None:
        first = h.cond
    return h._replace(done=True, text=final, first_logp=first)

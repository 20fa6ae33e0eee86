"""The LSTM state every prompt starts from: zeros, or the state after a short text the
model writes itself. The model card says which (``start_state``); the exporter measures
both on held-out paragraphs and records the better one.

The training stream concatenates documents (<|bos|> ... <|eos|>) into lanes and carries
the recurrent state from one truncated-BPTT window to the next (Zaremba et al. 2014), so
a model rarely sees a zero state. Started from zeros, the first English model
mispredicted the first words of a prompt ("He shook" -> '--"'); starting from the state
after a short greedy text and an <|eos|>, as in training, fixed that (en-default of
2026-11-29: NLL of the first 6 tokens of held-out paragraphs 4.45 -> 3.90 nats/token).
The Chinese model's greedy text is a loop of footnote debris ("《呐喊》﹞"), and from it
the same measure got worse (7.29 -> 9.38), so its card says "zeros".
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from writer_app.inference.lm_session import OnnxLanguageModel

BURN_IN_TOKENS = 100
START_STATES = ("burn_in", "zeros")
MEASURE_TOKENS = 6  # the first tokens of a paragraph, where the start state matters


def burn_in_state(
    model: OnnxLanguageModel, tokens: int = BURN_IN_TOKENS
) -> tuple[np.ndarray, np.ndarray]:
    """(h, c), each float32[L, 1, H]: the state after <|bos|>, ``tokens`` greedily
    generated tokens and <|eos|>. Deterministic for a given model; costs ``tokens`` + 2
    one-token forward calls (tens of ms, once per model load)."""
    h, c = model.initial_state(1)
    token = model.card.bos_id
    for _ in range(tokens + 1):
        logits, h, c = model.forward(np.array([[token]], dtype=np.int64), h, c)
        z = logits[0, -1].copy()
        z[[model.card.bos_id, model.card.eos_id]] = -np.inf
        token = int(np.argmax(z))
    _, h, c = model.forward(np.array([[model.card.eos_id]], dtype=np.int64), h, c)
    return h, c


def make_start_state(model: OnnxLanguageModel, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """(h, c), each float32[L, 1, H], for ``kind`` in START_STATES. Raises ValueError."""
    if kind == "zeros":
        return model.initial_state(1)
    if kind == "burn_in":
        return burn_in_state(model)
    raise ValueError(f"unknown start state {kind!r}; expected one of {START_STATES}")


def start_state(model: OnnxLanguageModel) -> tuple[np.ndarray, np.ndarray]:
    """The start state the model card names (``start_state.kind``; "burn_in" when absent,
    as for cards written before it existed)."""
    kind = (model.card.start_state or {}).get("kind", "burn_in")
    return make_start_state(model, kind if kind in START_STATES else "burn_in")


def first_tokens_nll(
    model: OnnxLanguageModel, state: tuple[np.ndarray, np.ndarray], paragraphs: Iterable[str],
    tokens: int = MEASURE_TOKENS,
) -> float:
    """Mean negative log-likelihood (nats/token) of the first ``tokens`` tokens of each
    paragraph after <|bos|>, starting from ``state``. nan when no paragraph has a token."""
    total, count = 0.0, 0
    for text in paragraphs:
        ids = model.tokenizer.encode(text, add_special_tokens=False).ids[:tokens]
        if not ids:
            continue
        x = np.array([[model.card.bos_id, *ids[:-1]]], dtype=np.int64)
        logits, _, _ = model.forward(x, *state)
        z = logits[0].astype(np.float64)
        logz = z.max(-1) + np.log(np.exp(z - z.max(-1, keepdims=True)).sum(-1))
        total += float(np.sum(logz - z[np.arange(len(ids)), ids]))
        count += len(ids)
    return total / count if count else math.nan


def choose_start_state(model: OnnxLanguageModel, text: str, max_paragraphs: int = 100) -> dict[str, object]:
    """Measure every start state on the paragraphs of ``text`` (lines of 40+ characters,
    at most ``max_paragraphs``) and return the card entry: {"kind": the lowest NLL,
    "first_tokens_nll": {kind: nats/token}, "tokens": MEASURE_TOKENS, "paragraphs": n}.
    With no usable paragraph the kind is "burn_in" and no figures are given."""
    paragraphs = [p.strip() for p in text.splitlines() if len(p.strip()) >= 40][:max_paragraphs]
    if not paragraphs:
        return {"kind": "burn_in", "first_tokens_nll": {}, "tokens": MEASURE_TOKENS, "paragraphs": 0}
    nll = {k: round(first_tokens_nll(model, make_start_state(model, k), paragraphs), 4) for k in START_STATES}
    return {"kind": min(START_STATES, key=lambda k: nll[k]), "first_tokens_nll": nll,
            "tokens": MEASURE_TOKENS, "paragraphs": len(paragraphs)}

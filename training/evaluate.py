"""Evaluation in torch: bits per byte and per-token perplexity.

Bits per byte (BPB) = total negative log-likelihood in bits / UTF-8 bytes of the text.
It does not depend on the tokenizer, so models with different vocabularies compare
(as in Gao et al. 2020, "The Pile"). Perplexity is per token: exp(mean NLL in nats).
document_cache_nll scores a text as the app predicts it with its document caches on:
the model mixed with what the text before each token holds (a dynamic evaluation in the
sense of Grave et al. 2017, "Improving neural language models with a continuous cache").
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import torch
from tokenizers import Tokenizer

from training.model import LSTMLanguageModel
from writer_app.inference.document_caches import new_continuous_cache, new_document_cache
from writer_app.inference.mixture import Mixer
from writer_app.inference.neural_cache import DEDUP_TOKENS


@dataclass(frozen=True)
class TextScore:
    """nll_nats: summed NLL (nats); tokens: predicted tokens; bytes: UTF-8 bytes scored."""

    nll_nats: float
    tokens: int
    bytes: int

    @property
    def bits_per_byte(self) -> float:
        return self.nll_nats / math.log(2) / max(self.bytes, 1)

    @property
    def perplexity(self) -> float:
        return math.exp(self.nll_nats / max(self.tokens, 1))

    def to_dict(self) -> dict[str, float]:
        d = asdict(self)
        d.update(bits_per_byte=round(self.bits_per_byte, 4), perplexity=round(self.perplexity, 2))
        return d


@torch.no_grad()
def stream_nll(
    model: LSTMLanguageModel, ids: np.ndarray, lanes: int = 1, seq_len: int = 256,
    device: torch.device | None = None,
) -> tuple[float, int]:
    """Summed NLL (nats) of ids[1:] given the ids before, and the number of predictions.

    ids: int[N]. With lanes > 1 the stream is split into that many independent parts
    (each starting from a zero state: faster, slightly pessimistic).
    """
    nll = token_nll(model, ids, lanes, seq_len, device)
    return float(nll.sum()), nll.size


@torch.no_grad()
def token_nll(
    model: LSTMLanguageModel, ids: np.ndarray, lanes: int = 1, seq_len: int = 256,
    device: torch.device | None = None,
) -> np.ndarray:
    """The NLL (nats) of each prediction, float64[lanes, (N - 1) // lanes]: row i holds
    lane i's tokens in order (lanes as in stream_nll; with lanes=1, token t+1 given ids[:t+1])."""
    model.eval()
    n = (len(ids) - 1) // lanes
    if n < 1:
        return np.zeros((lanes, 0))
    x_all = torch.as_tensor(np.stack([ids[i * n : i * n + n] for i in range(lanes)]), dtype=torch.long)
    y_all = torch.as_tensor(np.stack([ids[i * n + 1 : i * n + n + 1] for i in range(lanes)]), dtype=torch.long)
    if device is not None:
        x_all, y_all = x_all.to(device), y_all.to(device)
    h, c = model.initial_state(lanes, device)
    rows = []
    for i in range(0, n, seq_len):
        logits, h, c = model(x_all[:, i : i + seq_len], h, c)
        y = y_all[:, i : i + seq_len]
        rows.append(torch.nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), y.reshape(-1), reduction="none").reshape(y.shape))
    return torch.cat(rows, dim=1).double().cpu().numpy()


def document_ids(tok: Tokenizer, text: str, bos: int) -> np.ndarray:
    """``text`` as a scored document: <|bos|> and its tokens, int64[N + 1]."""
    return np.asarray([bos, *tok.encode(text, add_special_tokens=False).ids], dtype=np.int64)


def costliest_tokens(
    model: LSTMLanguageModel, tok: Tokenizer, text: str, bos: int, top: int,
) -> list[tuple[str, int, float, float]]:
    """The ``top`` tokens of ``text`` (scored as score_text does) that cost the most bits in
    all: (token text, occurrences, share of the text's bits, mean bits per occurrence).
    Where a text's bits per byte go: a character the training text writes otherwise (the
    particle 着 that OpenCC t2s left as 著) stands out as a common token at many bits."""
    ids = document_ids(tok, text, bos)
    bits = token_nll(model, ids)[0] / math.log(2)
    by_token: dict[str, list[float]] = {}
    for i, b in zip(ids[1:].tolist(), bits.tolist(), strict=True):
        by_token.setdefault(tok.decode([i]), []).append(b)
    total = float(bits.sum()) or 1.0
    ranked = sorted(by_token.items(), key=lambda kv: -sum(kv[1]))[:top]
    return [(t, len(b), sum(b) / total, sum(b) / len(b)) for t, b in ranked]


def score_text(model: LSTMLanguageModel, tok: Tokenizer, text: str, bos: int) -> TextScore:
    """Score ``text`` as a document start: predict every token after <|bos|>."""
    ids = document_ids(tok, text, bos)
    nll, n = stream_nll(model, ids)
    return TextScore(nll, n, len(text.encode("utf-8")))


CACHE_VARIANTS = ("model", "ngram", "continuous", "both")  # document_cache_nll's keys


@torch.no_grad()
def document_cache_nll(
    model: LSTMLanguageModel, tok: Tokenizer, text: str, bos: int, chunk: int = 512,
) -> dict[str, np.ndarray]:
    """The NLL (nats) of each of ``text``'s tokens after <|bos|>, float64[N] (as score_text
    predicts them), under the model alone ("model"), mixed with the document's n-gram cache ("ngram"),
    with the continuous cache ("continuous") and with both ("both": what the app's
    Suggester predicts from at a token boundary when its document cache is on).

    Before each token the caches hold exactly the text before it: the n-gram cache is
    fed that text (DocCache.sync_prefix, as for a text given to Suggester.suggest), the
    continuous cache the top-layer state and token of every earlier position (the most
    recent max_keys). Unlike the app, the model reads the whole text (no context
    window), as score_text does; the caches' parameters are the Suggester's. Cost: one
    mixture per variant and token in Python (~2 ms per token on the 2-core Xeon).
    """
    enc = tok.encode(text, add_special_tokens=False)
    ids = [bos, *enc.ids]
    starts = [0, *(s for s, _ in enc.offsets)]  # starts[t]: the character token t begins at
    model.eval()
    h, c = model.initial_state(1)
    states = []
    for i in range(0, len(ids), chunk):
        out, h, c = model.top_states(torch.as_tensor([ids[i:i + chunk]]), h, c)
        states.append(out[0])
    top = torch.cat(states)  # (T, H): the state after each token
    doc, neural, mixer = new_document_cache(tok), new_continuous_cache(top.shape[1]), Mixer()
    n = doc.order - 1
    nll = {key: np.zeros(len(ids) - 1) for key in CACHE_VARIANTS}
    for i in range(0, len(ids) - 1, chunk):
        logits = model.logits_of(top[i:i + chunk]).numpy()
        for j in range(min(chunk, len(ids) - 1 - i)):
            t = i + j  # predict ids[t + 1] from ids[:t + 1]
            if neural is not None and t >= 1:
                neural.record(tuple(ids[max(0, t - DEDUP_TOKENS):t + 1]), top[t - 1].numpy())
            before = text[:starts[t + 1]]
            doc.sync_prefix(before, len(before))
            pn = neural.part(top[t:t + 1].numpy()) if neural is not None else None
            pd = doc.part([tuple(ids[max(1, t + 1 - n):t + 1])])
            z, y = logits[j:j + 1], ids[t + 1]
            for key, parts in zip(CACHE_VARIANTS, ([], [pd], [pn], [pn, pd]), strict=True):
                nll[key][t] = -float(mixer.log_probs(z, parts)[0, y])
    return nll

"""Token streams for truncated BPTT.

Documents are encoded to ids framed by <|bos|> ... <|eos|>, cut into chunks of whole
paragraphs' worth of tokens, weighted (a weight of 2 includes every chunk twice), shuffled
with a fixed seed and concatenated. The stream is split into B parallel *lanes*; step i
reads tokens [i*T, (i+1)*T] of every lane, so the hidden state carries over from one
step to the next (Zaremba et al. 2014, the PyTorch word_language_model example).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from tokenizers import Tokenizer

from training.corpus import Document


def encode_document(tok: Tokenizer, text: str, bos: int, eos: int) -> np.ndarray:
    """ids int32[N + 2] of ``text`` framed by bos/eos."""
    ids = tok.encode(text, add_special_tokens=False).ids
    return np.asarray([bos, *ids, eos], dtype=np.int32)


def encode_documents(tok: Tokenizer, docs: Sequence[Document], bos: int, eos: int) -> list[np.ndarray]:
    """Encode each document (batched for speed); returns one int32 array per document."""
    encs = tok.encode_batch([d.text for d in docs], add_special_tokens=False)
    return [np.asarray([bos, *e.ids, eos], dtype=np.int32) for e in encs]


def build_stream(
    docs: Sequence[np.ndarray], weights: Sequence[float], seed: int, chunk_tokens: int = 2048
) -> np.ndarray:
    """Weighted, shuffled concatenation of document chunks: int32[N].

    weights: per document; the integer part repeats a chunk, the fraction keeps it with
    that probability (seeded, so the stream is the same on every run and every rank).
    """
    rng = np.random.default_rng(seed)
    chunks: list[np.ndarray] = []
    for ids, w in zip(docs, weights, strict=True):
        pieces = [ids[i : i + chunk_tokens] for i in range(0, len(ids), chunk_tokens)]
        for piece in pieces:
            copies = int(w) + (1 if rng.random() < w - int(w) else 0)
            chunks.extend([piece] * copies)
    order = rng.permutation(len(chunks))
    if not chunks:
        return np.zeros(0, dtype=np.int32)
    return np.concatenate([chunks[i] for i in order])


@dataclass
class LaneBatcher:
    """Cuts a stream into ``world_size * batch_size`` lanes; this rank reads its own B.

    batch(step) -> (x int64[B, T], y int64[B, T]) where y is x shifted by one token.
    Steps past the end wrap around (a new epoch); ``is_epoch_start`` says when the
    hidden state should be reset.
    """

    stream: np.ndarray
    batch_size: int
    seq_len: int
    rank: int = 0
    world_size: int = 1

    def __post_init__(self) -> None:
        lanes = self.batch_size * self.world_size
        self.lane_len = len(self.stream) // lanes
        self.steps_per_epoch = (self.lane_len - 1) // self.seq_len
        if self.steps_per_epoch < 1:
            raise ValueError("stream too short for one batch")
        mine = self.stream[: lanes * self.lane_len].reshape(lanes, self.lane_len)
        self.data = mine[self.rank * self.batch_size : (self.rank + 1) * self.batch_size]

    def is_epoch_start(self, step: int) -> bool:
        return step % self.steps_per_epoch == 0

    def batch(self, step: int) -> tuple[np.ndarray, np.ndarray]:
        i = (step % self.steps_per_epoch) * self.seq_len
        x = self.data[:, i : i + self.seq_len]
        y = self.data[:, i + 1 : i + 1 + self.seq_len]
        return x.astype(np.int64), y.astype(np.int64)

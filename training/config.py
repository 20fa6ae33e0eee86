"""Configuration dataclasses, saved inside every checkpoint (nanoGPT style)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class ModelConfig:
    """Sizes of the LSTM language model.

    vocab_size V, embedding_size E, hidden_size H, num_layers L. The output layer is tied
    to the embedding (Press & Wolf 2017), so the top LSTM output is projected H -> E.
    """

    vocab_size: int = 8000
    embedding_size: int = 256
    hidden_size: int = 512
    num_layers: int = 2
    dropout: float = 0.1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ModelConfig:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class TrainConfig:
    """Optimisation settings. Times in minutes, lengths in tokens."""

    batch_size: int = 32
    seq_len: int = 128  # truncated-BPTT length T
    lr: float = 3e-3
    min_lr_ratio: float = 0.1
    weight_decay: float = 0.01
    warmup_steps: int = 200
    grad_clip: float = 1.0
    max_steps: int = 10_000
    max_minutes: float = 0.0  # 0 = no time budget
    eval_every: int = 250
    eval_tokens: int = 100_000
    patience: int = 0  # evaluations without improvement before stopping; 0 = never stop early
    seed: int = 1234
    threads: int = 0  # torch intra-op threads; 0 = torch's default

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TrainConfig:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

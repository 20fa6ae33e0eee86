"""Configuration dataclasses, saved inside every checkpoint (nanoGPT style).

Each field declares its help text and range once (writer_app.core.options); the command
line's options are made from them (training/arg_types.py add_options)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from writer_app.core.options import Range, option


@dataclass(frozen=True)
class ModelConfig:
    """Sizes of the LSTM language model.

    vocab_size V, embedding_size E, hidden_size H, num_layers L. The output layer is tied
    to the embedding (Press & Wolf 2017), so the top LSTM output is projected H -> E.
    """

    vocab_size: int = option(8000, range=Range(1), help="tokenizer vocabulary size V (a recipe's own when not given)")
    embedding_size: int = option(256, range=Range(1), help="embedding size E")
    hidden_size: int = option(512, range=Range(1), help="LSTM hidden size H")
    num_layers: int = option(2, range=Range(1), help="LSTM layers L")
    dropout: float = option(0.1, range=Range(0.0, 1.0, hi_open=True), help="dropout probability")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ModelConfig:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class TrainConfig:
    """Optimisation settings. Times in minutes, lengths in tokens."""

    batch_size: int = option(32, range=Range(1), help="sequences per step")
    seq_len: int = option(128, range=Range(1), help="truncated-BPTT length T, in tokens")
    lr: float = option(3e-3, range=Range(0.0, lo_open=True), help="peak learning rate")
    min_lr_ratio: float = option(0.1, range=Range(0.0, 1.0), help="final learning rate / peak (cosine decay)")
    weight_decay: float = option(0.01, range=Range(0.0), help="AdamW weight decay")
    warmup_steps: int = option(200, range=Range(0), help="steps of linear warm-up")
    grad_clip: float = option(1.0, range=Range(0.0, lo_open=True), help="gradient norm clip")
    max_steps: int = option(10_000, range=Range(1), help="stop after this many steps")
    max_minutes: float = option(0.0, range=Range(0.0), help="time budget in minutes (0: none)")
    eval_every: int = option(250, range=Range(1), help="steps between validation evaluations")
    eval_tokens: int = option(100_000, range=Range(1), help="validation tokens per evaluation")
    patience: int = option(0, range=Range(0), help="early stopping after N evaluations without improvement (0: off)")
    seed: int = option(1234, help="random seed")
    threads: int = option(0, range=Range(0), help="torch intra-op threads (0: torch's default)")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TrainConfig:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

"""Configuration dataclasses, saved inside every checkpoint (nanoGPT style).

Each field declares its help text and range once (writer_app.settings.options); the command
line's options are made from them (training/arg_types.py add_options)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from training.errors import TrainingError
from writer_app.retrain.training_files import MIN_CHARS
from writer_app.settings.options import Range, option, same_option


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
    bf16: str = option("auto", help="CPU training's matrix products in bfloat16 (torch.autocast): "
                                    "on, off, or auto (on where the CPU has native bfloat16: AVX512-BF16 or AMX)")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TrainConfig:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


# Training minutes per budget. "quick" keeps a ~300 KB retrain within ~5 minutes in all
# on a 2-core laptop (measuring both models and exporting take the rest).
BUDGETS: dict[str, float] = {"quick": 3.0, "thorough": 15.0}


@dataclass
class RetrainOptions:
    """What to retrain and how (training/retrain.py). Minutes of training (not counting
    measuring/export). The fields without ``cli=False`` are the ``retrain`` command's
    options (training/retrain_cmd.py)."""

    base: Path = option(cli=False)
    out: Path = option(cli=False)
    paths: list[Path] = option(cli=False)
    holdout: list[Path] = option(cli=False, default_factory=list)
    name: str | None = option(None, cli=False)
    budget: str | None = option(None, cli=False)  # a key of BUDGETS; None: "quick" unless max_steps is given
    max_minutes: float | None = option(None, range=Range(0.0),
                                       help="training time budget in minutes (overrides --budget; 0 = none)")
    max_steps: int | None = option(None, range=Range(1), help="stop after this many steps")
    other_text: bool = option(False, cli=False)
    min_chars: int = option(MIN_CHARS, range=Range(0),
                            help="refuse less text than this (characters; a Chinese one counts 3)")
    report_chars: int = option(10_000, range=Range(1),  # ~5 s per model
                               help="characters the simulated user types for keystroke savings (per model)")
    bpb_chars: int = option(50_000, range=Range(1), help="held-out characters scored for bits per byte")
    # A third of the base recipe's peak; 2e-3 converged faster but stopped worse.
    lr: float = option(1e-3, range=Range(0.0, lo_open=True), help="peak learning rate")
    # The base trained without; a small corpus needs it.
    dropout: float = option(0.1, range=Range(0.0, 1.0, hi_open=True), help="dropout probability")
    batch_size: int = option(0, range=Range(0), help="sequences per step (0: chosen from the amount of text)")
    seq_len: int = option(128, range=Range(1), help="truncated-BPTT length T, in tokens")
    eval_every: int = option(0, range=Range(0), help="steps between held-out evaluations (0: about twice per pass)")
    eval_tokens: int = option(20_000, range=Range(1), help="held-out tokens per evaluation")
    patience: int = option(3, range=Range(0),
                           help="stop after N held-out evaluations without improvement (0: never)")
    threads: int = option(0, range=Range(0), help="torch threads (0: all cores)")
    seed: int = option(1234, help="random seed")
    bf16: str = same_option(TrainConfig, "bf16")

    def minutes(self) -> float:
        """The training time budget in minutes (0: steps only). Raises TrainingError for
        an unknown budget."""
        if self.max_minutes is not None:
            return self.max_minutes
        if self.max_steps is not None and self.budget is None:
            return 0.0
        try:
            return BUDGETS[self.budget or "quick"]
        except KeyError:
            raise TrainingError(f"Unknown budget {self.budget!r}; use one of "
                                + ", ".join(BUDGETS)) from None

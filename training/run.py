"""One training run in a run folder: prepare data, fit or reuse the tokenizer, train.

A run folder holds tokenizer.json, data.json (the data card), last.pt and best.pt.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from tokenizers import Tokenizer

from training.checkpoint import load_checkpoint
from training.config import ModelConfig, TrainConfig
from training.data_prep import PreparedData, eval_sets, fit_tokenizer, prepare_documents, training_stream
from training.dataset import build_stream
from training.errors import TrainingError
from training.pack import read_pack
from training.recipe import SourceFiles
from training.tokenizer import load_tokenizer, special_ids
from training.train import TrainResult, train
from writer_app.text.chars import is_han


@dataclass
class RunResult:
    """A training run: its folder, the trainer's result, and the documents it read (so a
    caller such as ``build`` need not read the corpus again)."""

    run_dir: Path
    result: TrainResult
    data_card: list[dict[str, Any]]
    train_tokens: int
    data: PreparedData


def load_base(path: Path) -> tuple[ModelConfig, Tokenizer, dict[str, torch.Tensor]]:
    """Weights to fine-tune from: a checkpoint file, or a model folder's weights.pt.

    Raises TrainingError when neither is there.
    """
    ck_path = path / "weights.pt" if path.is_dir() else path
    if path.is_dir() and not ck_path.is_file():
        raise TrainingError(f"{path} has no weights.pt: this model folder cannot be fine-tuned")
    ck = load_checkpoint(ck_path)
    return (ModelConfig.from_dict(ck["model_config"]), Tokenizer.from_str(ck["tokenizer_json"]),
            ck["model_state"])


def run_training(
    sources: list[SourceFiles],
    run_dir: Path,
    model_config: ModelConfig,
    cfg: TrainConfig,
    *,
    vocab_size: int = 8000,
    resume: bool = False,
    base: Path | None = None,
    tokenizer: Path | None = None,
    han_chars: bool = False,
    extend_vocab: int = 0,
    han_tokens: int = 0,
    dropout: float | None = None,
    pack: Path | None = None,
    log: Callable[[str], None] = print,
    on_progress: Callable[[dict[str, float]], None] | None = None,
    on_eval: Callable[[dict[str, float]], None] | None = None,
    show_bar: bool = True,
) -> RunResult:
    """Prepare data and train into run_dir. With ``base`` the tokenizer and sizes come from
    the base model and training starts from its weights; with ``tokenizer`` (a
    tokenizer.json) that tokenizer is used instead of fitting one; han_chars: a fitted
    tokenizer keeps each Han character a pre-token of its own; extend_vocab (with ``base``,
    not resuming): grow the base's tokenizer to this many entries with merges learned on
    the training text, and its embedding with it (training.vocab_resize); han_tokens (with
    ``base``, not resuming): every Han character the training text holds at least this many
    times becomes one token (training.tokenizer.add_char_tokens), the embedding grown the
    same way; dropout (with ``base``): the fine-tune's dropout probability instead of the
    base's; pack: a folder written by ``training pack`` (training.pack) to train on instead
    of ``sources``: its tokenizer is the run's, ``base``'s weights grown to it when the
    pack grew the base's. log, on_progress, on_eval: as for train.train. Raises
    TrainingError."""
    run_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    if pack is not None:
        packed = read_pack(pack)
        data = PreparedData([], {}, {}, packed.data_card)
        tok, model_config, init = _pack_start(packed.tokenizer, model_config, base, dropout)
        stream, sets = build_stream(packed.documents, packed.weights, cfg.seed), packed.eval_sets
    else:
        data = prepare_documents(sources)
        tok, model_config, init = choose_tokenizer(
            data, model_config, base=base, resume_tokenizer=run_dir / "tokenizer.json" if resume else None,
            tokenizer=tokenizer, vocab_size=vocab_size, han_chars=han_chars,
            extend_vocab=extend_vocab, han_tokens=han_tokens, dropout=dropout, log=log)
        stream = training_stream(tok, data, cfg.seed)
        sets = eval_sets(tok, data.validation, cfg.eval_tokens)
    tok_path = run_dir / "tokenizer.json"
    if resume:
        last = load_checkpoint(run_dir / "last.pt")
        if last["tokenizer_json"] != tok.to_str():
            raise TrainingError(f"{run_dir / 'last.pt'} was trained with a different tokenizer; cannot resume")
        model_config = ModelConfig.from_dict(last["model_config"])
    tok.save(str(tok_path))
    (run_dir / "data.json").write_text(json.dumps({"sources": data.data_card,
                                                   "train_tokens": int(len(stream))}, indent=2))
    log(f"data ready in {time.monotonic() - t0:.0f}s: {len(stream):,} training tokens, "
        + ", ".join(f"{s.name}: {len(s.ids):,} validation tokens" for s in sets))
    result = train(model_config, cfg, tok, stream, sets, run_dir, resume=resume, init_weights=init,
                   extra={"data": data.data_card}, log=log, on_progress=on_progress, on_eval=on_eval,
                   show_bar=show_bar)
    return RunResult(run_dir, result, data.data_card, int(len(stream)), data)


def choose_tokenizer(
    data: PreparedData, model_config: ModelConfig, *, base: Path | None = None,
    resume_tokenizer: Path | None = None, tokenizer: Path | None = None, vocab_size: int = 8000,
    han_chars: bool = False, extend_vocab: int = 0, han_tokens: int = 0, dropout: float | None = None,
    log: Callable[[str], None] = print,
) -> tuple[Tokenizer, ModelConfig, dict[str, torch.Tensor] | None]:
    """The run's tokenizer, model sizes and initial weights (None: random), as
    run_training documents its arguments: the base's (grown when extend_vocab/han_tokens),
    else the resumed run's (resume_tokenizer, when that file exists), else ``tokenizer``,
    else one fitted on ``data``. Raises TrainingError."""
    if base is not None:
        model_config, tok, init = _from_base(base, dropout)
        if (extend_vocab or han_tokens) and resume_tokenizer is None:
            tok, init = _extend(tok, init, data, extend_vocab, han_tokens)
            model_config = _with_vocab(model_config, tok)
            log(f"tokenizer extended to {tok.get_vocab_size():,} entries")
        return tok, model_config, init
    if resume_tokenizer is not None and resume_tokenizer.is_file():
        return Tokenizer.from_file(str(resume_tokenizer)), model_config, None
    if tokenizer is not None:
        tok = load_tokenizer(tokenizer)
        special_ids(tok)
    else:
        tok = fit_tokenizer(data, vocab_size, han_chars=han_chars)
    return tok, _with_vocab(model_config, tok), None


def _pack_start(
    tok: Tokenizer, model_config: ModelConfig, base: Path | None, dropout: float | None,
) -> tuple[Tokenizer, ModelConfig, dict[str, torch.Tensor] | None]:
    """Sizes and initial weights for training on a pack's tokenizer: the base's weights,
    grown to the pack's tokenizer when the pack grew it (training.vocab_resize; the pack
    was made with --extend-vocab/--han-tokens), else a new model of that vocabulary."""
    if base is None:
        return tok, _with_vocab(model_config, tok), None
    model_config, base_tok, init = _from_base(base, dropout)
    if base_tok.to_str() != tok.to_str():
        from training.vocab_resize import resize_vocabulary

        try:
            init = resize_vocabulary(init, base_tok, tok)
        except TrainingError as exc:
            raise TrainingError(f"The pack was made with another tokenizer than {base}'s ({exc}): "
                                f"make it with `training pack --base {base}`") from exc
    return tok, _with_vocab(model_config, tok), init


def _from_base(
    base: Path, dropout: float | None,
) -> tuple[ModelConfig, Tokenizer, dict[str, torch.Tensor]]:
    """load_base, with the fine-tune's dropout in place of the base's when given."""
    model_config, tok, init = load_base(base)
    if dropout is not None:
        model_config = ModelConfig(**{**model_config.to_dict(), "dropout": dropout})
    return model_config, tok, init


def _with_vocab(model_config: ModelConfig, tok: Tokenizer) -> ModelConfig:
    return ModelConfig(**{**model_config.to_dict(), "vocab_size": tok.get_vocab_size()})


def _extend(
    tok: Tokenizer, state: dict[str, torch.Tensor], data: PreparedData, vocab_size: int,
    han_tokens: int,
) -> tuple[Tokenizer, dict[str, torch.Tensor]]:
    """The base tokenizer grown on the training text (to vocab_size entries of learned
    merges when vocab_size, then every Han character held han_tokens times or more made one
    token when han_tokens), and its weights with it."""
    from training.data_prep import training_texts
    from training.tokenizer import add_char_tokens, extend_tokenizer
    from training.vocab_resize import resize_vocabulary

    grown = extend_tokenizer(tok, training_texts(data), vocab_size) if vocab_size else tok
    if han_tokens:
        counts = Counter(ch for text in training_texts(data) for ch in text if is_han(ch))
        grown = add_char_tokens(grown, sorted(ch for ch, n in counts.items() if n >= han_tokens))
    return grown, resize_vocabulary(state, tok, grown)

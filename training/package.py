"""Checkpoint -> model folder: ONNX (int8 or fp32), tokenizer.json, weights.pt (int8 per row,
training.weights_codec), model.json.

The folder is assembled in a temporary sibling, loaded back with the app's own loader,
and only then moved into place; a failing parity check writes nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tokenizers import Tokenizer

from training.checkpoint import load_checkpoint, save_checkpoint
from training.config import ModelConfig
from training.errors import DiskFullError, TrainingError, is_disk_full
from training.export import (
    MAX_ABS_LOGIT_DIFF,
    MIN_TOP1_FP32,
    OPSET,
    export_onnx,
    install_folder,
    parity_report,
    quantize_int8,
    text_parity,
)
from training.model import LSTMLanguageModel
from training.tokenizer import BOS_TOKEN, EOS_TOKEN, special_ids
from training.weights_codec import CARD_ENTRY, encode_payload
from writer_app.inference.card_file import ModelLoadError
from writer_app.inference.card_sections import (
    Architecture,
    DataSource,
    OnnxInfo,
    OnnxVariant,
    SpecialToken,
    TokenizerInfo,
    TrainingInfo,
)
from writer_app.inference.initial_state import choose_start_state
from writer_app.inference.lm_session import OnnxLanguageModel
from writer_app.inference.model_card import FORMAT_VERSION, ModelCard
from writer_app.inference.model_folder import TOKENIZER_NAME, sha256_file

# Measures a model folder before it is installed and returns what to merge into its card,
# e.g. {"metrics": {"test": ...}}. Called with the exported model loaded from the staging
# folder, and the torch model and tokenizer make_model_folder loaded from the checkpoint
# (so the checkpoint is read once).
Evaluation = Callable[[OnnxLanguageModel, LSTMLanguageModel, Tokenizer], dict[str, Any]]
# Writes more files into the folder being assembled (its path given) and returns what to
# merge into its card, the sections listing them with their checksums (e.g. the writer's
# n-grams, writer_app/inference/writer_ngrams.py), so the app's loader checks them too.
ExtraFiles = Callable[[Path], dict[str, Any]]

# int8 ships when it agrees with fp32 this often and costs at most this much NLL.
INT8_MIN_TOP1 = 0.95
INT8_MAX_NLL_CHANGE_PCT = 2.0


def load_model(checkpoint: Path) -> tuple[LSTMLanguageModel, Tokenizer, dict[str, Any]]:
    """The torch model (eval mode), its tokenizer and the raw checkpoint payload."""
    ck = load_checkpoint(checkpoint)
    model = LSTMLanguageModel(ModelConfig.from_dict(ck["model_config"]))
    model.load_state_dict({k: v.float() for k, v in ck["model_state"].items()})
    model.eval()
    return model, Tokenizer.from_str(ck["tokenizer_json"]), ck


def make_model_folder(
    checkpoint: Path,
    target: Path,
    *,
    name: str,
    language: str = "en",
    description: str = "",
    parity_text: str = "",
    precision: str = "auto",
    keep_fp32: bool = False,
    card_extra: dict[str, Any] | None = None,
    overwrite: bool = False,
    max_logit_diff: float = MAX_ABS_LOGIT_DIFF,
    evaluate: Evaluation | None = None,
    extra_files: ExtraFiles | None = None,
) -> ModelCard:
    """Export ``checkpoint`` to the model folder ``target`` and return its card.

    The card is built once, completed (start state, ``card_extra``, what ``evaluate``
    returns) and written once, by ModelCard.write, before the folder is installed.

    precision: "auto" (int8 when it passes INT8_MIN_TOP1 and INT8_MAX_NLL_CHANGE_PCT on
    parity_text), "int8" or "fp32". keep_fp32 also writes model-fp32.onnx.
    max_logit_diff: the fp32 parity limit on max |Δlogits| (top-1 must agree regardless).
    extra_files: writes more files into the folder and lists them in the card (ExtraFiles).
    Raises TrainingError when parity fails, the exported folder does not load in the app
    or target exists (unless overwrite); DiskFullError (a TrainingError) when the disk
    fills up. In every case nothing is left at ``target`` but what was there before.
    """
    if target.exists() and not overwrite:
        raise TrainingError(f"{target} already exists; choose another folder or pass --overwrite")
    model, tok, ck = load_model(checkpoint)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        if is_disk_full(exc, target.parent):
            raise DiskFullError(target.parent) from exc
        raise TrainingError(f"Cannot create the model folder in {target.parent}: "
                            f"{exc.strerror or exc}") from exc
    try:
        return _assemble(model, tok, ck, tmp, target, name=name, language=language,
                         description=description, parity_text=parity_text, precision=precision,
                         keep_fp32=keep_fp32, card_extra=card_extra or {}, overwrite=overwrite,
                         max_logit_diff=max_logit_diff, evaluate=evaluate, extra_files=extra_files)
    except TrainingError:
        raise
    except ModelLoadError as exc:
        raise TrainingError(f"The exported model does not load in the app, so it was not "
                            f"installed: {exc}") from exc
    except Exception as exc:  # a full disk shows up as OSError, RuntimeError, DecodeError...
        if is_disk_full(exc, tmp):  # before the finally below frees what filled it
            raise DiskFullError(target.parent) from exc
        raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _assemble(model: LSTMLanguageModel, tok: Tokenizer, ck: dict[str, Any], tmp: Path, target: Path,
              *, name: str, language: str, description: str, parity_text: str, precision: str,
              keep_fp32: bool, card_extra: dict[str, Any], overwrite: bool,
              max_logit_diff: float, evaluate: Evaluation | None,
              extra_files: ExtraFiles | None = None) -> ModelCard:
    """make_model_folder's work inside the temporary folder ``tmp``, then the install."""
    fp32 = tmp / "model-fp32.onnx"
    export_onnx(model, fp32)
    parity = {"fp32": parity_report(model, fp32)}
    p = parity["fp32"]
    if not (p["max_abs_logit_diff"] <= max_logit_diff and p["top1_agreement"] >= MIN_TOP1_FP32):
        # (written so that NaN fails: NaN > limit is False, and a NaN model "agrees" on argmax 0)
        raise TrainingError(
            f"ONNX export failed the parity check: max |Δlogits| {p['max_abs_logit_diff']:.2e} "
            f"(limit {max_logit_diff}), top-1 agreement {p['top1_agreement']:.4f}; nothing written"
        )
    chosen = "fp32"
    if precision in ("auto", "int8"):
        int8 = tmp / "model-int8.onnx"
        quantize_int8(fp32, int8)
        parity["int8"] = parity_report(model, int8)
        text = parity_text or _fallback_text()
        ids = np.asarray([special_ids(tok)["bos"], *tok.encode(text).ids][:2049], np.int64)
        parity["int8"]["text"] = text_parity(fp32, int8, ids)
        tp = parity["int8"]["text"]
        good = tp["top1_agreement"] >= INT8_MIN_TOP1 and tp["nll_change_pct"] <= INT8_MAX_NLL_CHANGE_PCT
        if precision == "int8" or good:
            chosen = "int8"
        parity["int8"]["passed"] = good
    onnx_name = "model.onnx"
    (tmp / f"model-{chosen}.onnx").rename(tmp / onnx_name)
    for leftover in tmp.glob("model-*.onnx"):
        if leftover.name == "model-fp32.onnx" and keep_fp32:
            continue
        leftover.unlink()
    tok.save(str(tmp / TOKENIZER_NAME))
    save_checkpoint(tmp / "weights.pt", encode_payload({  # int8 per row (training.weights_codec)
        "model_state": model.state_dict(),
        "model_config": ck["model_config"], "tokenizer_json": ck["tokenizer_json"],
    }))
    variants = ({"fp32": OnnxVariant("model-fp32.onnx", sha256_file(tmp / "model-fp32.onnx"))}
                if keep_fp32 and (tmp / "model-fp32.onnx").exists() else {})
    card = _card(model, tok, ck, name, language, description, parity, chosen, tmp / onnx_name,
                 variants).merged({**card_extra, **(extra_files(tmp) if extra_files else {})})
    loaded = OnnxLanguageModel.load(tmp, card=card)  # the app's checks of the files and graph
    if parity_text.strip():  # which start state predicts a paragraph's first tokens better
        card = replace(card, start_state=choose_start_state(loaded, parity_text))
    if evaluate is not None:
        card = card.merged(evaluate(loaded, model, tok))
    card.write(tmp)  # the one write of this card
    OnnxLanguageModel.load(tmp)  # the app's own loader, reading the written card
    install_folder(tmp, target, overwrite)
    return card


def _fallback_text() -> str:
    return ("The morning was cold and clear, and she walked to the station with her hands in her "
            "pockets, thinking about the letter she had not yet written. ") * 8


def _card(model: LSTMLanguageModel, tok: Tokenizer, ck: dict[str, Any], name: str, language: str,
          description: str, parity: dict[str, Any], precision: str, onnx_path: Path,
          variants: dict[str, OnnxVariant]) -> ModelCard:
    """The card of the folder being assembled (the checkpoint's sizes, training record and
    data sources; the ONNX file's size and checksum; the tokenizer file's checksum)."""
    c = model.config
    ids = special_ids(tok)
    hist = ck.get("history") or []
    tc = ck.get("train_config") or {}
    return ModelCard(
        format_version=FORMAT_VERSION, name=name, language=language, description=description,
        created=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        architecture=Architecture(
            type="lstm", tied_embeddings=True, vocab_size=c.vocab_size, embedding_size=c.embedding_size,
            hidden_size=c.hidden_size, num_layers=c.num_layers, dropout=c.dropout,
            parameters=model.num_parameters()),
        tokenizer=TokenizerInfo(
            file=TOKENIZER_NAME, type="byte-level BPE", vocab_size=tok.get_vocab_size(),
            bos=SpecialToken(ids["bos"], BOS_TOKEN), eos=SpecialToken(ids["eos"], EOS_TOKEN),
            sha256=sha256_file(onnx_path.parent / TOKENIZER_NAME)),
        onnx=OnnxInfo(
            file=onnx_path.name, precision=precision, opset=OPSET, bytes=onnx_path.stat().st_size,
            sha256=sha256_file(onnx_path), exporter=f"torch.onnx (TorchScript-based) torch {torch.__version__}",
            inputs={"input_ids": "int64[batch, sequence]", "h0": "float32[layers, batch, hidden]",
                    "c0": "float32[layers, batch, hidden]"},
            outputs={"logits": "float32[batch, sequence, vocab]", "hn": "float32[layers, batch, hidden]",
                     "cn": "float32[layers, batch, hidden]"},
            variants=variants),
        weights={"file": "weights.pt", **CARD_ENTRY, "purpose": "fine-tuning (Retrain on my writing)"},
        training=TrainingInfo(
            steps=ck.get("step"), time_s=round(float(ck.get("elapsed_s", 0.0)), 1),
            tokens=int(ck.get("step", 0)) * tc.get("batch_size", 0) * tc.get("seq_len", 0)
            * int(ck.get("world_size", 1)),
            tokens_per_s=round(hist[-1]["tokens_per_s"], 1) if hist else None,
            best_validation_loss=ck.get("best_val_loss"), best_step=ck.get("best_step"),
            train_config=tc, validation_history=hist,
            data=tuple(DataSource.from_dict(d) for d in (ck.get("extra") or {}).get("data", []))),
        parity=parity,
        metrics={},
    )

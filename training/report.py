"""Test-set report for a model folder: LSTM bits per byte (torch and ONNX) next to the
byte 5-gram and token unigram baselines, written into the model card."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from training.baseline import ByteNgram, unigram_bits_per_byte
from training.corpus import Document
from training.errors import TrainingError
from training.evaluate import score_text
from training.model import LSTMLanguageModel
from training.tokenizer import special_ids
from writer_app.inference.card_file import ModelLoadError
from writer_app.inference.lm_session import OnnxLanguageModel
from writer_app.inference.model_card import ModelCard


def test_report(model: LSTMLanguageModel, tok: Tokenizer, onnx: OnnxLanguageModel,
                test: dict[str, list[Document]], train_docs: list[Document],
                max_chars: int = 300_000, log=print) -> dict[str, Any]:
    """Per test group: bits per byte and perplexity of the LSTM (the torch ``model`` with
    its tokenizer ``tok``, and the exported ONNX model ``onnx``, loaded from the folder
    being built), byte 5-gram and token unigram baselines. Each test file is scored from
    its start, capped at ``max_chars`` characters."""
    t0 = time.monotonic()
    ngram = ByteNgram(5).fit([d.text for d in train_docs])
    bos = special_ids(tok)["bos"]
    train_ids = np.concatenate([np.asarray(e.ids, dtype=np.int64) for e in
                                tok.encode_batch([d.text[:2_000_000] for d in train_docs])])
    log(f"baselines fitted in {time.monotonic() - t0:.0f}s")
    out: dict[str, Any] = {"max_chars_per_file": max_chars, "groups": {}}
    for group, docs in sorted(test.items()):
        acc = {"bytes": 0, "tokens": 0, "torch_nll": 0.0, "onnx_bits": 0.0, "ngram_bits": 0.0, "uni_bits": 0.0}
        files = []
        for d in docs:
            text = d.text[:max_chars]
            s = score_text(model, tok, text, bos)
            ob, _, nbytes = onnx.bits_per_byte(text)
            nb = ngram.bits_per_byte(text)
            ub = unigram_bits_per_byte(train_ids, tok.encode(text).ids, tok.get_vocab_size(), nbytes)
            files.append({"file": d.path.name, "bytes": nbytes, "lstm_bpb": round(s.bits_per_byte, 4),
                          "onnx_bpb": round(ob, 4), "byte5gram_bpb": round(nb, 4), "unigram_bpb": round(ub, 4)})
            acc["bytes"] += nbytes
            acc["tokens"] += s.tokens
            acc["torch_nll"] += s.nll_nats
            acc["onnx_bits"] += ob * nbytes
            acc["ngram_bits"] += nb * nbytes
            acc["uni_bits"] += ub * nbytes
            log(f"  {group}/{d.path.name}: LSTM {s.bits_per_byte:.3f} (ONNX {ob:.3f}), "
                f"5-gram {nb:.3f}, unigram {ub:.3f} bits/byte")
        n = max(acc["bytes"], 1)
        out["groups"][group] = {
            "files": files, "bytes": acc["bytes"], "tokens": acc["tokens"],
            "lstm_bpb": round(acc["torch_nll"] / np.log(2) / n, 4),
            "lstm_perplexity": round(float(np.exp(acc["torch_nll"] / max(acc["tokens"], 1))), 2),
            "onnx_bpb": round(acc["onnx_bits"] / n, 4),
            "byte5gram_bpb": round(acc["ngram_bits"] / n, 4),
            "unigram_bpb": round(acc["uni_bits"] / n, 4),
        }
    return out


def update_card(folder: Path, updates: dict[str, Any]) -> dict[str, Any]:
    """Merge ``updates`` into folder/model.json (ModelCard.merged, written atomically by
    ModelCard.write) and return the new card as a dict. Raises TrainingError when the card
    is missing, oversized or invalid, before or after the merge."""
    try:
        card = ModelCard.read(folder).merged(updates)
        card.write(folder)
    except ModelLoadError as exc:
        raise TrainingError(str(exc)) from exc
    return card.to_dict()

"""Scoring a text as the app predicts it with its document caches on
(training.evaluate.document_cache_nll, `evaluate --document-cache`)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from training.evaluate import document_cache_nll, token_nll
from training.package import load_model
from training.tokenizer import special_ids

SENTENCE = "The old lighthouse keeper counted seven grey gulls on the quay wall. "


def _scored(tiny_model_dir, text: str) -> tuple[dict[str, np.ndarray], list[int]]:
    model, tok, _ = load_model(tiny_model_dir / "weights.pt")
    bos = special_ids(tok)["bos"]
    return document_cache_nll(model, tok, text, bos, chunk=16), [bos, *tok.encode(text, add_special_tokens=False).ids]


def test_the_model_row_is_the_plain_score_and_caches_learn_a_repeated_sentence(tiny_model_dir) -> None:
    text = SENTENCE * 4
    nll, ids = _scored(tiny_model_dir, text)
    model, _, _ = load_model(tiny_model_dir / "weights.pt")
    assert np.allclose(nll["model"], token_nll(model, np.asarray(ids))[0], atol=1e-4)
    first = len(ids) // 4  # tokens of the first copy, about
    for key in ("ngram", "continuous", "both"):
        # the first token meets empty caches; the last copy costs far less than the model says
        assert abs(nll[key][0] - nll["model"][0]) < 1e-6
        assert nll[key][-first:].sum() < 0.5 * nll["model"][-first:].sum(), key


def test_no_token_is_scored_with_the_text_after_it(tiny_model_dir) -> None:
    head = SENTENCE * 2
    short, ids = _scored(tiny_model_dir, head)
    longer, _ = _scored(tiny_model_dir, head + "Seven grey gulls, and the keeper counted them again.")
    k = len(ids) - 2  # the last token of the head may merge with what follows
    for key in short:
        assert np.allclose(short[key][:k], longer[key][:k], atol=1e-6), key


def test_evaluate_prints_the_score_with_the_document_caches(tiny_model_dir, tmp_path) -> None:
    f = tmp_path / "t.txt"
    f.write_text(SENTENCE * 3, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "training", "evaluate", "--checkpoint",
                        str(tiny_model_dir / "weights.pt"), str(f), "--document-cache"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    plain, cached = r.stdout.strip().splitlines()
    assert "bits/byte" in plain and "with the document caches" in cached
    assert float(cached.split()[4]) < float(plain.split()[1])

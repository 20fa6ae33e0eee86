"""The start state named by the model card: zeros or the greedy burn-in, chosen by measurement."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tiny_model import SENTENCES, copy_with_card

from writer_app.inference import Suggester
from writer_app.inference.initial_state import (
    burn_in_state,
    choose_start_state,
    first_tokens_nll,
    make_start_state,
    start_state,
)
from writer_app.inference.lm_session import OnnxLanguageModel


def _with_start(src: Path, dst: Path, entry: object) -> Path:
    return copy_with_card(src, dst, start_state=entry)


def test_card_names_the_start_state(tiny_model_dir: Path, tmp_path: Path) -> None:
    zeros = OnnxLanguageModel.load(_with_start(tiny_model_dir, tmp_path / "z", {"kind": "zeros"}))
    h, c = start_state(zeros)
    assert not h.any() and not c.any()
    burn = OnnxLanguageModel.load(_with_start(tiny_model_dir, tmp_path / "b", {"kind": "burn_in"}))
    h, c = start_state(burn)
    assert h.any() and np.array_equal(h, burn_in_state(burn)[0])
    for odd in ({"kind": "nonsense"}, "zeros", None):  # unknown or malformed: the old default
        m = OnnxLanguageModel.load(_with_start(tiny_model_dir, tmp_path / f"o{len(list(tmp_path.iterdir()))}", odd))
        assert np.array_equal(start_state(m)[0], burn_in_state(m)[0])
    with pytest.raises(ValueError, match="unknown start state"):
        make_start_state(zeros, "random")


def test_suggestions_follow_the_card(tiny_model_dir: Path, tmp_path: Path) -> None:
    """The Suggester starts every prompt from the card's state: the scores differ."""
    prompt = SENTENCES[0][:12]
    scores = {}
    for kind in ("zeros", "burn_in"):
        s = Suggester.load(_with_start(tiny_model_dir, tmp_path / kind, {"kind": kind}))
        proposal = s.propose(prompt)
        assert proposal is not None
        scores[kind] = proposal.score
    assert scores["zeros"] != scores["burn_in"]


def test_choose_start_state_picks_the_lower_nll(tiny_model_dir: Path) -> None:
    m = OnnxLanguageModel.load(tiny_model_dir)
    text = "\n".join(s for s in SENTENCES if len(s) >= 40)
    entry = choose_start_state(m, text)
    nll = entry["first_tokens_nll"]
    assert set(nll) == {"zeros", "burn_in"} and entry["paragraphs"] > 0
    assert entry["kind"] == min(nll, key=nll.get)
    assert nll["zeros"] == pytest.approx(first_tokens_nll(m, m.initial_state(1), text.splitlines()[:100]), abs=1e-3)
    assert choose_start_state(m, "short\nlines")["kind"] == "burn_in"  # nothing to measure


def test_shipped_models_record_their_choice() -> None:
    root = Path(__file__).resolve().parents[2] / "assets"
    for d in (root / "en-default", root / "zh-default"):
        entry = json.loads((d / "model.json").read_text(encoding="utf-8"))["start_state"]
        nll = entry["first_tokens_nll"]
        assert set(nll) == {"zeros", "burn_in"} and entry["paragraphs"] >= 50, d
        assert entry["kind"] == min(nll, key=nll.get), d  # the measured better one

"""Where a text's bits go (training.evaluate.costliest_tokens, `evaluate --top-tokens`)."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np

from training.evaluate import costliest_tokens, score_text, stream_nll, token_nll
from training.package import load_model
from training.tokenizer import special_ids

TEXT = "The cat sat on the mat. The dog sat on the log. A zebra sat on the quilt."


def test_the_token_costs_add_up_to_the_text_score_and_rank_by_total(tiny_model_dir) -> None:
    model, tok, _ = load_model(tiny_model_dir / "weights.pt")
    bos = special_ids(tok)["bos"]
    ranked = costliest_tokens(model, tok, TEXT, bos, top=10_000)
    assert abs(sum(share for _, _, share, _ in ranked) - 1.0) < 1e-9
    totals = [share for _, _, share, _ in ranked]
    assert totals == sorted(totals, reverse=True)
    score = score_text(model, tok, TEXT, bos)
    ids = np.asarray([bos, *tok.encode(TEXT, add_special_tokens=False).ids])
    assert math.isclose(float(token_nll(model, ids).sum()), score.nll_nats, rel_tol=1e-6)
    assert math.isclose(stream_nll(model, ids, lanes=2)[0], float(token_nll(model, ids, lanes=2).sum()))
    the = next(r for r in ranked if r[0] == " the")
    assert the[1] == TEXT.count(" the")


def test_evaluate_lists_the_costliest_tokens(tiny_model_dir, tmp_path) -> None:
    f = tmp_path / "t.txt"
    f.write_text(TEXT, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "training", "evaluate", "--checkpoint",
                        str(tiny_model_dir / "weights.pt"), str(f), "--top-tokens", "3"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert "bits/byte" in lines[0] and len(lines) == 4 and all("of the bits" in x for x in lines[1:])

"""Training reports progress and evaluations as structured callbacks, and retrain turns
them into its events without reading the trainer's log text."""

from __future__ import annotations

import math
import os

from tiny_model import tiny_model_config, tiny_train_config

from training.recipe import split_files
from training.retrain import RetrainOptions, retrain
from training.retrain_events import Events
from training.run import run_training


def test_each_evaluation_reaches_on_eval_as_numbers_not_log_text(tiny_corpus, tmp_path) -> None:
    evals, lines = [], []
    r = run_training([split_files([tiny_corpus])], tmp_path / "run", tiny_model_config(),
                     tiny_train_config(max_steps=40, eval_every=20), vocab_size=400,
                     log=lines.append, on_eval=evals.append, show_bar=False)
    assert evals == r.result.history  # full precision, every metric, in order
    assert [e["step"] for e in evals] == [20, 40]
    assert not [line for line in lines if line.startswith("eval ")]


class _Collect(Events):
    def __init__(self) -> None:
        super().__init__(False, open(os.devnull, "w"))
        self.seen: list[tuple[str, str, dict]] = []

    def emit(self, kind: str, message: str = "", **fields):  # noqa: ANN201
        self.seen.append((kind, message, fields))
        return super().emit(kind, message, **fields)


def test_retrain_eval_events_carry_the_trainers_numbers(tiny_model_dir, tiny_corpus, tmp_path) -> None:
    events = _Collect()
    card = retrain(RetrainOptions(base=tiny_model_dir, out=tmp_path / "mine", paths=[tiny_corpus],
                                  max_steps=20, eval_every=10, threads=1, report_chars=200,
                                  bpb_chars=3000, min_chars=0), events)
    history = card["retrain"]["report"]["training"]["history"]
    evals = [f for kind, _, f in events.seen if kind == "eval"]
    assert [e["val_loss"] for e in evals] == [h["val_loss"] for h in history]
    assert evals[0]["improved"] and evals[-1]["best_val_loss"] == min(h["val_loss"] for h in history)
    assert not any(kind == "log" and m.startswith("eval") for kind, m, _ in events.seen)
    assert all(math.isfinite(e["val_loss"]) for e in evals)

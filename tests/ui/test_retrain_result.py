"""The Retrain dialog's result page says how long the run took (a tester found it only in
the log: "trained 41 steps in 3:01")."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer_app.retrain.job import RetrainState, duration_sentence
from writer_app.retrain.model_store import ModelStore

from .test_retrain_dialog import FAST, FakeHost, make_dialog


@pytest.fixture
def host(tiny_model_dir: Path, tmp_path: Path) -> FakeHost:
    return FakeHost(tiny_model_dir, ModelStore(tmp_path / "models"), tiny_model_dir)


def test_the_result_page_says_how_long_the_run_took(qtbot, host: FakeHost, tiny_model_dir: Path) -> None:  # noqa: ANN001
    dialog = make_dialog(qtbot, host, FAST)
    dialog.base, dialog.target = tiny_model_dir, host.model_store.root / "my-writing-x"
    report = {"old": {"name": "old", "bpb": 1.5, "ksr": 0.2}, "new": {"name": "new", "bpb": 1.4, "ksr": 0.21},
              "held_out": {"how": "1 whole file (a.txt)", "bpb_bytes": 5000, "ksr_chars": 3000}}
    for event in ({"event": "report", "report": report},
                  {"event": "trained", "steps": 41, "elapsed_s": 181.2},  # "trained 41 steps in 3:01"
                  {"event": "done", "model_dir": "x", "name": "new", "seconds": 252.4}):
        dialog.runner.state.apply({"message": "", **event})
    dialog._on_finished("done", "new")
    assert dialog.pages.currentIndex() == 2 and dialog.held_label.isVisibleTo(dialog)
    assert dialog.held_label.text().startswith("Measured on text the training never saw: ")
    assert dialog.held_label.text().endswith(" Trained 41 steps in 3:01; the whole run took 4:12.")


def test_the_duration_is_what_the_run_reported() -> None:
    state = RetrainState()
    assert duration_sentence(state) == ""
    state.apply({"event": "trained", "steps": 1, "elapsed_s": 9.6, "message": "trained 1 step in 0:10"})
    assert duration_sentence(state) == "Trained 1 step in 0:10."
    state.apply({"event": "done", "model_dir": "m", "name": "n", "seconds": 3725.0, "message": ""})
    assert duration_sentence(state) == "Trained 1 step in 0:10; the whole run took 62:05."

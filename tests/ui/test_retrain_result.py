"""The Retrain dialog's result page: whether the new model is switched to, what it says
about the figures and about models it sets aside, how long the run took (a tester found it
only in the log: "trained 41 steps in 3:01")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from writer_app.retrain.job import RetrainState, duration_sentence
from writer_app.retrain.model_store import ModelStore
from writer_app.ui.retrain_dialog import RetrainDialog

from .test_retrain_dialog import FAST, FakeHost, install_copy, make_dialog


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


def test_the_result_says_why_training_ended_and_which_step_was_kept() -> None:
    """A tester chose "Quick (about 3 minutes)", saw training end after 35 s, and the page did
    not say why, nor that the weights kept were step 40's."""
    state = RetrainState()
    state.apply({"event": "trained", "steps": 64, "elapsed_s": 35.0, "best_step": 40,
                 "stopped_by": "early_stopping", "message": ""})
    assert duration_sentence(state) == ("Trained 64 steps in 0:35 (stopped early: it predicted your held-out "
                                        "text no better for a while), keeping step 40's weights, the best on it.")
    state.apply({"event": "trained", "steps": 30, "elapsed_s": 189.0, "best_step": 30,
                 "stopped_by": "time_budget", "message": ""})
    assert duration_sentence(state) == "Trained 30 steps in 3:09 (the time chosen ran out)."


def finished_with(qtbot, host: FakeHost, base: Path, old: tuple[float, float],  # noqa: ANN001
                  new: tuple[float, float]) -> RetrainDialog:
    """A dialog whose run ended with a report: (bits per byte, keystroke savings) of the
    old and the new model on the held-out text."""
    dialog = make_dialog(qtbot, host, FAST)
    dialog.base, dialog.target = base, host.model_store.root / "my-writing-x"
    report = {"old": {"name": "old", "bpb": old[0], "ksr": old[1]},
              "new": {"name": "new", "bpb": new[0], "ksr": new[1]},
              "held_out": {"how": "1 whole file (a.txt)", "bpb_bytes": 5000, "ksr_chars": 3000}}
    dialog.runner.state.apply({"event": "report", "report": report, "message": ""})
    dialog._on_finished("done", "new")
    return dialog


def test_a_worse_model_is_installed_but_not_switched_to(qtbot, host: FakeHost,  # noqa: ANN001
                                                        tiny_model_dir: Path) -> None:
    dialog = finished_with(qtbot, host, tiny_model_dir, (1.40, 0.20), (1.45, 0.21))
    assert host.switches == []
    assert "does not predict your held-out text better" in dialog.result_label.text()
    assert dialog.report_table.item(0, 2).text() == "+0.050 (worse)"
    assert dialog.report_table.item(1, 2).text() == "+1.0 points (better)"


def test_a_change_the_page_shows_as_zero_is_not_better(qtbot, host: FakeHost,  # noqa: ANN001
                                                       tiny_model_dir: Path) -> None:
    """A tester's 1.650 -> 1.650 bits per byte, "-0.000 (better)", and fewer keystrokes saved:
    he was switched to it."""
    dialog = finished_with(qtbot, host, tiny_model_dir, (1.6502, 0.328), (1.6499, 0.326))
    assert host.switches == []
    assert "does not predict your held-out text better" in dialog.result_label.text()
    assert dialog.report_table.item(0, 2).text() == "+0.000 (same)"


def test_a_new_model_that_sets_aside_the_writers_other_language_model_says_so(
        qtbot, host: FakeHost, tiny_model_dir: Path) -> None:  # noqa: ANN001
    """A tester retrained English, then Chinese: the page said only that the previous Chinese
    model was kept, and his English model was gone from use without a word."""
    host.chinese = install_copy(host.model_store, tiny_model_dir, "my-writing-zh")
    card = host.chinese / "model.json"
    card.write_text(json.dumps({**json.loads(card.read_text()), "language": "zh"}))
    real_use = host.use_model

    def one_own_model(folder: Path | None) -> None:  # as the app: one own model at a time
        real_use(folder)
        host.chinese = None

    host.use_model = one_own_model  # type: ignore[method-assign]
    dialog = finished_with(qtbot, host, tiny_model_dir, (1.50, 0.20), (1.40, 0.22))
    text = dialog.result_label.text()
    assert "Your own Chinese model (" in text and "is set aside" in text
    host.chinese = None  # nothing of the writer's own set aside: nothing said
    dialog = finished_with(qtbot, host, tiny_model_dir, (1.50, 0.20), (1.40, 0.22))
    assert "set aside" not in dialog.result_label.text()
    # A tester's: English chosen for all text, his English model served Chinese text too;
    # a new English model replaced it there, and the page called it "your own Chinese model".
    host.chinese = install_copy(host.model_store, tiny_model_dir, "my-writing-en-old")
    dialog = finished_with(qtbot, host, tiny_model_dir, (1.50, 0.20), (1.40, 0.22))
    assert "set aside" not in dialog.result_label.text()


def test_a_better_predicting_model_that_saves_fewer_keystrokes_says_so(qtbot, host: FakeHost,  # noqa: ANN001
                                                                       tiny_model_dir: Path) -> None:
    """A tester's Chinese retrain: bits per byte 2.594 -> 2.495, keystroke savings 1.7% -> 1.5%,
    and the dialog said only "Now using…"."""
    dialog = finished_with(qtbot, host, tiny_model_dir, (2.594, 0.017), (2.495, 0.015))
    assert host.switches == [dialog.target]
    assert "saved 0.2 points fewer keystrokes there" in dialog.result_label.text()
    assert dialog.report_table.item(0, 2).text() == "-0.099 (better)"
    assert dialog.report_table.item(1, 2).text() == "-0.2 points (worse)"


def test_the_change_is_that_of_the_figures_shown(qtbot, host: FakeHost,  # noqa: ANN001
                                                 tiny_model_dir: Path) -> None:
    """A tester saw 34.2% -> 34.4% called "+0.3 points" (0.3415 -> 0.3445 rounded apart)."""
    dialog = finished_with(qtbot, host, tiny_model_dir, (1.665, 0.3415), (1.560, 0.3445))
    row = [dialog.report_table.item(1, c).text() for c in range(3)]
    assert row == ["34.2%", "34.4%", "+0.2 points (better)"]

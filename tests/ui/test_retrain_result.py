"""The Retrain dialog's result page: whether the new model is switched to (for its language
only), what it says about the figures, how long the run took (a tester found it
only in the log: "trained 41 steps in 3:01")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from writer_app.retrain.job import RetrainState, duration_sentence
from writer_app.retrain.model_store import ModelStore
from writer_app.ui.retrain_dialog import RetrainDialog, RetrainHost

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
    state.apply({"event": "trained", "steps": 60, "elapsed_s": 189.0, "best_step": 60,
                 "stopped_by": "time_budget", "message": ""})
    assert duration_sentence(state) == "Trained 60 steps in 3:09 (the time chosen ran out)."


def test_a_run_the_time_cut_short_says_few_steps_were_trained() -> None:
    """Testers' Quick runs on a busy computer trained 9 and 14 steps and the page called the
    model better, without a word that it had learnt little of their writing."""
    state = RetrainState()
    state.apply({"event": "trained", "steps": 9, "elapsed_s": 194.0, "stopped_by": "time_budget",
                 "message": ""})
    said = duration_sentence(state)
    assert said.startswith("Trained 9 steps in 3:14 (the time chosen ran out). Few steps fit")
    assert "a longer retrain" in said


def finished_with(qtbot, host: RetrainHost, base: Path, old: tuple[float, float],  # noqa: ANN001
                  new: tuple[float, float], target: Path | None = None, **held: object) -> RetrainDialog:
    """A dialog whose run from ``base`` ended with a report: (bits per byte, keystroke
    savings) of the old and the new model on the held-out text; ``target``: the folder
    it installed (default: my-writing-x in the host's store); ``held``: more of the report's
    held_out section."""
    dialog = make_dialog(qtbot, host, FAST)
    dialog.base, dialog.target = base, target or host.model_store.root / "my-writing-x"
    report = {"old": {"name": "old", "bpb": old[0], "ksr": old[1]},
              "new": {"name": "new", "bpb": new[0], "ksr": new[1]},
              "held_out": {"how": "1 whole file (a.txt)", "bpb_bytes": 5000, "ksr_chars": 3000, **held}}
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


def test_a_comparison_on_too_little_held_out_text_is_not_better(qtbot, host: FakeHost,  # noqa: ANN001
                                                                  tiny_model_dir: Path) -> None:
    """The run reports too little held-out text to tell (retrain_data.too_little_to_tell):
    a lower figure on 311 characters is no reason to switch."""
    short = ("The held-out text measured is only 311 characters: too little to tell whether the new "
             "model is better (at least 2,000 are needed).")
    dialog = finished_with(qtbot, host, tiny_model_dir, (1.40, 0.20), (1.20, 0.30), enough=False, too_little=short)
    assert host.switches == []
    assert f"could not be compared with tiny-test-model. {short} So Inkling keeps using" in dialog.result_label.text()


def test_retraining_chinese_leaves_the_writers_own_english_model_in_use(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """A tester retrained English, then Chinese: his English model went out of use (Inkling
    used one model of the writer's own at a time). Each language keeps its own now, and
    Switch Back on the Chinese one leaves the English one too."""
    app = make_app()
    app.model_store = ModelStore(tmp_path / "models")
    english = install_copy(app.model_store, tiny_model_dir, "my-writing-20261201-100000")
    chinese = install_copy(app.model_store, tiny_model_dir, "my-writing-20261201-110000")
    card = chinese / "model.json"
    card.write_text(json.dumps({**json.loads(card.read_text()), "language": "zh"}))
    finished_with(qtbot, app, app.model_folder_for("en"), (1.50, 0.20), (1.40, 0.22), target=english)
    dialog = finished_with(qtbot, app, app.model_folder_for("zh"), (1.50, 0.20), (1.40, 0.22), target=chinese)
    assert (app.model_folder_for("en"), app.model_folder_for("zh")) == (english, chinese)
    assert {english, chinese} <= set(app.models_in_use())
    assert app.settings_store.load().model_dirs == {"en": str(english), "zh": str(chinese)}  # both saved
    assert "set aside" not in dialog.result_label.text()
    assert app.model_entries()[0].label.endswith("; English: tiny-test-model; Chinese: tiny-test-model)")
    dialog.switch_back()  # to the bundled Chinese model: the English one stays
    assert (app.model_folder_for("en"), app.model_folder_for("zh")) == (english, app.bundled_models["zh"])


def test_a_better_predicting_model_that_saves_fewer_keystrokes_says_so(qtbot, host: FakeHost,  # noqa: ANN001
                                                                       tiny_model_dir: Path) -> None:
    """A tester's Chinese retrain: bits per byte 2.594 -> 2.495, keystroke savings 1.7% -> 1.5%,
    and the dialog said only "Now using…"."""
    dialog = finished_with(qtbot, host, tiny_model_dir, (2.594, 0.017), (2.495, 0.015))
    assert host.switches == [dialog.target]
    assert "saved 0.2 points fewer keystrokes there" in dialog.result_label.text()
    assert dialog.report_table.item(0, 2).text() == "-0.099 (better)"
    assert dialog.report_table.item(1, 2).text() == "-0.2 points (worse)"


def test_a_loss_the_table_shows_as_zero_is_not_said(qtbot, host: FakeHost, tiny_model_dir: Path) -> None:  # noqa: ANN001
    """A tester's page: "It predicts your held-out text better but saved 0.0 points fewer"."""
    dialog = finished_with(qtbot, host, tiny_model_dir, (1.896, 0.78204), (1.711, 0.78196))
    assert host.switches == [dialog.target]
    assert "fewer" not in dialog.result_label.text()


def test_the_change_is_that_of_the_figures_shown(qtbot, host: FakeHost,  # noqa: ANN001
                                                 tiny_model_dir: Path) -> None:
    """A tester saw 34.2% -> 34.4% called "+0.3 points" (0.3415 -> 0.3445 rounded apart)."""
    dialog = finished_with(qtbot, host, tiny_model_dir, (1.665, 0.3415), (1.560, 0.3445))
    row = [dialog.report_table.item(1, c).text() for c in range(3)]
    assert row == ["34.2%", "34.4%", "+0.2 points (better)"]

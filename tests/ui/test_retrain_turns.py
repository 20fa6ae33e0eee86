"""One retraining at a time per app, whatever the window (ui/retrain_turns.py), and the
model a run starts from is that of the writing chosen, never of the text last typed in
another window."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import writer_app.ui.retrain_dialog as retrain_dialog
import writer_app.ui.retrain_turns as retrain_turns
from writer_app.retrain import job as retrain_job
from writer_app.retrain.model_store import ModelStore

from .conftest import commit_text

# A stand-in for `python -m training retrain`: says it is training, then trains on (SIGTERM ends it).
SLOW_RUN = ("import json, time; print(json.dumps({'event': 'phase', 'phase': 'train', "
            "'message': 'Training'}), flush=True); time.sleep(60)")


@pytest.fixture
def writing(tmp_path: Path) -> Path:
    path = tmp_path / "writing.txt"
    path.write_text("A line of my own writing, long enough to count. " * 800, encoding="utf-8")
    return path


def test_a_second_window_brings_back_the_retraining_under_way(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path, writing: Path,  # noqa: ANN001
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A tester started a quick retrain, opened File → New and there started a second run on
    the same folder: two ran at once, and both result pages said "Now using …", though only
    the last to finish was in use. Model → Retrain in the new window now brings back the
    run under way; a dialog open before the run started says why it cannot start, and can
    once the run is over."""
    monkeypatch.setattr(retrain_job, "TRAINING_PACKAGES", ())  # as if torch were installed
    monkeypatch.setattr(retrain_dialog, "build_command", lambda **_kw: [sys.executable, "-c", SLOW_RUN])
    app = make_app(model_dir=tiny_model_dir)
    app.model_store = ModelStore(tmp_path / "models")
    first = app.windows[0]
    second = app.new_window()
    waiting = second.show_retrain()  # open before the run starts
    waiting.add_paths([writing])
    assert waiting.start_button.isEnabled()
    waiting.hide()
    running = first.show_retrain()
    running.add_paths([writing])
    running.start()
    qtbot.waitUntil(lambda: running.runner.state.phase == "train", timeout=30_000)
    assert second.show_retrain() is waiting  # Model → Retrain in the new window:
    assert running.isVisible() and not waiting.isVisible()  # the run under way, not a second one
    waiting.setVisible(True)  # shown all the same (it was open when the run started)
    assert not waiting.start_button.isEnabled()
    assert waiting.problem_label.text().startswith("A retraining started in another window is running.")
    waiting.start()  # a key press: refused, saying why
    assert waiting.prompter.errors[-1][0] == "Cannot retrain" and not waiting.runner.running
    running.cancel()
    qtbot.waitUntil(lambda: running.outcome == "cancelled", timeout=30_000)
    assert waiting.start_button.isEnabled() and waiting.problem_label.isHidden()


def test_an_empty_new_window_starts_from_the_english_model_not_the_last_text_typed(
        qtbot, make_app) -> None:  # noqa: ANN001
    """The tester's empty new window said "Starting from the model in use: inkling-zh-default":
    the app's model "in use" was that of the Chinese text typed in the first window."""
    app = make_app()
    first = app.windows[0]
    commit_text(first.editor, "我们明天早上去市场。")
    qtbot.waitUntil(lambda: app.model_folder() == app.model_folder_for("zh"))
    dialog = app.new_window().show_retrain()
    assert dialog.base_for_text() == app.model_folder_for("en")
    en, zh = (retrain_dialog.model_display_name(app.model_folder_for(x)) for x in ("en", "zh"))
    assert dialog.base_label.text() == ("Starting from the model for the language of your writing: "
                                        f"<b>{en}</b> for English, <b>{zh}</b> for Chinese")


LOCK_HOLDER = ("import sys, time; from filelock import FileLock; lock = FileLock(sys.argv[1]); "
               "lock.acquire(); print('held', flush=True); time.sleep(60)")


def test_a_retraining_of_another_inkling_is_waited_for(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path, writing: Path,  # noqa: ANN001
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A tester's second Inkling started a retrain while the first one's ran: both trained
    at half speed, gave two models the same name, and disagreed on which was in use. A run
    of another process is seen in the store (its staging folder's lock held), and Start
    comes back once it is over."""
    import subprocess

    from writer_app.retrain.model_store import LOCK_NAME

    monkeypatch.setattr(retrain_job, "TRAINING_PACKAGES", ())  # as if torch were installed
    monkeypatch.setattr(retrain_turns, "OTHER_PROCESS_POLL_MS", 50)
    app = make_app(model_dir=tiny_model_dir)
    app.model_store = ModelStore(tmp_path / "models")
    staging = app.model_store.root / ".my-writing-20261208-024604.partial-0a1b2c3d"
    staging.mkdir(parents=True)
    other = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(staging / LOCK_NAME)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "held"
        dialog = app.windows[0].show_retrain()
        dialog.add_paths([writing])
        assert not dialog.start_button.isEnabled()
        assert dialog.problem_label.text().startswith("A retraining started in another Inkling is running.")
        for _ in range(3):
            dialog.refresh()
        assert [d for d in retrain_turns._waiting if d is dialog] == [dialog]  # one look pending, not four
    finally:
        other.kill()
        other.wait()
    qtbot.waitUntil(dialog.start_button.isEnabled, timeout=5000)  # looked again by itself

"""Quitting while a retraining runs (Ctrl+Q → Stop Retraining): the training process is
ended and its staging folder removed before the app goes, as Cancel does. A tester's
quit left `.my-writing-*.partial-*/owner.lock` in the models folder and Qt said
"QProcess: Destroyed while process (…/python) is still running"."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

import writer_app.ui.retrain_dialog as retrain_dialog
from writer_app.retrain import job as retrain_job
from writer_app.retrain.model_store import ModelStore

# A stand-in for `python -m training retrain`: stages its folder with the run's lock held,
# says it is training, then trains on. "stubborn" ignores SIGTERM (a run inside a long torch
# operation); "cooperative" removes its staging folder on SIGTERM and exits, as the real run.
FAKE_RUN = r"""
import json, os, shutil, signal, sys, time
from writer_app.files.session_lock import process_lock
out, how = sys.argv[1], sys.argv[2]
staging = os.path.join(os.path.dirname(out), "." + os.path.basename(out) + ".partial-fake")
os.makedirs(staging)
lock = process_lock(os.path.join(staging, "owner.lock"))
lock.acquire()
def cancelled(*_):
    shutil.rmtree(staging)
    sys.exit(130)
signal.signal(signal.SIGTERM, signal.SIG_IGN if how == "stubborn" else cancelled)
print(json.dumps({"event": "phase", "phase": "train", "message": "Training"}), flush=True)
time.sleep(60)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _training(qtbot, make_app, tiny_model_dir: Path, tmp_path: Path,  # noqa: ANN001, ANN202
              monkeypatch: pytest.MonkeyPatch, how: str):
    """An app whose window's retrain runs FAKE_RUN (``how``), in its training phase:
    (app, window, dialog)."""
    monkeypatch.setattr(retrain_job, "TRAINING_PACKAGES", ())  # as if torch were installed
    monkeypatch.setattr(retrain_dialog, "build_command", lambda *, out, **_kw: [
        sys.executable, "-c", FAKE_RUN, str(out), how])
    app = make_app(model_dir=tiny_model_dir)
    app.model_store = ModelStore(tmp_path / "models")
    window = app.windows[0]
    dialog = window.show_retrain()
    writing = tmp_path / "writing.txt"
    writing.write_text("A line of my own writing, long enough to count. " * 800, encoding="utf-8")
    dialog.add_paths([writing])
    dialog.start()
    qtbot.waitUntil(lambda: dialog.runner.state.phase == "train", timeout=30_000)
    return app, window, dialog


@pytest.mark.parametrize("how", ["stubborn", "cooperative"])
def test_quitting_ends_the_training_process_and_removes_its_staging_folder(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path,  # noqa: ANN001
        monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    app, window, dialog = _training(qtbot, make_app, tiny_model_dir, tmp_path, monkeypatch, how)
    pid, store = dialog.runner.pid(), app.model_store.root
    assert [p.name for p in store.iterdir()][0].endswith(".partial-fake")
    started = time.monotonic()
    window.act_quit.trigger()  # Ctrl+Q; the prompter answers Stop Retraining
    assert app.fake_prompter.asked[0].startswith("Stop Retraining: Quitting stops the retraining")
    assert not dialog.runner.running and not alive(pid)  # ended before the windows went
    assert list(store.iterdir()) == []  # no staging folder, no owner.lock
    assert dialog.outcome == "cancelled" and not window.isVisible()
    assert time.monotonic() - started < (10 if how == "stubborn" else 3)


def test_quitting_asks_about_unsaved_text_first_and_cancel_anywhere_keeps_everything(
        qtbot, make_app, tiny_model_dir: Path, tmp_path: Path,  # noqa: ANN001
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A tester quit during a retrain: "Stop Retraining / Keep Training", then "Save
    changes?"; his Cancel to the second left the run going, though the first had said it
    stops. The question about unsaved text comes first now, and the one about the run
    last, acted on at once: Cancel, or Keep Training after Don't Save, leaves the run, the
    window and its text as they were; Stop Retraining ends the run and quits."""
    from writer_app.ui.prompts import CloseChoice

    app, window, dialog = _training(qtbot, make_app, tiny_model_dir, tmp_path, monkeypatch, "cooperative")
    prompter = app.fake_prompter
    qtbot.keyClicks(window.editor, "unsaved words")
    prompter.close_choice = CloseChoice.CANCEL
    for close in (window.act_quit.trigger, window.close):  # Quit, and closing the window
        prompter.asked.clear()
        close()
        assert len(prompter.asked) == 1  # one question: about the text, not the run
        assert prompter.asked[0].startswith("save changes to")
        assert dialog.runner.running and window.isVisible() and window.document.modified
    prompter.close_choice, prompter.confirm_answer = CloseChoice.DISCARD, False  # Don't Save, Keep Training
    prompter.asked.clear()
    window.act_quit.trigger()
    assert prompter.asked[0].startswith("save changes to")
    assert prompter.asked[1].startswith("Stop Retraining: Quitting stops the retraining")
    assert dialog.runner.running and window.isVisible() and window.document.modified
    assert not dialog.cancel_requested
    prompter.confirm_answer = True  # Don't Save, Stop Retraining: the run ends, the app quits
    window.act_quit.trigger()
    assert not dialog.runner.running and dialog.outcome == "cancelled" and not window.isVisible()

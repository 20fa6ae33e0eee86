"""Autosave that fails (a full disk, a recovery folder it cannot use): said in a lasting
indicator, tried again without typing, and the indicator goes once a write gets through."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from writer_app.files import recovery as recovery_module
from writer_app.files.atomic_write import SaveError
from writer_app.files.recovery import RecoveryStore

from .conftest import AppFactory
from .test_recovery_ui import controller, entry_text
from .test_recovery_ui import store as store  # noqa: F811 (a fixture, found by its name here)

# ------------------------------------------------------------------ failed autosave

def fail_writes(monkeypatch, failing: list[bool]) -> None:
    real_write = recovery_module.atomic_write_bytes

    def write(path: Path, data: bytes) -> None:
        if failing[0]:
            raise SaveError(path, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
        real_write(path, data)

    monkeypatch.setattr(recovery_module, "atomic_write_bytes", write)


def test_a_failed_autosave_shows_a_lasting_indicator_naming_the_document(
        qtbot, make_app: AppFactory, tmp_path: Path, monkeypatch) -> None:
    failing = [True]
    fail_writes(monkeypatch, failing)
    doc_path = tmp_path / "story.txt"
    doc_path.write_text("Once.\n")
    app = make_app(files=[doc_path])
    w = app.windows[0]
    label = w.status.autosave_label
    qtbot.keyClicks(w.editor, "New words. ")
    assert w.document.autosave_now()
    qtbot.waitUntil(lambda: label.isVisible())
    assert label.text() == f"Autosave of story.txt failed: no space left on device (in {app.recovery.folder})."
    assert w.document.recovery_id not in label.text() + label.toolTip()
    assert "still in this window" in label.toolTip()
    w.status.showMessage("Some other note", 100)  # transient notes do not replace it
    qtbot.keyClicks(w.editor, "More. ")
    w.document.autosave_now()
    assert app.recovery is not None and app.recovery.wait_idle()
    QApplication.processEvents()
    assert label.isVisible()
    failing[0] = False  # space freed: the next autosave works and the indicator goes
    qtbot.keyClicks(w.editor, "x")
    w.document.autosave_now()
    qtbot.waitUntil(lambda: not label.isVisible())
    assert w.document.autosave_problem == ""


def test_a_failed_autosave_is_tried_again_without_typing(qtbot, store: RecoveryStore,
                                                        monkeypatch) -> None:
    failing = [True]
    fail_writes(monkeypatch, failing)
    doc = controller(qtbot, store, autosave_max_wait_s=0.05)
    problems: list[str] = []
    doc.autosave_problem_changed.connect(problems.append)
    qtbot.keyClicks(doc.editor, "words")
    doc.autosave_now()
    qtbot.waitUntil(lambda: doc.autosave_problem != "")
    failing[0] = False
    qtbot.waitUntil(lambda: doc.autosave_problem == "", timeout=10000)  # no key, no call
    assert entry_text(store, doc) == "words"
    assert problems == [f"Autosave of Untitled failed: no space left on device (in {store.folder}).", ""]


def test_a_recovery_folder_it_cannot_use_is_said_and_tried_again(qtbot, make_app: AppFactory,
                                                                 tmp_path: Path) -> None:
    """A tester made the folder writable again: autosave never came back, though the bar
    said it tried again every few seconds, and a crash then lost the text."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the recovery folder should be")
    app = make_app(recovery_dir=blocked)
    w = app.windows[0]
    label = w.status.autosave_label
    assert label.isVisible() and label.text().startswith(f"Autosave cannot write to {blocked}: ")
    assert app.new_window().status.autosave_label.isVisible()
    qtbot.keyClicks(w.editor, "words")
    w.document.autosave_now()
    app.recovery.wait_idle()
    assert not any(blocked.parent.glob("**/*.json"))  # nowhere to write yet
    blocked.unlink()  # the writer mends it
    qtbot.keyClicks(w.editor, " more")
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=10_000)
    assert entry_text(app.recovery, w.document) == "words more"



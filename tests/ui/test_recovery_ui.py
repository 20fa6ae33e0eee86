"""Autosave to the recovery folder and restore after a real crash (SIGKILL)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

from writer_app.core.recovery import RecoveryStore
from writer_app.core.settings import Settings
from writer_app.ui.prompts import RestoreChoice

from .conftest import AppFactory, FakePrompter

REPO = Path(__file__).resolve().parents[2]

# The real app in a child process: open a file, type, wait for the idle autosave, die.
CRASHING_APP = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from PySide6.QtTest import QTest
    qt = QApplication([])
    from writer_app.app import InklingApp
    from writer_app.core.settings import Settings, SettingsStore
    tmp, doc = Path(sys.argv[1]), Path(sys.argv[2])
    store = SettingsStore(tmp / "settings.toml")
    store.save(Settings(autosave_idle_s=0.5, suggestions_enabled=False))
    app = InklingApp(store, tmp / "recovery", default_model_dir=tmp / "none")
    app.start([doc], load_model=False)
    editor = app.windows[0].editor
    QTest.keyClicks(editor, "Unsaved but not lost. ")
    while not list((tmp / "recovery").glob("*.txt")):
        qt.processEvents()
    os.kill(os.getpid(), signal.SIGKILL)
""")


def crash_while_editing(tmp_path: Path, doc: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", CRASHING_APP, str(tmp_path), str(doc)],
                          cwd=REPO, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]


def test_restore_after_kill_9(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    doc = tmp_path / "story.txt"
    doc.write_text("Once upon a time.\n")
    crash_while_editing(tmp_path, doc)
    assert doc.read_text() == "Once upon a time.\n"  # the crash never touched the file

    prompter = FakePrompter(restore_choice=RestoreChoice.RESTORE)
    app = make_app(prompter=prompter, recovery_dir=tmp_path / "recovery")
    (offer,) = prompter.restore_offers
    assert [e.title for e in offer] == ["story.txt"]
    w = app.windows[0]
    assert w.editor.document_text() == "Unsaved but not lost. Once upon a time.\n"
    assert w.document.path == doc and w.document.modified
    assert w.document.save()
    assert doc.read_text() == "Unsaved but not lost. Once upon a time.\n"
    assert app.recovery.orphans() == []


def test_not_now_keeps_the_work_for_later(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    doc = tmp_path / "story.txt"
    doc.write_text("Text.\n")
    crash_while_editing(tmp_path, doc)
    later = FakePrompter(restore_choice=RestoreChoice.LATER)
    app = make_app(prompter=later, recovery_dir=tmp_path / "recovery")
    assert len(later.restore_offers) == 1
    assert app.windows[0].document.path is None
    assert len(app.recovery.orphans()) == 1  # still there for next time


def test_discard_removes_it(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    doc = tmp_path / "story.txt"
    doc.write_text("Text.\n")
    crash_while_editing(tmp_path, doc)
    app = make_app(prompter=FakePrompter(restore_choice=RestoreChoice.DISCARD),
                   recovery_dir=tmp_path / "recovery")
    assert app.recovery.orphans() == []
    assert list((tmp_path / "recovery").glob("*.txt")) == []


def test_idle_autosave_and_cleanup_on_save(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    settings = replace(Settings(), autosave_idle_s=0.5, debounce_ms=0)
    app = make_app(settings, prompter=FakePrompter(save_path_answer=tmp_path / "a.txt"))
    w = app.windows[0]
    folder = tmp_path / "recovery"
    qtbot.keyClicks(w.editor, "draft words")
    qtbot.waitUntil(lambda: len(list(folder.glob("*.txt"))) == 1, timeout=10000)
    (saved,) = folder.glob("*.txt")
    assert saved.read_text(encoding="utf-8") == "draft words"
    other = RecoveryStore(folder)
    other.start()
    assert other.orphans() == []  # this session is alive: nothing to offer
    other.close()
    assert w.document.save()
    assert list(folder.glob("*.txt")) == []  # saved work needs no recovery copy

"""Autosave to the recovery folder and restore after a real crash (SIGKILL)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox

from writer_app.editor.ghost_editor import GhostTextEdit
from writer_app.editor.text_mirror import TextMirror
from writer_app.files import recovery as recovery_module
from writer_app.files.recovery import AUTOSAVE_MAX_WAIT_S, RecoveryStore
from writer_app.settings.app_settings import Settings
from writer_app.ui.document_controller import DocumentController
from writer_app.ui.prompts import QtPrompter, RestoreChoice

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
    from writer_app.settings.app_settings import Settings, SettingsStore
    tmp, doc = Path(sys.argv[1]), Path(sys.argv[2])
    store = SettingsStore(tmp / "settings.toml")
    store.save(Settings(autosave_idle_s=0.5, suggestions_enabled=False))
    app = InklingApp(store, tmp / "recovery", default_model_dir=tmp / "none")
    app.start([doc], load_model=False)
    editor = app.windows[0].editor
    QTest.keyClicks(editor, "Unsaved but not lost. ")
    while not list((tmp / "recovery").glob("*.json")):  # written after the text
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
    # ready to type on: a tester's typing after Restore went nowhere, then to the top
    qtbot.waitUntil(lambda: w.editor.hasFocus())
    assert w.editor.cursor_position() == len(w.editor.document_text())
    assert w.document.save()
    assert doc.read_text() == "Unsaved but not lost. Once upon a time.\n"
    assert app.recovery.orphans() == []


def test_work_another_copy_restored_meanwhile_is_said_and_the_app_goes_on(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """Two copies started after a crash both offered the same work; the one answered second
    quit without a word (FileNotFoundError at start-up)."""
    doc = tmp_path / "story.txt"
    doc.write_text("Once upon a time.\n")
    crash_while_editing(tmp_path, doc)

    class TakenMeanwhile(FakePrompter):
        def ask_restore(self, entries):  # noqa: ANN001, ANN202
            for entry in entries:  # the other copy restored it while this question was open
                entry.text_path.unlink()
            return super().ask_restore(entries)

    prompter = TakenMeanwhile(restore_choice=RestoreChoice.RESTORE)
    app = make_app(prompter=prompter, recovery_dir=tmp_path / "recovery")
    assert app.windows and prompter.errors[-1][0] == "Already recovered"
    assert "story.txt was restored or discarded in another Inkling window" in prompter.errors[-1][1]
    assert app.recovery.orphans() == []


def test_saving_restored_work_asks_when_the_file_changed_since(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """The recovered text was based on the file as opened; another program saved it while
    Inkling ran (before the autosave: saved after it, the text restores as a copy):
    saving after Restore asks (the answer here: do not overwrite) and keeps its line."""
    doc = tmp_path / "two.txt"
    doc.write_text("Once upon a time.\n")
    opened_at = doc.stat().st_mtime
    crash_while_editing(tmp_path, doc)
    doc.write_text("Once upon a time.\nA line saved by another window.\n")
    os.utime(doc, (opened_at, opened_at))

    prompter = FakePrompter(restore_choice=RestoreChoice.RESTORE, overwrite_changed=False)
    app = make_app(prompter=prompter, recovery_dir=tmp_path / "recovery")
    w = app.windows[0]
    assert w.document.path == doc and w.document.modified
    assert not w.document.save()
    assert prompter.asked == ["overwrite two.txt"]
    assert doc.read_text() == "Once upon a time.\nA line saved by another window.\n"
    assert w.editor.document_text() == "Unsaved but not lost. Once upon a time.\n"


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


# ------------------------------------------------------------------ steady typist

class FakeClock:
    """The autosave schedule's clock, moved by the test (no wall-clock dependence)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecoveryStore]:
    store = RecoveryStore(tmp_path / "recovery")
    store.start()
    yield store
    store.close()


def controller(qtbot, store: RecoveryStore | None, clock: FakeClock | None = None,
               idle_s: float = 3.0, **kwargs: float) -> DocumentController:
    editor = GhostTextEdit()
    qtbot.addWidget(editor)
    doc = DocumentController(editor, FakePrompter(), store, idle_s, editor,
                             clock=clock or FakeClock(), **kwargs)
    editor.show()
    qtbot.waitExposed(editor)
    editor.setFocus()
    return doc


def entry_text(store: RecoveryStore, doc: DocumentController) -> str:
    assert store.wait_idle()
    path = store.folder / f"{doc.recovery_id}.txt"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_a_steady_typist_is_autosaved_while_typing(qtbot, store: RecoveryStore) -> None:
    # A key every 0.3 s (on the schedule's clock) for 30 s, never a 3 s pause: the
    # recovery copy must stay within the bound of the text on screen all along.
    clock = FakeClock()
    doc = controller(qtbot, store, clock, idle_s=3.0)
    typed = ""
    for i in range(100):
        ch = "abcdefghij "[i % 11]
        qtbot.keyClicks(doc.editor, ch)
        typed += ch
        qtbot.wait(1)  # a due autosave (0 ms timer) runs now
        saved = entry_text(store, doc)
        assert typed.startswith(saved)
        lag_s = (len(typed) - len(saved)) * 0.3
        assert lag_s <= AUTOSAVE_MAX_WAIT_S + 0.3, f"after {i + 1} keys only {len(saved)} saved"
        clock.now += 0.3


def test_autosave_writes_off_the_gui_thread_a_snapshot_of_that_moment(
        qtbot, store: RecoveryStore, monkeypatch) -> None:
    real_write = recovery_module.atomic_write_bytes
    writers: list[str] = []
    gate = threading.Event()

    def slow_write(path: Path, data: bytes) -> None:
        writers.append(threading.current_thread().name)
        gate.wait(30)  # a slow disk: the GUI thread must not wait for it
        real_write(path, data)

    monkeypatch.setattr(recovery_module, "atomic_write_bytes", slow_write)
    doc = controller(qtbot, store)
    qtbot.keyClicks(doc.editor, "first words")
    assert doc.autosave_now()  # returns while the write is stuck
    qtbot.keyClicks(doc.editor, " and more")  # typing goes on meanwhile
    assert doc.autosave_now()
    gate.set()
    assert entry_text(store, doc) == "first words and more"
    assert writers and threading.main_thread().name not in writers


def test_closing_waits_for_a_running_autosave_and_leaves_no_entry(
        qtbot, store: RecoveryStore, monkeypatch) -> None:
    real_write = recovery_module.atomic_write_bytes
    started, gate = threading.Event(), threading.Event()

    def slow_write(path: Path, data: bytes) -> None:
        started.set()
        gate.wait(30)
        real_write(path, data)

    monkeypatch.setattr(recovery_module, "atomic_write_bytes", slow_write)
    doc = controller(qtbot, store)
    qtbot.keyClicks(doc.editor, "words")
    doc.autosave_now()
    assert started.wait(30)
    qtbot.keyClicks(doc.editor, " more")
    doc.autosave_now()  # waits behind the running one
    threading.Timer(0.2, gate.set).start()
    doc.closed()
    assert store.wait_idle()
    assert list(store.folder.glob(f"{doc.recovery_id}.*")) == []


def test_the_mirror_autosave_reads_is_the_document_text(qtbot) -> None:
    editor = GhostTextEdit()
    qtbot.addWidget(editor)
    mirror = TextMirror(editor.document())
    doc = editor.document()
    rng = random.Random(7)
    pieces = ["a", "bc", "\n", "\n\n", "x\ny", "\u00a0", "\u2028", "😀", "中文", "\u2029",
              "long line " * 30, "\n".join(f"line {i}" for i in range(700))]
    for step in range(1500):
        end = doc.characterCount() - 1
        cursor = QTextCursor(doc)
        roll = rng.random()
        if roll < 0.5:
            cursor.setPosition(rng.randint(0, end))
            cursor.insertText(rng.choice(pieces))
        elif roll < 0.75 and end > 0:
            a = rng.randint(0, end)
            cursor.setPosition(a)
            cursor.setPosition(min(end, a + rng.choice([1, 3, 50, 2000])), QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
        elif roll < 0.85:
            doc.undo()
        elif roll < 0.95:
            doc.redo()
        elif roll < 0.97:  # opening a file; the longest goes stale and is read again
            editor.set_document_text(rng.choice(["", "one\ntwo", "a\n" * 1000, "b\n" * 12_000]))
        else:
            cursor.setPosition(rng.randint(0, end))
            cursor.beginEditBlock()
            cursor.insertText("q\n")
            cursor.setPosition(0)
            cursor.insertText("z")
            cursor.endEditBlock()
        assert mirror.text() == editor.document_text(), step


def test_autosave_does_not_read_the_whole_document_each_time(qtbot, store: RecoveryStore,
                                                            tmp_path: Path, monkeypatch) -> None:
    # Reading a 30 MB document (toRawText/toPlainText) took ~100-250 ms per autosave on the
    # GUI thread; the mirror is read once when the file opens, then kept by edits.
    big = tmp_path / "big.txt"
    big.write_text("A line of a long novel, one of many.\n" * 40_000)  # 1.5 MB: loads in slices
    doc = controller(qtbot, store)
    assert doc.load(big)
    qtbot.waitUntil(lambda: not doc.loading, timeout=30000)
    reads: list[str] = []
    for name in ("toRawText", "toPlainText"):
        real = getattr(QTextDocument, name)
        monkeypatch.setattr(QTextDocument, name,
                            lambda self, _n=name, _r=real: reads.append(_n) or _r(self))
    doc.editor.moveCursor(QTextCursor.MoveOperation.End)
    for word in ("The ", "end."):
        qtbot.keyClicks(doc.editor, word)
        assert doc.autosave_now()
        assert store.wait_idle()
    assert reads == []
    monkeypatch.undo()
    assert entry_text(store, doc) == doc.editor.document_text()
    assert entry_text(store, doc).endswith("one of many.\nThe end.")


# ------------------------------------------------------------------ restoring

# A dead session that left two autosaves of the same file (two windows).
TWO_WINDOWS_CRASH = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    from writer_app.files.recovery import RecoveryStore
    from writer_app.files.text_codec import TextFormat
    folder, doc = Path(sys.argv[1]), Path(sys.argv[2])
    store = RecoveryStore(folder)
    store.start()
    store.save("older", "Draft from the first window.", doc, doc.name, TextFormat())
    time.sleep(0.05)
    store.save("newer", "Draft from the second window.", doc, doc.name, TextFormat())
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_restoring_a_file_that_is_open_uses_its_window(qtbot, make_app: AppFactory,
                                                       tmp_path: Path) -> None:
    # The app is started with the file again (as a file manager does) after a crash.
    doc = tmp_path / "story.txt"
    doc.write_text("Once upon a time.\n")
    crash_while_editing(tmp_path, doc)
    app = make_app(prompter=FakePrompter(restore_choice=RestoreChoice.RESTORE),
                   files=[doc], recovery_dir=tmp_path / "recovery")
    assert len(app.windows) == 1  # no stale second window of the same file
    w = app.windows[0]
    assert w.editor.document_text() == "Unsaved but not lost. Once upon a time.\n"
    assert w.document.path == doc and w.document.modified
    app.open_files([doc], None)
    assert len(app.windows) == 1


def test_restoring_a_file_still_loading_uses_its_window(qtbot, make_app: AppFactory,
                                                        tmp_path: Path) -> None:
    """A big file loads in the background; recovered text of it, restored while it loads,
    goes into that window, which stops loading (it opened a second window of the file)."""
    doc = tmp_path / "big.txt"
    doc.write_text("Once upon a time.\n")
    opened_at = doc.stat().st_mtime
    crash_while_editing(tmp_path, doc)
    doc.write_text("Once upon a time.\n" + "A long file.\n" * 200_000)  # ~2.6 MB: loads in slices
    os.utime(doc, (opened_at, opened_at))  # not saved again after the autosave
    app = make_app(prompter=FakePrompter(restore_choice=RestoreChoice.RESTORE),
                   files=[doc], recovery_dir=tmp_path / "recovery")
    assert len(app.windows) == 1
    w = app.windows[0]
    assert not w.document.loading
    assert w.editor.document_text() == "Unsaved but not lost. Once upon a time.\n"
    assert w.document.path == doc and w.document.modified
    qtbot.wait(200)  # no slice of the abandoned load arrives later
    assert w.editor.document_text() == "Unsaved but not lost. Once upon a time.\n"


def test_a_second_entry_of_an_open_file_opens_as_a_copy(qtbot, make_app: AppFactory,
                                                        tmp_path: Path) -> None:
    doc = tmp_path / "story.txt"
    doc.write_text("On disk.\n")
    proc = subprocess.run([sys.executable, "-c", TWO_WINDOWS_CRASH, str(tmp_path / "recovery"),
                           str(doc)], cwd=REPO, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    prompter = FakePrompter(restore_choice=RestoreChoice.RESTORE,
                            save_path_answer=tmp_path / "kept.txt")
    app = make_app(prompter=prompter, files=[doc], recovery_dir=tmp_path / "recovery")
    (offer,) = prompter.restore_offers
    assert [e.entry_id for e in offer] == ["newer", "older"]
    assert len(app.windows) == 2
    owner, copy = app.windows
    assert owner.document.path == doc
    assert owner.editor.document_text() == "Draft from the second window."  # the newest
    assert copy.document.path is None and copy.document.modified
    assert copy.editor.document_text() == "Draft from the first window."
    assert copy.document.title() == "story (recovered).txt"
    assert copy.document.save()  # asks where: it cannot overwrite story.txt unasked
    assert (tmp_path / "kept.txt").read_text() == "Draft from the first window."
    assert doc.read_text() == "On disk.\n"


def test_the_questions_buttons_have_access_keys(qtbot) -> None:  # noqa: ANN001
    """A tester's Alt+D did not press Discard: every button has an underlined letter."""
    from writer_app.ui.prompts import CloseChoice

    shown: list[list[str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append(sorted(b.text() for b in box.buttons()))
        next(b for b in box.buttons() if b.text() == "&Discard").click()

    QTimer.singleShot(0, answer)
    assert QtPrompter(None).ask_save_changes("story.txt") is CloseChoice.DISCARD
    assert shown == [["&Cancel", "&Discard", "&Save"]]

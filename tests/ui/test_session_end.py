"""The desktop session ends (SIGTERM at logout or shutdown): unsaved text is autosaved
first and offered at the next start."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from writer_app.files.recovery import RecoveryStore
from writer_app.files.text_codec import TextFormat
from writer_app.settings.app_settings import Settings, SettingsStore
from writer_app.ui.prompts import CloseChoice, RestoreChoice

from .conftest import AppFactory, FakePrompter

REPO = Path(__file__).resolve().parents[2]

# The real app (writer_app.app.main, its own event loop) in a child process: once the
# window is up, type and say so on stdout; the parent then sends the signal. The idle
# autosave is 60 s away, so only a final autosave can save the words.
APP_THEN_TYPE = textwrap.dedent("""
    import os, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from writer_app.app import main
    from writer_app.ui.main_window import MainWindow

    qt = QApplication(sys.argv[:1])

    def type_then_report():
        windows = [w for w in qt.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows or windows[0].document.loading:
            QTimer.singleShot(50, type_then_report)
            return
        QTest.keyClicks(windows[0].editor, "Typed just before logout. ")
        if os.environ.get("COMPOSING"):  # an input method's composition, not yet committed
            QApplication.sendEvent(windows[0].editor, QInputMethodEvent(os.environ["COMPOSING"], []))
        print("typed", flush=True)

    QTimer.singleShot(0, type_then_report)
    sys.exit(main(sys.argv[1:]))
""")


def run_app_and_signal(tmp_path: Path, doc: Path, signum: int, composing: str = "") -> str:
    settings = tmp_path / "settings.toml"
    SettingsStore(settings).save(Settings(autosave_idle_s=60.0, suggestions_enabled=False))
    env = {"QT_QPA_PLATFORM": "offscreen", "INKLING_SETTINGS": str(settings),
           "INKLING_RECOVERY_DIR": str(tmp_path / "recovery"), "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path), **({"COMPOSING": composing} if composing else {})}
    with subprocess.Popen([sys.executable, "-c", APP_THEN_TYPE, "--model", str(tmp_path / "none"),
                           str(doc)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line == "typed\n", proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signum)
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err[-2000:]
    return err


def test_sigterm_autosaves_the_last_words_and_they_are_offered(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    doc = tmp_path / "story.txt"
    doc.write_text("Once upon a time.\n")
    run_app_and_signal(tmp_path, doc, signal.SIGTERM)
    assert doc.read_text() == "Once upon a time.\n"  # nothing saved over the file unasked

    prompter = FakePrompter(restore_choice=RestoreChoice.RESTORE)
    app = make_app(prompter=prompter, recovery_dir=tmp_path / "recovery")
    (offer,) = prompter.restore_offers
    assert [e.title for e in offer] == ["story.txt"]
    w = app.windows[0]
    assert w.editor.document_text() == "Typed just before logout. Once upon a time.\n"
    assert w.document.path == doc and w.document.modified


def test_what_an_input_method_composes_at_logout_is_saved_too(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """A tester's SIGTERM while IBus composed 谢谢: the composition was lost, and tracebacks
    (a deleted QTextDocument) came as the windows went."""
    doc = tmp_path / "note.txt"
    doc.write_text("End.\n")
    err = run_app_and_signal(tmp_path, doc, signal.SIGTERM, composing="谢谢")
    assert "Traceback" not in err and "RuntimeError" not in err, err[-2000:]
    prompter = FakePrompter(restore_choice=RestoreChoice.LATER)
    make_app(prompter=prompter, recovery_dir=tmp_path / "recovery")
    (offer,) = prompter.restore_offers
    assert offer[0].read_text() == "Typed just before logout. 谢谢End.\n"


def test_sighup_is_a_session_end_too(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    doc = tmp_path / "story.txt"
    doc.write_text("Text.\n")
    run_app_and_signal(tmp_path, doc, signal.SIGHUP)
    prompter = FakePrompter(restore_choice=RestoreChoice.LATER)
    make_app(prompter=prompter, recovery_dir=tmp_path / "recovery")
    (offer,) = prompter.restore_offers
    assert offer[0].read_text() == "Typed just before logout. Text.\n"


# The real app with a question open at start-up: says the dialog's title on stdout once it
# shows (a modal box of the real QtPrompter), then waits for the parent's signal.
APP_THEN_REPORT_DIALOG = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from writer_app.app import main

    qt = QApplication(sys.argv[:1])

    def report_dialog():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(50, report_dialog)
            return
        print(box.windowTitle(), flush=True)

    QTimer.singleShot(0, report_dialog)
    sys.exit(main(sys.argv[1:]))
""")


def leave_unsaved_work(recovery: Path, doc: Path) -> None:
    """What a session that died (kill -9) leaves: an entry whose session lock is free."""
    store = RecoveryStore(recovery)
    store.start()
    store.save(RecoveryStore.new_entry_id(), "Words from last time.\n", doc, doc.name, TextFormat())
    store.close(keep_entries=True)


@pytest.mark.parametrize("dialog", ["Cannot open file", "Recover unsaved work"])
def test_one_sigterm_quits_while_a_start_up_question_is_open(
        qtbot, make_app: AppFactory, tmp_path: Path, dialog: str) -> None:
    """Start-up asks (a file that cannot be opened: a folder; unsaved work a crash left); SIGTERM
    then quits at once, like a normal session end: status 128 + 15, the work left for the
    next start. (The old code started the main loop after the dialog closed, and ran on.)"""
    settings, recovery = tmp_path / "settings.toml", tmp_path / "recovery"
    SettingsStore(settings).save(Settings(suggestions_enabled=False))
    doc = tmp_path / "story.txt"
    if dialog == "Recover unsaved work":
        doc.write_text("Text.\n")
        leave_unsaved_work(recovery, doc)
    else:  # a folder (a missing file named on the command line is a new file, no question)
        doc.mkdir()
    env = {"QT_QPA_PLATFORM": "offscreen", "INKLING_SETTINGS": str(settings),
           "INKLING_RECOVERY_DIR": str(recovery), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    with subprocess.Popen([sys.executable, "-c", APP_THEN_REPORT_DIALOG, "--model",
                           str(tmp_path / "none"), str(doc)], cwd=REPO, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == dialog + "\n"
        proc.send_signal(signal.SIGTERM)
        try:
            _out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            pytest.fail("one SIGTERM did not end the app while a start-up dialog was open")
    assert proc.returncode == 128 + signal.SIGTERM, err[-2000:]

    prompter = FakePrompter(restore_choice=RestoreChoice.LATER)
    make_app(prompter=prompter, recovery_dir=recovery)
    offered = [e.read_text() for e in prompter.restore_offers[0]] if prompter.restore_offers else []
    assert offered == (["Words from last time.\n"] if dialog == "Recover unsaved work" else [])


def test_quit_with_several_unsaved_documents_asks_once(qtbot, make_app, tmp_path: Path) -> None:  # noqa: ANN001
    """A tester was asked once per window, with no Discard All."""
    prompter = FakePrompter(close_choice=CloseChoice.CANCEL)
    app = make_app(prompter=prompter)
    first = app.windows[0]
    second = app.new_window()
    first.editor.insertPlainText("One.")
    second.editor.insertPlainText("Two.")
    first.act_quit.trigger()  # Cancel: nothing closes
    assert prompter.asked == [f"save all: {first.document.title()}, {second.document.title()}"]
    assert len(app.windows) == 2
    prompter.close_choice = CloseChoice.DISCARD
    first.act_quit.trigger()
    assert app.windows == [] and len(prompter.asked) == 2  # one question for both


def test_quit_asks_before_any_window_closes(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """A tester's Quit closed a saved window, then asked about the unsaved one; Cancel left
    the rest open."""
    prompter = FakePrompter(close_choice=CloseChoice.CANCEL)
    app = make_app(prompter=prompter)
    saved = app.windows[0]
    unsaved = app.new_window()
    unsaved.editor.insertPlainText("Draft.")
    saved.act_quit.trigger()
    assert prompter.asked == [f"save changes to {unsaved.document.title()} before quitting"]
    assert app.windows == [saved, unsaved]
    prompter.close_choice = CloseChoice.DISCARD  # (and no window is left to refuse a later Quit)
    saved.act_quit.trigger()
    assert app.windows == []


def test_work_is_kept_when_the_event_loop_ends_without_the_windows_questions(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """A tester killed the X server (and, another time, force-quit the window): Qt ended
    the event loop, main() shut the app down as after a clean quit, and the recovery
    store deleted the autosave, the only copy of his text. Windows that still hold unsaved
    text at shutdown are autosaved and kept; a window closed through its questions is not."""
    doc = tmp_path / "novel.txt"
    doc.write_text("Novel chapter.\n")
    app = make_app(files=[doc])
    closed = app.new_window()
    closed.editor.insertPlainText("Let go on purpose.")
    closed.document.let_go()
    closed.close()
    window = app.windows[0]
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText("Two hours of unsaved work.")
    app.shutdown()  # what main() does once exec() returns, however the loop ended

    prompter = FakePrompter(restore_choice=RestoreChoice.LATER)
    make_app(prompter=prompter, recovery_dir=tmp_path / "recovery")
    (offer,) = prompter.restore_offers
    assert [e.read_text() for e in offer] == ["Novel chapter.\nTwo hours of unsaved work."]

"""What the writer sees while a big file loads: typing is answered at once and moves
nothing, and a line too long to edit is said when the file is read, not when it is in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from writer_app.ui import file_loader

from .conftest import AppFactory


def test_typing_while_a_file_loads_is_answered_at_once_and_does_not_scroll(
        qtbot, make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tester typed "QQQ typed while loading" into a 40 MB file loading: nothing arrived,
    the status bar said only "Loading… 10%", and each space paged the view elsewhere (a
    read-only QPlainTextEdit takes Space for Page Down)."""
    monkeypatch.setattr(file_loader, "SLICE_CHARS", 16 * 1024)
    path = tmp_path / "big.txt"
    path.write_text("All work and no play makes Jack a dull boy.\n" * 70_000, encoding="utf-8")  # ~3 MB
    app = make_app()
    w = app.windows[0]
    loader = w.document._loader
    app.open_files([path], None)
    qtbot.waitUntil(lambda: w.editor.document().blockCount() > 2000, timeout=60_000)
    assert w.document.loading and w.editor.isReadOnly()
    w.editor.setFocus()
    bar = w.editor.verticalScrollBar()
    top = bar.value()
    qtbot.keyClicks(w.editor, "QQQ typed while loading")
    QTest.keyClick(w.editor, Qt.Key.Key_Return)
    assert bar.value() == top  # the spaces did not page down
    note = w.status.currentMessage()
    assert note.startswith("Nothing was typed: big.txt is still loading (") and "%)" in note
    assert note.endswith("You can edit it once it is all in.")
    slices = loader.slices
    qtbot.waitUntil(lambda: loader.slices > slices + 3, timeout=30_000)
    assert w.document.loading  # the note stays through the progress updates, its percentage new
    assert w.status.currentMessage().startswith("Nothing was typed: big.txt is still loading (")
    QTest.keyClick(w.editor, Qt.Key.Key_PageDown)  # keys for reading still read
    assert bar.value() > top
    QTest.keyClick(w.editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert w.editor.textCursor().atEnd()
    qtbot.waitUntil(lambda: not w.document.loading, timeout=60_000)
    assert "QQQ" not in w.editor.document_text()
    assert w.editor.document_text() == path.read_text(encoding="utf-8")
    assert not w.status.currentMessage().startswith(("Loading", "Nothing was typed"))
    qtbot.keyClicks(w.editor, "Z")  # editable once in
    assert w.editor.document_text().startswith("Z")


def test_a_line_too_long_to_edit_is_said_when_the_file_is_read_not_when_it_is_in(
        qtbot, make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tester's file with a line of 5,335,014 characters looked editable-soon for the
    minutes it took to load, its read-only message coming with the last slice."""
    words = "the house stood at the end of the lane "
    path = tmp_path / "one-line.txt"
    path.write_text("Title\n" + (words * 30_000)[:1_100_000] + "\n", encoding="utf-8")  # loads in slices
    app = make_app()
    w = app.windows[0]
    prompter = app.fake_prompter
    told, ticks = [], []

    def error(title: str, message: str) -> None:
        QTest.keyClick(w.editor, Qt.Key.Key_A)  # the writer types while the message is up
        told.append((title, message, w.document.loading, w.editor.document().characterCount() > 1,
                     w.status.currentMessage()))
        prompter.errors.append((title, message))

    monkeypatch.setattr(prompter, "error", error)
    w.document.load_progress.connect(lambda _p: ticks.append(w.status.currentMessage()))
    app.open_files([path], None)
    qtbot.waitUntil(lambda: not w.document.loading and w.document.path == path, timeout=30_000)
    assert len(told) == 1  # said once: when the file was read, not again when it is in
    title, message, loading, text_in, status = told[0]
    assert title == "Opened read-only" and loading and not text_in
    assert "one-line.txt is open read-only" in message and "1,100,000 characters" in message
    assert status == ("Nothing was typed: one-line.txt is still loading (0%), and one-line.txt will "
                      "open read-only: it has a line of 1,100,000 characters, too long to edit.")
    assert ticks and all("will open read-only: it has a line of 1,100,000 characters" in t for t in ticks)
    assert w.editor.isReadOnly() and "(read-only)" in w.windowTitle()
    assert w.editor.document_text() == path.read_text(encoding="utf-8")
    qtbot.keyClicks(w.editor, "abc")
    assert w.status.currentMessage().startswith("Nothing was typed: this file is open read-only")
    assert w.editor.document_text() == path.read_text(encoding="utf-8")

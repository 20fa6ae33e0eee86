"""What the writer sees while a big file loads: typing is answered at once and moves
nothing."""

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


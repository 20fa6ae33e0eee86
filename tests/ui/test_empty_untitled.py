"""An untitled document typed in and emptied again has nothing to lose: a tester was
still asked "Save the changes to Untitled before closing?". A named file emptied still
asks (saving would empty the file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from writer_app.ui.prompts import CloseChoice

from .conftest import AppFactory, FakePrompter


def test_an_untitled_document_emptied_again_closes_without_asking(qtbot, make_app: AppFactory) -> None:
    prompter = FakePrompter(close_choice=CloseChoice.CANCEL)
    w = make_app(prompter=prompter).windows[0]
    qtbot.keyClicks(w.editor, "abc")
    assert w.document.modified and w.isWindowModified()
    for _ in range(3):
        QTest.keyClick(w.editor, Qt.Key.Key_Backspace)
    assert w.editor.document_text() == ""
    assert not w.document.modified and not w.isWindowModified()  # no "Untitled*"
    qtbot.keyClicks(w.editor, "d")
    assert w.document.modified and w.isWindowModified()  # text again: the * is back
    QTest.keyClick(w.editor, Qt.Key.Key_Backspace)
    assert w.close() and prompter.asked == []


def test_a_named_file_emptied_still_asks(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Words.\n", encoding="utf-8")
    prompter = FakePrompter(close_choice=CloseChoice.CANCEL)
    w = make_app(files=[path], prompter=prompter).windows[0]
    w.editor.selectAll()
    QTest.keyClick(w.editor, Qt.Key.Key_Delete)
    assert w.editor.document_text() == "" and w.document.modified and w.isWindowModified()
    assert not w.close() and prompter.asked == ["save changes to notes.txt"]

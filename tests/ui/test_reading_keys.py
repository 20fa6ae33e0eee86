"""Ctrl+Home and Ctrl+End in a read-only editor (editor/reading_keys.py).

A tester opened a file whose one line is 2 MB long (it opens read-only: long_lines.py);
Ctrl+End did not go to the end, while Page Down scrolled. Qt's read-only QPlainTextEdit
ignores the start- and end-of-document keys of any text; here they go there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from writer_app.editor.long_lines import MAX_EDITABLE_LINE_CHARS, limit_long_lines

from .conftest import AppFactory, EditorRig, focus_at_end

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LINE = "word " * (MAX_EDITABLE_LINE_CHARS // 4)  # one line too long to edit


def _open_read_only(rig: EditorRig, text: str) -> None:
    editor = rig.editor
    editor.set_document_text(text)
    assert limit_long_lines(editor, "long.txt", text) is not None
    assert editor.isReadOnly()
    QApplication.processEvents()


def test_ctrl_end_and_ctrl_home_go_to_the_end_and_start_of_a_read_only_text(qtbot, rig: EditorRig) -> None:
    editor, bar = rig.editor, rig.editor.verticalScrollBar()
    _open_read_only(rig, LINE + "\nThe last line.")
    assert bar.value() == 0 < bar.maximum()
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
    assert editor.textCursor().atEnd()
    assert bar.maximum() - bar.value() <= 1  # Qt scrolls a cursor to the bottom line
    assert editor.viewport().rect().contains(editor.cursorRect())  # the last line is in view
    qtbot.keyClick(editor, Qt.Key.Key_Home, CTRL | SHIFT)  # select it all, to copy
    assert editor.textCursor().selectionStart() == 0
    assert len(editor.textCursor().selectedText()) == len(LINE) + len("\nThe last line.")
    assert bar.value() == 0
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(editor, Qt.Key.Key_Home, CTRL)
    assert editor.textCursor().position() == 0 and bar.value() == 0
    assert editor.document_text() == LINE + "\nThe last line."  # nothing typed or changed


def test_ctrl_end_reaches_the_end_of_the_line_with_line_wrap_off(qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    _open_read_only(rig, LINE.rstrip() + ".")
    across = editor.horizontalScrollBar()
    assert across.value() == 0 < across.maximum()
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
    assert editor.textCursor().atEnd()
    assert across.value() == across.maximum()


def test_ctrl_end_in_the_window_of_a_file_opened_read_only(qtbot, make_app: AppFactory,
                                                           tmp_path: Path) -> None:
    """The tester's path: the file opened in a window (its read-only note and shortcuts
    around the editor), Ctrl+End pressed."""
    path = tmp_path / "one-line.txt"
    path.write_text("the house stood at the end of the lane " * 3000, encoding="utf-8")
    app = make_app(files=[path])
    editor = app.windows[0].editor
    qtbot.waitUntil(lambda: editor.isReadOnly() and editor.document().characterCount() > 1)
    focus_at_end(qtbot, app.windows[0])
    qtbot.keyClick(editor, Qt.Key.Key_Home, CTRL)
    assert editor.textCursor().position() == 0 and editor.verticalScrollBar().value() == 0
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
    assert editor.textCursor().atEnd() and editor.verticalScrollBar().value() > 0
    assert "Nothing was typed" not in app.windows[0].status.currentMessage()

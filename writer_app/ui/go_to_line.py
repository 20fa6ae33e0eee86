"""Edit → Go to Line… (Ctrl+G): a small question for a line number, the range beside it.

A line is a line of the file (a paragraph of the editor, QTextBlock), as grep -n, a
compiler or another editor counts it, not a line that wrapping made on screen. The cursor
goes to the start of that line, which is shown in the middle of the view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QInputDialog, QPlainTextEdit, QWidget

WINDOW_NAME = "go-to-line"  # the open question's objectName (one per window)


def go_to_line(editor: QPlainTextEdit, line: int) -> None:
    """Put the cursor at the start of line ``line`` (1 is the first; a number past either
    end goes to the first or the last line) and show that line in the middle of the view."""
    doc = editor.document()
    block = doc.findBlockByNumber(min(max(line, 1), doc.blockCount()) - 1)
    cursor = QTextCursor(block)
    editor.setTextCursor(cursor)
    editor.centerCursor()


def ask_line(editor: QPlainTextEdit, parent: QWidget) -> QInputDialog:
    """Open (window-modal, not waiting for it) the question for a line number of ``editor``'s
    text: 1 to its last line, the cursor's line to start with; OK (Enter) goes there
    (go_to_line), Cancel (Esc) leaves the cursor where it was. Returns the dialog, shown."""
    old = parent.findChild(QInputDialog, WINDOW_NAME)
    if old is not None:
        old.setObjectName("")
        old.close()
    last = editor.document().blockCount()
    dialog = QInputDialog(parent)
    dialog.setObjectName(WINDOW_NAME)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle("Go to Line")
    dialog.setInputMode(QInputDialog.InputMode.IntInput)
    dialog.setIntRange(1, last)
    dialog.setIntValue(editor.textCursor().blockNumber() + 1)
    dialog.setLabelText(f"Line number (1–{last:,}):")
    dialog.intValueSelected.connect(lambda line: go_to_line(editor, line))
    dialog.open()
    return dialog

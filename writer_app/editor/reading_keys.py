"""The start- and end-of-document keys in a read-only editor, which Qt leaves out.

A read-only QPlainTextEdit has no keyboard caret: it scrolls on the arrows, Page Up and
Down and Home/End, and ignores the platform's keys for the start and the end of the
document (Ctrl+Home and Ctrl+End; with Shift, select to there). A tester's Ctrl+End in a
file opened read-only for its 2 MB line (editor/long_lines.py) did nothing, while Page
Down scrolled. Here they move the text cursor, which is not drawn, as they do in an
editable editor, and the view follows it (to the end of the last line, with Line Wrap off
too): Find goes on from there and Copy takes what they selected. Placing the cursor in a
2 MB line takes Qt about 0.25 s.
"""

from __future__ import annotations

from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

_KEY = QKeySequence.StandardKey
_TO = QTextCursor.MoveOperation
_MODE = QTextCursor.MoveMode

# Each key, where it moves the cursor, and whether it selects on the way.
DOCUMENT_KEYS = (
    (_KEY.MoveToStartOfDocument, _TO.Start, _MODE.MoveAnchor),
    (_KEY.MoveToEndOfDocument, _TO.End, _MODE.MoveAnchor),
    (_KEY.SelectStartOfDocument, _TO.Start, _MODE.KeepAnchor),
    (_KEY.SelectEndOfDocument, _TO.End, _MODE.KeepAnchor),
)


def move_for_reading(editor: QPlainTextEdit, event: QKeyEvent) -> bool:
    """If ``event`` is a start- or end-of-document key (DOCUMENT_KEYS), move ``editor``'s
    cursor there (selecting, with Shift) and scroll the view to it; True if it was one.
    For a read-only editor: an editable one does this itself."""
    for key, where, mode in DOCUMENT_KEYS:
        if event.matches(key):
            editor.moveCursor(where, mode)
            return True
    return False

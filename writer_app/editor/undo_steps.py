"""Inserting text as one undo step of its own (an accepted suggestion, Tab's indent)."""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat, QTextCursor


def seal_undo_step(cursor: QTextCursor, inserted: int) -> None:
    """End the current edit block with a no-op format change on the ``inserted`` characters
    before ``cursor``.

    Qt merges an insertion typed right after an edit block that ended with an insertion
    into that block's undo command (QTextDocumentPrivate::appendUndoItem), so "accept,
    then type" would undo in one step. A block whose last command is a format change
    is never merged with typing. Merging an empty format changes nothing visible.
    """
    if inserted <= 0:
        return
    seal = QTextCursor(cursor)
    seal.setPosition(cursor.position() - 1)
    seal.setPosition(cursor.position(), QTextCursor.MoveMode.KeepAnchor)
    seal.mergeCharFormat(QTextCharFormat())


def insert_one_step(cursor: QTextCursor, text: str) -> None:
    """Insert ``text`` at ``cursor`` as one undo step, merged neither with the typing
    before it nor with the typing after it. The caller sets the cursor back on its editor."""
    cursor.beginEditBlock()
    cursor.insertText(text)
    seal_undo_step(cursor, len(text))
    cursor.endEditBlock()

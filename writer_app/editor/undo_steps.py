"""Inserting text as one undo step of its own (an accepted suggestion, Tab's indent)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QTextCursor

# Inserted and at once removed at the end of the step (never seen: both happen inside the
# step's edit block, so the document reports one change). Any character that is not a
# block separator would do.
_SEAL_CHAR = "\u200b"


def seal_undo_step(cursor: QTextCursor) -> None:
    """End the current edit block, whose last command inserted text ending at ``cursor``,
    with a removal: insert one character there and remove it again.

    Qt merges an insertion typed right after an edit block whose last command is an
    insertion into that command (QTextDocumentPrivate::appendUndoItem, Qt 6), so "accept,
    then type" would undo in one step; a block that ends with a removal is never merged
    with typing. Redo puts the cursor where the block's last command left it
    (QTextDocumentPrivate::undoRedo): the removal, at ``cursor``, the end of the text
    inserted. (The seal used before, a no-op format change on the last character inserted,
    sent redo one character too far when one character was inserted: Qt adds the lengths
    of a format change and an insertion that start at the same position. At the end of
    the document that position does not exist: Qt warned "QTextCursor::setPosition:
    Position out of range" and left the cursor at 0.)
    """
    seal = QTextCursor(cursor)
    seal.clearSelection()
    seal.insertText(_SEAL_CHAR)
    seal.setPosition(seal.position() - len(_SEAL_CHAR), QTextCursor.MoveMode.KeepAnchor)
    seal.removeSelectedText()


def insert_one_step(cursor: QTextCursor, text: str) -> None:
    """Insert ``text`` at ``cursor`` as one undo step, merged neither with the typing
    before it nor with the typing after it; undo puts the cursor back where the text
    begins, redo where it ends. The caller sets the cursor back on its editor."""
    cursor.beginEditBlock()
    cursor.insertText(text)
    if text:
        seal_undo_step(cursor)
    cursor.endEditBlock()


class AcceptedSteps:
    """The acceptances still in a document's undo history, so that undoing any of them
    (not only the last) is known: each is (anchor, text) with the number of undo steps
    the document had right after it (QTextDocument.availableUndoSteps)."""

    def __init__(self) -> None:
        self._steps: list[tuple[int, str, int]] = []
        self._undone: list[tuple[int, str, int]] = []  # undone acceptances a redo may put back

    def accepted(self, anchor: int, text: str, steps: int) -> None:
        """``text`` was accepted at ``anchor``, leaving ``steps`` undo steps (those above
        it were undone earlier and can no longer be redone)."""
        self._steps = [s for s in self._steps if s[2] < steps] + [(anchor, text, steps)]
        self._undone = []

    def undoing(self, steps: int) -> tuple[int, str] | None:
        """The acceptance the next undo takes back, with ``steps`` undo steps now; None
        when that step is not one."""
        return next(((a, t) for a, t, n in self._steps if n == steps), None)

    def undone(self, steps: int) -> None:
        """An undo left ``steps`` undo steps: what lay above them is gone (until a redo)."""
        self._undone += [s for s in self._steps if s[2] > steps]
        self._steps = [s for s in self._steps if s[2] <= steps]

    def redone(self, steps: int, text: Callable[[], str]) -> str | None:
        """The text of the acceptance a redo just put back, leaving ``steps`` undo steps,
        if it was one and ``text()`` (the document's) holds it at its anchor; else None."""
        again = next((s for s in self._undone if s[2] == steps), None)
        if again is None or text()[again[0]:again[0] + len(again[1])] != again[1]:
            return None
        self._undone.remove(again)
        self._steps.append(again)
        return again[1]

    def clear(self) -> None:
        self._steps, self._undone = [], []

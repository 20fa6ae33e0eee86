"""Undo steps: text inserted as one step of its own (an accepted suggestion, Tab's indent),
and each word typed on the keyboard one step (WordSteps)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from writer_app.editor.cursor_text import text_before
from writer_app.editor.ghost_keys import is_plain
from writer_app.text.chars import is_cjk
from writer_app.text.units import PHRASE_END, SENTENCE_END

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


def insert_one_step(cursor: QTextCursor, text: str) -> QTextCursor:
    """Insert ``text`` at ``cursor`` as one undo step, merged neither with the typing
    before it nor with the typing after it; undo puts the cursor back where the text
    begins, redo where it ends. Returns ``cursor``, for the caller to set back on its editor."""
    cursor.beginEditBlock()
    cursor.insertText(text)
    if text:
        seal_undo_step(cursor)
    cursor.endEditBlock()
    return cursor


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


_CTRL = Qt.KeyboardModifier.ControlModifier
_NOT_TYPING = (_CTRL, _CTRL | Qt.KeyboardModifier.ShiftModifier)  # as QInputControl::isAcceptableInput
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def typed_text(event: QKeyEvent) -> str:
    """What the key ``event`` types into a text editor: its text, "\\n" for Enter, "" for a
    key that types nothing (a control character, Enter with Ctrl, Alt or Meta, or any key
    with Ctrl or Ctrl+Shift, which Qt's text control does not type:
    QInputControl::isAcceptableInput)."""
    if event.modifiers() in _NOT_TYPING:
        return ""
    if event.key() in _ENTER:
        return "\n" if is_plain(event) else ""
    text = event.text()
    return text if text.isprintable() else ""


def begins_step(before: str, typed: str) -> bool:
    """Whether ``typed`` (a key's text: typed_text), typed right after ``before`` (the
    text before the cursor: "" at the start of the document, ending in "\\n" at the start
    of a paragraph), begins an undo step of its own. A step is a word with its marks and
    the spaces after it ("dark. "), as LibreOffice has it: Enter begins one, and so does
    anything typed at the start of a paragraph, a character other than a space typed after
    a space, and one typed after a Chinese mark ("好。" + "他"), Chinese having no spaces.
    (gedit's rule, a word with the spaces before it, left a tester's "old " typed into a
    sentence half undone: "oldwas".)"""
    if typed == "\n" or not before or before[-1] == "\n":
        return True
    if typed[0].isspace():
        return False
    last = before[-1]
    return last.isspace() or (last in SENTENCE_END | PHRASE_END and is_cjk(last))


class WordSteps:
    """Each word typed on an editor's keyboard its own undo step (a tester's one Ctrl+Z
    took back a paragraph typed over minutes).

    Qt merges an insertion that is not part of an edit block into the undo command before
    it when that one is an insertion ending where it begins, typed or the end of an edit
    block (QTextDocumentPrivate::appendUndoItem, Qt 6), so a paragraph typed without moving
    the cursor undid in one step. ``typing`` runs a key's own handling inside an edit block
    where a step begins, which Qt merges with nothing before it; a key that continues the
    step is left to Qt, which merges it into that block. A step begins where
    ``begins_step`` says, and wherever the step before is not typing seen here (a paste, an
    acceptance, Replace All, an undo, an input method's commit, the cursor moved). Typing
    over a selection is Qt's own edit block already. Pastes, commits and Replace All stay
    one step each, as Qt makes them.
    """

    def __init__(self, editor: QPlainTextEdit) -> None:
        self._editor = editor
        # The document's revision and the cursor's position after the last key typed here.
        self._after: tuple[int, int] | None = None

    def _here(self) -> tuple[int, int]:
        return self._editor.document().revision(), self._editor.textCursor().position()

    def _begins(self, cursor: QTextCursor, typed: str) -> bool:
        """Whether ``typed``, typed at ``cursor`` (no selection), begins an undo step."""
        if self._here() != self._after:
            return True
        return begins_step(text_before(cursor.document(), cursor.position(), 2), typed)

    @contextmanager
    def typing(self, event: QKeyEvent) -> Iterator[None]:
        """Run the editor's own handling of the key ``event`` (the body of the ``with``),
        as the start of an undo step when it types text that begins one; then the cursor
        is shown (Qt's text control makes sure of that before an edit block ends, while the
        new line it typed has no layout yet)."""
        editor, typed = self._editor, typed_text(event)
        cursor = editor.textCursor()
        if not typed or editor.isReadOnly():
            yield
            return
        block = not cursor.hasSelection() and self._begins(cursor, typed)
        if block:
            cursor.beginEditBlock()
        try:
            yield
        finally:
            if block:
                cursor.endEditBlock()
                editor.ensureCursorVisible()
            self._after = self._here()

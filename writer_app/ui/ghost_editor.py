"""A plain-text editor that shows a suggestion as grey "ghost text" after the cursor.

The ghost text is drawn through the block's QTextLayout preedit area (the mechanism
input methods use for uncommitted text): the layout makes room for it, so it wraps at
the window edge and pushes trailing punctuation along, yet it is never in the
QTextDocument. Saving, copying, undo and word counts cannot see it.

Keys while a suggestion is shown: Tab accepts it, Ctrl+Right accepts the next word,
Esc dismisses it, Alt+] / Alt+[ cycle the alternatives, typing its next characters
keeps the rest (type-through); any other key, a click or moving the cursor dismisses
it. Ctrl+Space asks for a suggestion now. Each acceptance is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPalette,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextLayout,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from writer_app.core.ghost_state import GhostText
from writer_app.core.suggestion_policy import CONTEXT_CHARS, LOOKAHEAD_CHARS
from writer_app.core.words import BEFORE_CHARS
from writer_app.ui.cursor_text import document_text, text_after_in_block, text_before

_NO_MODS = Qt.KeyboardModifier.NoModifier
_TYPING_MODS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
_CTRL = Qt.KeyboardModifier.ControlModifier
_ALT = Qt.KeyboardModifier.AltModifier
# Pressing a modifier on its own (the start of Ctrl+Right, Alt+]) must keep the ghost.
_MODIFIER_KEYS = frozenset({
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Hyper_L, Qt.Key.Key_Hyper_R,
    Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock, Qt.Key.Key_ScrollLock,
})


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Qt text positions."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _seal_undo_step(cursor: QTextCursor, inserted: int) -> None:
    """End the current edit block with a no-op format change on the inserted text.

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


def muted_color(palette: QPalette) -> QColor:
    """The placeholder-text colour made opaque over the background (Qt's default
    placeholder is the text colour at half alpha), so it follows light and dark themes."""
    fg = QColor(palette.color(QPalette.ColorRole.PlaceholderText))
    bg = QColor(palette.color(QPalette.ColorRole.Base))
    a = fg.alphaF()
    return QColor.fromRgbF(
        fg.redF() * a + bg.redF() * (1 - a),
        fg.greenF() * a + bg.greenF() * (1 - a),
        fg.blueF() * a + bg.blueF() * (1 - a),
    )


class GhostTextEdit(QPlainTextEdit):
    """QPlainTextEdit with ghost-text suggestions.

    ``revision`` counts document changes; a suggestion is shown only for the revision
    and cursor position it was computed for (see ``show_ghost``).

    Signals: ``edited`` after every change made by the user (not after type-through, which
    keeps the shown suggestion); ``suggestion_requested`` for Ctrl+Space;
    ``ghost_changed`` when the shown suggestion changes or goes (None).
    """

    edited = Signal()
    suggestion_requested = Signal()
    ghost_changed = Signal(object)
    accepted = Signal(str)
    text_replaced = Signal()  # set_document_text: a file was opened (the cursor is at the top)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.revision = 0
        self._ghost: GhostText | None = None
        self._ghost_block: QTextBlock | None = None
        self._composing = False
        self._internal_edit = False
        self.document().contentsChange.connect(self._on_contents_change)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self.selectionChanged.connect(self._on_selection_changed)

    # ----------------------------------------------------------------- state queries

    @property
    def ghost(self) -> GhostText | None:
        """The suggestion on screen, or None."""
        if self._ghost is not None and not self._ghost_on_layout():
            # Qt dropped the layout's preedit behind our back (e.g. committing an input
            # method on focus change): never act on a suggestion the user cannot see.
            self._ghost, self._ghost_block = None, None
            self.ghost_changed.emit(None)
        return self._ghost

    @property
    def composing(self) -> bool:
        """True while an input method has uncommitted (preedit) text."""
        return self._composing

    def cursor_position(self) -> int:
        return self.textCursor().position()

    def has_selection(self) -> bool:
        return self.textCursor().hasSelection()

    def context_before_cursor(self, max_chars: int = CONTEXT_CHARS) -> str:
        """The last ``max_chars`` characters before the cursor (only those are read)."""
        return text_before(self.document(), self.cursor_position(), max_chars)

    def text_after_cursor(self, max_chars: int = LOOKAHEAD_CHARS) -> str:
        return text_after_in_block(self.document(), self.cursor_position(), max_chars)

    def document_text(self) -> str:
        """The document's text as saved: never includes the ghost text."""
        return document_text(self.document())

    # ------------------------------------------------------------ showing the ghost

    def show_ghost(self, ghost: GhostText | None) -> bool:
        """Show ``ghost`` if it still fits the document and cursor; False if refused."""
        self._remove_from_layout()
        self._ghost = None
        if ghost is not None and (
            ghost.revision != self.revision
            or ghost.position != self.cursor_position()
            or self.has_selection()
            or self._composing
            or self.isReadOnly()
            or not ghost.text
        ):
            ghost = None
        if ghost is not None:
            self._ghost = ghost
            self._put_on_layout(ghost)
        self.ghost_changed.emit(self._ghost)
        return ghost is not None

    def dismiss_ghost(self) -> None:
        if self._ghost is not None or self._ghost_block is not None:
            self.show_ghost(None)

    def ghost_format(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setForeground(muted_color(self.palette()))
        return fmt

    def _put_on_layout(self, ghost: GhostText) -> None:
        doc = self.document()
        block = doc.findBlock(ghost.position)
        layout = block.layout()
        start = ghost.position - block.position()
        layout.setPreeditArea(start, ghost.text)
        fr = QTextLayout.FormatRange()
        fr.start, fr.length, fr.format = start, utf16_len(ghost.text), self.ghost_format()
        layout.setFormats([fr])
        self._ghost_block = block
        doc.markContentsDirty(block.position(), block.length())  # relayout, not an edit
        self.viewport().update()

    def _remove_from_layout(self) -> None:
        block, self._ghost_block = self._ghost_block, None
        if block is None or not block.isValid():
            return
        layout = block.layout()
        if layout is None or not layout.preeditAreaText():
            return
        layout.setPreeditArea(-1, "")
        layout.clearFormats()
        self.document().markContentsDirty(block.position(), block.length())
        self.viewport().update()

    def _ghost_on_layout(self) -> bool:
        block = self._ghost_block
        if self._ghost is None or block is None or not block.isValid():
            return False
        return block.layout().preeditAreaText() == self._ghost.text

    # ----------------------------------------------------------------- accepting

    def accept_ghost(self) -> bool:
        """Insert the whole suggestion (Tab). One undo step."""
        ghost = self.ghost
        if ghost is None:
            return False
        self._insert_accepted(ghost.text, ghost, keep_rest=False)
        return True

    def accept_next_word(self) -> bool:
        """Insert the suggestion's next word (Ctrl+Right), keeping the rest shown."""
        ghost = self.ghost
        if ghost is None:
            return False
        word = ghost.next_word(self.context_before_cursor(BEFORE_CHARS))
        self._insert_accepted(word, ghost, keep_rest=True)
        return True

    def cycle_ghost(self, step: int) -> bool:
        """Show the next (1) or previous (-1) alternative."""
        ghost = self.ghost
        if ghost is None or ghost.count < 2:
            return ghost is not None
        self.show_ghost(ghost.cycled(step))
        return True

    def _insert_accepted(self, text: str, ghost: GhostText, keep_rest: bool) -> None:
        self._remove_from_layout()
        self._ghost = None
        cursor = self.textCursor()
        self._internal_edit = True
        try:
            cursor.beginEditBlock()
            cursor.insertText(text)
            _seal_undo_step(cursor, len(text))
            cursor.endEditBlock()
            self.setTextCursor(cursor)
        finally:
            self._internal_edit = False
        rest = ghost.after_typed(text, self.revision, self.cursor_position()) if keep_rest else None
        self.show_ghost(rest)
        self.ensureCursorVisible()
        self.accepted.emit(text)
        if rest is None:
            self.edited.emit()  # ready for the next suggestion

    def _type_through(self, typed: str, insert: Callable[[], None]) -> None:
        ghost = self._ghost
        assert ghost is not None
        self._remove_from_layout()
        self._internal_edit = True
        try:
            insert()
        finally:
            self._internal_edit = False
        rest = ghost.after_typed(typed, self.revision, self.cursor_position())
        self.show_ghost(rest)
        if rest is None:
            self.edited.emit()

    # ------------------------------------------------------------------- events

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if self._handle_ghost_key(event):
            event.accept()
            return
        if event.key() == Qt.Key.Key_Space and event.modifiers() == _CTRL:
            event.accept()
            self.suggestion_requested.emit()
            return
        if event.key() not in _MODIFIER_KEYS:
            self.dismiss_ghost()
        super().keyPressEvent(event)

    def _handle_ghost_key(self, event: QKeyEvent) -> bool:
        ghost = self.ghost
        if ghost is None:
            return False
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Tab and mods == _NO_MODS:
            return self.accept_ghost()
        if event.matches(QKeySequence.StandardKey.MoveToNextWord) or (
            key == Qt.Key.Key_Right and mods == _CTRL
        ):
            return self.accept_next_word()
        if key == Qt.Key.Key_Escape and mods == _NO_MODS:
            self.dismiss_ghost()
            return True
        if mods & _ALT and key in (Qt.Key.Key_BracketRight, Qt.Key.Key_BracketLeft):
            return self.cycle_ghost(1 if key == Qt.Key.Key_BracketRight else -1)
        typed = event.text()
        plain = not (mods & ~_TYPING_MODS)
        if typed and typed.isprintable() and plain and ghost.text.startswith(typed):
            self._type_through(typed, lambda: super(GhostTextEdit, self).keyPressEvent(event))
            return True
        return False

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802
        commit, preedit = event.commitString(), event.preeditString()
        ghost = self.ghost
        if (ghost is not None and commit and not preedit and event.replacementLength() == 0
                and ghost.text.startswith(commit)):
            self._type_through(commit, lambda: super(GhostTextEdit, self).inputMethodEvent(event))
            self._composing = False
            return
        # The input method's preedit uses the same layout area: ours goes first.
        self.dismiss_ghost()
        self._composing = bool(preedit)
        super().inputMethodEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.dismiss_ghost()
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        # While a suggestion is shown, Tab/Esc/Ctrl+Right/Alt+[ must reach keyPressEvent
        # before window shortcuts or focus navigation take them.
        if event.type() == QEvent.Type.ShortcutOverride and self._ghost is not None:
            key_event = event if isinstance(event, QKeyEvent) else None
            if key_event is not None and self._is_ghost_key(key_event):
                event.accept()
                return True
        return super().event(event)

    @staticmethod
    def _is_ghost_key(event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        return (
            (key in (Qt.Key.Key_Tab, Qt.Key.Key_Escape) and mods == _NO_MODS)
            or (key == Qt.Key.Key_Right and mods == _CTRL)
            or (bool(mods & _ALT) and key in (Qt.Key.Key_BracketRight, Qt.Key.Key_BracketLeft))
        )

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802
        self.dismiss_ghost()
        super().insertFromMimeData(source)

    def undo(self) -> None:
        self.dismiss_ghost()
        super().undo()

    def redo(self) -> None:
        self.dismiss_ghost()
        super().redo()

    def set_document_text(self, text: str) -> None:
        """Replace everything (opening a file): not undoable, not an edit to suggest on."""
        self.dismiss_ghost()
        self._composing = False
        doc = self.document()
        doc.setUndoRedoEnabled(False)
        self.setPlainText(text)
        doc.setUndoRedoEnabled(True)
        doc.setModified(False)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.text_replaced.emit()

    # ------------------------------------------------------------- change tracking

    def _on_contents_change(self, _position: int, _removed: int, _added: int) -> None:
        self.revision += 1
        if self._internal_edit:
            return
        if self._ghost is not None or self._ghost_block is not None:
            self.show_ghost(None)
        self.edited.emit()

    def _on_cursor_moved(self) -> None:
        if self._internal_edit or self._ghost is None:
            return
        if self.cursor_position() != self._ghost.position:
            self.show_ghost(None)

    def _on_selection_changed(self) -> None:
        if self._ghost is not None and self.has_selection():
            self.show_ghost(None)

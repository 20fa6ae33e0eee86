"""A plain-text editor that shows a suggestion as grey "ghost text" after the cursor.

The ghost text is painted over the viewport after Qt has drawn the text (paintEvent),
from a small QTextLayout of its own (editor/ghost_painting.py): the suggestion, then the
few closing characters that followed the cursor, wrapping onto the lines below. It is
never in the QTextDocument nor a block's layout: showing or hiding it costs only the
repaint of the lines it covers (~0.1 ms). Saving, copying, undo and counts cannot see it.
It is shown only where the writer can see all of it: the view scrolls down for a ghost
that wraps below it, or sideways past a long unwrapped line (editor/ghost_view.py).

Keys while a suggestion is shown: Tab accepts it, Ctrl+Right the next word, Esc dismisses
it, Alt+] / Alt+[ cycle the alternatives, typing its next characters keeps the rest; any
other key, a click or moving the cursor dismisses it. The ask-now key (Ctrl+Space unless
the settings name another) asks for one now. Each acceptance is one undo step, and so are
Tab's indent and each word typed (editor/undo_steps.py). Keys act only on a suggestion
painted in view: one queued behind a key is dismissed, one scrolled out of sight waits.
Undoing an acceptance rejects that suggestion there until the text changes. The space
(and mark) an acceptance ends with stand for the next one typed (editor/accepted_space.py).

Input methods: no suggestion while one may hold uncommitted input (editor/ime_watch.py,
composition.py, ime_keys.py), nor without focus; a click or a focus change commits the
preedit shown (Qt's IBus plugin would drop it). Copy and paste are plain text only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPaintEvent,
    QShowEvent,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from writer_app.editor import ghost_keys
from writer_app.editor.accepted_space import AcceptedSpace, put_in_place_of_space
from writer_app.editor.cursor_text import document_text, text_after_in_block, text_before
from writer_app.editor.ghost_keys import MODIFIER_KEYS, GhostAction, ghost_action, is_plain, is_redo
from writer_app.editor.ghost_text import GhostText
from writer_app.editor.ghost_view import GhostView
from writer_app.editor.ime_watch import InputMethodWatch
from writer_app.editor.plain_clipboard import paste_refusal_at, pasted_text, plain_text_mime
from writer_app.editor.reading_keys import move_for_reading
from writer_app.editor.suggestion_policy import CONTEXT_CHARS, LOOKAHEAD_CHARS
from writer_app.editor.undo_steps import AcceptedSteps, WordSteps, insert_one_step
from writer_app.text.words import BEFORE_CHARS

_NO_MODS = Qt.KeyboardModifier.NoModifier


class GhostTextEdit(QPlainTextEdit):
    """QPlainTextEdit with ghost-text suggestions.

    ``revision`` counts document changes; a suggestion is shown only for the revision
    and cursor position it was computed for (see ``show_ghost``).

    Signals: ``edited`` after every change made by the user (not after type-through, which
    keeps the shown suggestion); ``suggestion_requested`` for the ask-now key;
    ``ghost_changed`` when the shown suggestion changes or goes (None); ``refused`` when a
    paste would make a line too long to edit (editor/long_lines.py); ``read_only_changed``
    when ``setReadOnly`` changes it (Qt has no such signal).

    Read-only (a file loading, a line too long to edit) means no edit from the writer at
    all: no suggestion shown, undo and redo do nothing (QPlainTextEdit would undo); the
    keys for the start and end of the text still go there (editor/reading_keys.py).
    """

    edited = Signal()
    suggestion_requested = Signal()
    ghost_changed = Signal(object)
    accepted = Signal(str)
    text_replaced = Signal()  # set_document_text: a file was opened (the cursor is at the top)
    refused = Signal(str)  # a paste was not made: why, as a sentence for the status bar
    read_only_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.revision = 0
        self._ghost: GhostText | None = None
        self._painted: GhostText | None = None  # the ghost as last painted (keys act on it)
        self._view = GhostView(self)  # where it is on screen (editor/ghost_view.py)
        self._accepts = AcceptedSteps()  # undoing any of them rejects it there
        self._space = AcceptedSpace()  # the space (and mark) an acceptance ended with
        self._words = WordSteps(self)  # each word typed one undo step
        self._rejected: tuple[int, str] | None = None  # position, text the writer undid there
        # The writer composing beside a shown ghost dismisses it; leaving the window keeps
        # the composed text.
        self._ime = InputMethodWatch(self, self.dismiss_ghost, self.commit_preedit)
        self._ask_now_key = ghost_keys.ask_now_sequence()
        self._internal_edit = False
        self.document().contentsChange.connect(self._on_contents_change)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self.selectionChanged.connect(self._on_selection_changed)

    # ----------------------------------------------------------------- state queries

    @property
    def ghost(self) -> GhostText | None:
        """The suggestion shown (painted, or to be painted at the next repaint), or None."""
        return self._ghost

    @property
    def visible_ghost(self) -> GhostText | None:
        """The suggestion if painted (or what type-through or a word accepted left of one): the one keys act on."""
        return self._ghost if self._ghost is not None and self._painted is self._ghost else None

    @property
    def composing(self) -> bool:
        """True while an input method may hold uncommitted input (editor/ime_watch.py)."""
        return self._ime.busy

    @property
    def ask_now_key(self) -> QKeySequence:
        """The key that asks for a suggestion now (empty: none)."""
        return QKeySequence(self._ask_now_key)

    def set_ask_now_key(self, key: str) -> None:
        """Set the ask-now key from QKeySequence's portable text ("Ctrl+Space", "Alt+/");
        '' for none (Suggestions → Suggest Now still asks): ghost_keys.ask_now_sequence."""
        self._ask_now_key = ghost_keys.ask_now_sequence(key)

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
        """Show ``ghost`` if it still fits the document and cursor and can be seen whole
        (the view scrolls down for it: GhostView.place); False if refused. Candidates the
        writer rejected at this position (undid their acceptance) are left out. The ghost
        is painted at the next repaint (see ``visible_ghost``)."""
        self._hide_painting()
        rejected = self._rejected
        if ghost is not None and rejected is not None and ghost.position == rejected[0]:
            ghost = ghost.without(rejected[1])
        if ghost is not None and (
            ghost.revision != self.revision
            or ghost.position != self.cursor_position()
            or self.has_selection()
            or self.composing
            or not self.hasFocus()
            or QApplication.activePopupWidget() is not None  # a menu is open over it
            or self.isReadOnly()
            or not ghost.text
            or len(self.text_after_cursor(LOOKAHEAD_CHARS + 1)) > LOOKAHEAD_CHARS
            or not self._view.place(ghost)
        ):
            ghost = None
        self._ghost = ghost
        self.ghost_changed.emit(self._ghost)
        return ghost is not None

    def dismiss_ghost(self) -> None:
        if self._ghost is not None:
            self.show_ghost(None)

    def _hide_painting(self) -> None:
        """Forget the ghost and repaint where it was (the text under it comes back)."""
        self._ghost = self._painted = None
        self._view.clear()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        ghost = self._ghost
        seen = self._view.paint(ghost, event.region()) if ghost is not None else None
        if seen is not None:  # keys act on it while the writer can see it (GhostView.paint)
            self._painted = ghost if seen else None

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

    def run_ghost_action(self, action: GhostAction) -> bool:
        """Do what a suggestion key (ghost_keys.GHOST_KEYS) or its menu item does; False
        if there was nothing to act on."""
        if action is GhostAction.DISMISS:
            shown = self.ghost is not None
            self.dismiss_ghost()
            return shown
        if self.visible_ghost is None:  # seen, then out of view: back for the next press (or
            back = self._view.bring_back(self._ghost) if self._ghost else None  # gone); the key
            if back is False:  # is spent (a tester's Tab there indented); never seen: not
                self.dismiss_ghost()  # spent, so Tab indents
            return back is not None
        return {
            GhostAction.ACCEPT: self.accept_ghost,
            GhostAction.ACCEPT_WORD: self.accept_next_word,
            GhostAction.NEXT: lambda: self.cycle_ghost(1),
            GhostAction.PREVIOUS: lambda: self.cycle_ghost(-1),
        }[action]()

    def cycle_ghost(self, step: int) -> bool:
        """Show the next (1) or previous (-1) alternative."""
        ghost = self.ghost
        if ghost is None or ghost.count < 2:
            return ghost is not None
        seen = self._painted is ghost
        self.show_ghost(ghost.cycled(step))
        if seen:
            self._painted = self._ghost  # asked for by a key on a painted one
        return True

    def _insert_accepted(self, text: str, ghost: GhostText, keep_rest: bool) -> None:
        seen = self._painted is ghost
        self._hide_painting()
        anchor = self.cursor_position()
        self._internal_edit = True
        try:
            self.setTextCursor(insert_one_step(self.textCursor(), text))
        finally:
            self._internal_edit = False
        self._rejected = None
        self._accepts.accepted(anchor, text, self.document().availableUndoSteps())
        self._space.accepted(text, self.cursor_position(), self.revision)
        rest = ghost.after_typed(text, self.revision, self.cursor_position()) if keep_rest else None
        self.show_ghost(rest)
        if seen and self._ghost is not None:
            self._painted = self._ghost  # the rest of what the writer saw
        self.ensureCursorVisible()
        self.accepted.emit(text)
        if rest is None:
            self.edited.emit()  # ready for the next suggestion

    def _type_through(self, typed: str, insert: Callable[[], None]) -> None:
        ghost = self._ghost
        assert ghost is not None
        seen = self._painted is ghost
        self._hide_painting()
        self._internal_edit = True
        try:
            insert()
        finally:
            self._internal_edit = False
        self._rejected = None
        rest = ghost.after_typed(typed, self.revision, self.cursor_position())
        self.show_ghost(rest)
        if seen and self._ghost is not None:
            self._painted = self._ghost  # the rest of what the writer saw
        if rest is None:
            self.edited.emit()

    # ------------------------------------------------------------------- events

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        self._ime.key_delivered(event)
        event = ghost_keys.without_line_separator(event)  # Shift+Enter: a paragraph, never U+2028
        if event.key() not in MODIFIER_KEYS:  # the first key after an accepted space
            instead = self._space.on_key(event, self.cursor_position(), self.revision,
                                         self._is_ask_now_key(event), self.context_before_cursor)
            if instead is not None:
                event.accept()
                if instead.text:  # "," or Enter in place of the space (and a mark)
                    self.dismiss_ghost()
                    self.setTextCursor(put_in_place_of_space(self.textCursor(), *instead))
                return
        if self._handle_ghost_key(event):
            event.accept()
            return
        if self._is_ask_now_key(event):
            event.accept()
            self.suggestion_requested.emit()
            return
        if ghost_keys.is_alt_chord(event):  # Alt+] with nothing shown, Alt+D with no menu:
            event.accept()  # no "]" or "d" typed into the text
            return
        if event.key() not in MODIFIER_KEYS:
            self.dismiss_ghost()
        if not self.isReadOnly():
            # Undo and redo go through undo()/redo() (Qt's text control would call its own),
            # which know when an acceptance is undone; Tab indents as one undo step.
            if event.matches(QKeySequence.StandardKey.Undo):
                event.accept()
                self.undo()
                return
            if is_redo(event):
                event.accept()
                self.redo()
                return
            if event.key() == Qt.Key.Key_Tab and event.modifiers() == _NO_MODS:
                event.accept()
                self.setTextCursor(insert_one_step(self.textCursor(), "\t"))
                return
        elif move_for_reading(self, event):  # Ctrl+End: Qt's read-only editor ignores it
            event.accept()
            return
        self._type_key(event)

    def _type_key(self, event: QKeyEvent) -> None:
        """Qt's own handling of a key; each word typed is one undo step (undo_steps.py)."""
        with self._words.typing(event):
            super().keyPressEvent(event)

    def _handle_ghost_key(self, event: QKeyEvent) -> bool:
        ghost, action = self.visible_ghost, ghost_action(event)
        if ghost is None:  # Tab or Ctrl+Right for a ghost out of view: brought back, not taken
            return action in (GhostAction.ACCEPT, GhostAction.ACCEPT_WORD) and self.run_ghost_action(action)
        if action is not None:
            return self.run_ghost_action(action)
        typed = event.text()
        if typed and typed.isprintable() and is_plain(event) and ghost.text.startswith(typed):
            self._type_through(typed, lambda: self._type_key(event))
            return True
        return False

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802
        commit, preedit = event.commitString(), event.preeditString()
        self._ime.input_method_event(commit, preedit)
        ghost = self.ghost
        if (ghost is not None and commit and not preedit and event.replacementLength() == 0
                and not self.composing and ghost.text.startswith(commit)):
            self._type_through(commit, lambda: super(GhostTextEdit, self).inputMethodEvent(event))
            return
        # The input method's preedit is drawn where the ghost would be: ours goes first.
        self.dismiss_ghost()
        if taken := self._space.on_commit(commit, preedit, self.cursor_position(), self.revision,
                                          self.context_before_cursor):  # "，" after "end "
            self.setTextCursor(put_in_place_of_space(self.textCursor(), commit, taken))
            return
        super().inputMethodEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.dismiss_ghost()
        self.commit_preedit()  # Qt's text control would ask IBus to commit: it drops it
        super().mousePressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.commit_preedit()  # another window, a menu: the composed text stays
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.dismiss_ghost()  # a menu keeps it (Suggestions → Accept acts on it)
        super().focusOutEvent(event)

    # ------------------------------------------------------------ input methods

    def commit_preedit(self) -> bool:
        """Make the preedit the input method shows in the editor ordinary text, and reset
        the input method so that it forgets it. False if none is shown. (QInputMethod.commit()
        would not do: Qt's IBus plugin forgets a preedit the engine marks "clear on reset",
        libpinyin's, and commits nothing.) Input the input method holds without showing it
        stays there: it is committed when the writer picks it."""
        text = self._ime.visible_preedit
        if not text:
            return False
        commit = QInputMethodEvent()
        commit.setCommitString(text)
        super().inputMethodEvent(commit)
        self._ime.composition_ended()
        return True

    def note_key_to_ime(self, x_time: int) -> None:
        """A plain key press (X server time ``x_time``, ms) was handed to the input method
        for this editor's window: no suggestion is shown until it is answered
        (InputMethodWatch.key_sent)."""
        self._ime.key_sent(x_time)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._ime.watch_window(self.window().windowHandle())

    def _is_ask_now_key(self, event: QKeyEvent) -> bool:
        key = self._ask_now_key
        return not key.isEmpty() and key[0] == event.keyCombination()

    def event(self, event: QEvent) -> bool:
        # Tab/Esc/Ctrl+Right/Alt+[ (a suggestion shown) and ask-now: before window shortcuts
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            self._ime.key_came_back(event)
            if self._is_ask_now_key(event) or (
                self.visible_ghost is not None and ghost_action(event) is not None
            ):
                event.accept()
                return True
        return super().event(event)

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802
        """Copy or drag the selection as ``text/plain`` only (editor/plain_clipboard.py
        says why)."""
        return plain_text_mime(self.textCursor().selection().toPlainText())

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802
        """Paste or drop its plain text (preferred to any HTML), refused (``refused`` says
        why) if it would make a line longer than the editor can take without stalling each
        key (editor/long_lines.py). The ``text/plain`` bytes (UTF-8: at least one byte per
        character) are read, not ``source.text()``, and measured before anything is
        converted or inserted."""
        self.dismiss_ghost()
        text = pasted_text(source)
        if text is None:
            super().insertFromMimeData(source)  # e.g. a list of file URLs: Qt's handling
            return
        refusal = paste_refusal_at(self.textCursor(), text)
        if refusal is not None:
            self.refused.emit(refusal)
            return
        plain = QMimeData()  # Python's to delete: it never reaches the clipboard
        plain.setText(text)
        super().insertFromMimeData(plain)

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 (Qt name)
        """QPlainTextEdit.setReadOnly; a suggestion shown goes, and ``read_only_changed``
        says so when it changed."""
        if read_only == self.isReadOnly():
            return
        if read_only:
            self.dismiss_ghost()
        super().setReadOnly(read_only)
        self.read_only_changed.emit(read_only)

    def undo(self) -> None:
        """Undo one step (nothing while read-only). Undoing an acceptance rejects that
        suggestion at its anchor until the text is edited (``show_ghost``)."""
        if self.isReadOnly():
            return
        self.dismiss_ghost()
        undone = self._accepts.undoing(self.document().availableUndoSteps())
        super().undo()
        self._accepts.undone(self.document().availableUndoSteps())
        if undone is not None:
            self._rejected = undone  # set after the undo's own change

    def redo(self) -> None:
        """Redo one step (nothing while read-only); a redone acceptance's space stands for
        the next one typed again (a tester's "was" redone, then " not": "was  not")."""
        if self.isReadOnly():
            return
        self.dismiss_ghost()
        super().redo()
        again = self._accepts.redone(self.document().availableUndoSteps(), self.document_text)
        if again is not None:
            self._space.accepted(again, self.cursor_position(), self.revision)

    def set_document_text(self, text: str) -> None:
        """Replace everything (opening a file): not undoable, not an edit to suggest on."""
        self.dismiss_ghost()
        self._ime.text_replaced()  # a composition does not survive a new text
        self._accepts.clear()
        self._rejected = None
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
        self._rejected = None  # the text changed: what was rejected may fit again
        if self._ghost is not None:
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

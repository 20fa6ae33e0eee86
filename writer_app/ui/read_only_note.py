"""Saying why a key did nothing in a read-only editor (a tester typed into a file opened
read-only for its long line, and nothing happened without a word once its message was
closed). The key is kept from the editor: a read-only QPlainTextEdit takes Space and
Shift+Space for Page Down and Up, so a tester's sentence typed into a file still loading
scrolled the view elsewhere with each space. Keys for reading (arrows, Page Up/Down,
Ctrl+Home/End) and shortcuts go on as usual."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit

from writer_app.editor.ghost_keys import is_plain

# Keys that change the text of an editable editor without typing a character.
_EDITING_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Backspace, Qt.Key.Key_Delete})


def would_edit(event: QKeyEvent) -> bool:
    """True when ``event`` would type into or erase from an editable editor: a character
    (a space too), Enter, Backspace or Delete, with no modifier but TYPING_MODIFIERS."""
    text = event.text()
    return is_plain(event) and ((bool(text) and text.isprintable()) or event.key() in _EDITING_KEYS)


class ReadOnlyNote(QObject):
    """Calls ``say()`` when a key that would edit (would_edit) is pressed in ``editor``
    while it is read-only, and keeps the key from it; other keys go on as usual."""

    def __init__(self, editor: QPlainTextEdit, say: Callable[[], None]) -> None:
        super().__init__(editor)
        self._editor, self._say = editor, say
        editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.KeyPress and self._editor.isReadOnly()
                and isinstance(event, QKeyEvent) and would_edit(event)):
            self._say()
            return True
        return False

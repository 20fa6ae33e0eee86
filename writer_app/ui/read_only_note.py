"""Saying why a key did nothing in a read-only editor (a tester typed into a file opened
read-only for its long line, and nothing happened without a word once its message was
closed)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit

from writer_app.editor.ghost_keys import is_plain


class ReadOnlyNote(QObject):
    """Calls ``say()`` when a key that would type text is pressed in ``editor`` while it is
    read-only (shortcuts, arrows and the like pass unremarked); the key goes on as usual."""

    def __init__(self, editor: QPlainTextEdit, say: Callable[[], None]) -> None:
        super().__init__(editor)
        self._editor, self._say = editor, say
        editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.KeyPress and self._editor.isReadOnly()
                and isinstance(event, QKeyEvent) and event.text().strip() and is_plain(event)):
            self._say()
        return False

"""Questions a writer typing on as they come up cannot answer by mistake.

``TypingGuard`` is mixed into a dialog class before its Qt base (``QuestionBox`` here,
a QMessageBox; ``RecoveryQuestion`` in ui/recovery_question.py, a
QDialog): the dialog gives ``buttons()`` (its answer buttons) and
``setInformativeText(text)`` (where the note on how to answer goes). ``give_access_keys``
underlines a letter of each button so Alt + that letter presses it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from writer_app.editor.ghost_keys import is_plain
from writer_app.files.names import shown_name


class HasButtons(Protocol):
    """A QMessageBox or a QDialogButtonBox: what give_access_keys reads."""

    def buttons(self) -> Sequence[QAbstractButton]: ...


class TypingGuard:
    """Its buttons' access keys need Alt (QMessageBox presses a button for its letter
    alone: "Dear diary" pressed &Discard on the recovery question, and a tester lost the
    entry so), Space presses no button (it pressed Save, and the rest of a sentence became
    a file name), and Enter presses the default only TYPING_GUARD_S seconds after the
    dialog showed, and never once text was typed into it: a writer who types into a
    question has not seen it (a tester pausing 1.3 s before a new paragraph pressed Save
    with Enter). Typing into it says how to answer (Alt + the underlined letter, a click,
    or Esc): TYPED_NOTE, given to ``setInformativeText``."""

    TYPING_GUARD_S = 1.0
    TYPED_NOTE = ("Your typing is not going into the document: answer this first, with the mouse, "
                  "Alt + an underlined letter, or Esc.")

    if TYPE_CHECKING:  # the host dialog's (defined here, they would hide them)
        def buttons(self) -> Sequence[QAbstractButton]: ...

        def setInformativeText(self, text: str) -> None: ...  # noqa: N802

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self._shown_at, self._typed_into = time.monotonic(), False
        for button in self.buttons():  # a focused button takes Space and Enter itself
            button.installEventFilter(self)  # type: ignore[arg-type]  # a QObject once mixed in
        super().showEvent(event)  # type: ignore[misc]

    def _typed_on(self, event: QKeyEvent) -> bool:
        """Whether ``event`` is a key a writer typing on would press (class docstring)."""
        if not is_plain(event):
            return False
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            early = time.monotonic() - getattr(self, "_shown_at", 0.0) < self.TYPING_GUARD_S
            return early or getattr(self, "_typed_into", False)
        typing = event.key() == Qt.Key.Key_Space or event.text().isalnum()
        if typing and event.type() == QEvent.Type.KeyPress and not getattr(self, "_typed_into", False):
            self._typed_into = True
            self.setInformativeText(self.TYPED_NOTE)
        return typing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        keys = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
        if event.type() in keys and isinstance(event, QKeyEvent) and self._typed_on(event):
            return True  # swallowed: nothing pressed
        return super().eventFilter(watched, event)  # type: ignore[misc]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if self._typed_on(event):
            event.accept()
            return
        super().keyPressEvent(event)  # type: ignore[misc]


def give_access_keys(box: HasButtons) -> None:
    """Underline a letter of each button of ``box`` that has none, so Alt+letter presses it
    (Alt+D Discard): its first letter not taken by another, else the next free one."""
    taken = {t[t.index("&") + 1].lower() for b in box.buttons() if "&" in (t := b.text())
             and t.index("&") + 1 < len(t)}
    for button in box.buttons():
        text = button.text()
        if "&" in text:
            continue
        i = next((i for i, ch in enumerate(text) if ch.isalnum() and ch.lower() not in taken), None)
        if i is not None:
            taken.add(text[i].lower())
            button.setText(f"{text[:i]}&{text[i:]}")


class QuestionBox(TypingGuard, QMessageBox):
    """A QMessageBox that a writer typing on as it comes up cannot answer by mistake
    (TypingGuard: access keys need Alt, Space presses nothing, Enter only
    once the box was seen). Its title and text name files as Qt can show them."""

    def __init__(self, icon: QMessageBox.Icon, title: str, text: str, *args: object, **kwargs: object) -> None:
        super().__init__(icon, shown_name(title), shown_name(text), *args, **kwargs)  # a file name Qt can show
        self.setTextFormat(Qt.TextFormat.PlainText)  # names as typed, never markup ("<b>draft</b>")

"""The space an accepted word took (issue 13, point 2: accepting a word also takes the
space after it, as Presage's accept and on-screen keyboards do).

That space stands for the one the writer would type next, so the next key decides what
becomes of it, as on-screen keyboards have it: a space is not doubled (it is already
there); a mark written right after a word, an apostrophe, an em dash or a closing straight
quote (text.units.takes_accepted_space: , . ; : ! ? ) … ' ’ — ") or Enter takes its place
("world " + "," is "world,", "there " + "'s" is "there's", and no line ends in a space);
any other key leaves it. Keys that change neither the text nor the cursor (Esc, Alt+] / Alt+[,
the ask-now key) pass the decision on to the next key. The keystroke benchmark counts a
right word before punctuation the same way (text.words.matched_words). No Qt widgets.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor

from writer_app.editor.ghost_keys import GhostAction, ghost_action, is_plain, is_plain_space
from writer_app.text.units import takes_accepted_space

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PASSING = (GhostAction.DISMISS, GhostAction.NEXT, GhostAction.PREVIOUS)  # text and cursor kept


class AcceptedSpace:
    """Where an acceptance ending in a space left the cursor (position, document revision)."""

    def __init__(self) -> None:
        self._at: tuple[int, int] | None = None

    def accepted(self, text: str, position: int, revision: int) -> None:
        """``text`` was accepted, leaving the cursor at ``position`` in ``revision``."""
        self._at = (position, revision) if text.endswith(" ") else None

    def on_key(self, event: QKeyEvent, position: int, revision: int, ask_now: bool,
               before: Callable[[], str]) -> str | None:
        """What the key ``event``, pressed at ``position`` in ``revision``, does with the
        accepted space: None, nothing (the key goes on as usual); "" the key is that space
        (swallow it); else the text to put in place of the space (the mark typed, or a
        newline for Enter). ``ask_now``: the key is the ask-now key, which, like Esc and
        Alt+] / Alt+[, changes neither text nor cursor (the next key decides). ``before``:
        the text before the cursor, its paragraph at least (asked only for a straight
        double quote)."""
        at, self._at = self._at, None
        if at != (position, revision):
            return None
        if is_plain_space(event):
            return ""
        if is_plain(event) and event.text() and takes_accepted_space(event.text(), before()[:-1]):
            return event.text()
        if event.key() in _ENTER and is_plain(event):
            return "\n"
        if ask_now or ghost_action(event) in _PASSING:
            self._at = at
        return None

    def on_commit(self, text: str, preedit: str, position: int, revision: int,
                  before: Callable[[], str]) -> bool:
        """Whether an input method's event committing ``text`` (with ``preedit`` still being
        composed: never) at ``position`` in ``revision`` takes the accepted space's place, as
        the same mark typed as a key does (a tester's "end ，": the input method's full-width
        comma). Any input method event makes the space the writer's own."""
        at, self._at = self._at, None
        return (at == (position, revision) and bool(text) and not preedit
                and takes_accepted_space(text[0], before()[:-1]))


def put_in_place_of_space(cursor: QTextCursor, text: str) -> QTextCursor:
    """Replace the space before ``cursor`` by ``text`` as one undo step; the cursor after it."""
    cursor.beginEditBlock()
    cursor.deletePreviousChar()
    cursor.insertText(text)
    cursor.endEditBlock()
    return cursor

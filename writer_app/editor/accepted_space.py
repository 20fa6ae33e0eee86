"""The space an accepted word took (issue 13, point 2: accepting a word also takes the
space after it, as Presage's accept and on-screen keyboards do).

That space stands for the one the writer would type next, so the next key decides what
becomes of it, as on-screen keyboards have it: a space is not doubled (it is already
there); a mark written right after a word, an apostrophe, an em dash or a closing straight
quote (text.units.takes_accepted_space: , . ; : ! ? ) … ' ’ — ") or Enter takes its place
("world " + "," is "world,", "there " + "'s" is "there's", and no line ends in a space);
any other key leaves it. Where the acceptance ended in a sentence or phrase mark the model
put after the word (". ", ", " or a Chinese "。"), another mark typed next takes the place
of that mark too: the writer's own mark decides ("much. " + "," is "much,", not "much.,";
a tester's "night.!"; also where the suggestion was cut right after its mark, "door." +
"?" is "door?"); the same mark again continues it ("stairs. " + "." is "stairs..", an
ellipsis begun), and an abbreviation's full stop stays ("e.g. " + "," is "e.g.,"):
text.units.replaces_accepted_mark. An ellipsis so begun is whole at three dots, whether
the writer types two dots after the accepted one or three (testers did each: "stairs. " +
".." and "river. " + "..." are "stairs..." and "river...", never four). An apostrophe in
place of the space after such a mark is first a closing quote ("much.’"), but a letter
typed right after it makes it the word's own apostrophe, and the mark goes: "hand. " +
"’s" is "hand’s" (a tester's "hand.’s"; Ctrl+Right, which takes "hand" without the mark,
gave "hand’s"); "U.S.’s" stays. Keys that change neither the text nor the cursor (Esc,
Alt+] / Alt+[, the ask-now key) pass the decision on to the next key. The keystroke
benchmark counts a right word before punctuation the same way (text.words.matched_words,
bench/simulate.py). No Qt widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor

from writer_app.editor.ghost_keys import GhostAction, ghost_action, is_plain, is_plain_space
from writer_app.text.units import (
    APOSTROPHES,
    PHRASE_END,
    SENTENCE_END,
    ends_in_abbreviation,
    is_word_char,
    replaces_accepted_mark,
    takes_accepted_space,
)

_MARKS = SENTENCE_END | PHRASE_END
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PASSING = (GhostAction.DISMISS, GhostAction.NEXT, GhostAction.PREVIOUS)  # text and cursor kept


class Instead(NamedTuple):
    """What a key typed after an acceptance does in place of what the acceptance ended
    with: ``text`` ("" swallows the key) replaces the last ``replaces`` characters."""

    text: str
    replaces: int


class _Ending(NamedTuple):
    """Where an acceptance left the cursor and what it ended with there."""

    position: int
    revision: int | None  # None: an apostrophe typed in its place since, kept as ``quote``
    space: bool  # it ended in a space
    mark: bool  # a sentence or phrase mark ends its word (before the space, if any)
    quote: str = ""  # the accepted mark and the apostrophe typed in place of its space
    dots: int = 0  # full stops typed after an accepted one (an ellipsis begun)


def _ending(text: str, position: int, revision: int) -> _Ending | None:
    """The ending of an accepted ``text``: a space, a mark and a space, or a Chinese mark."""
    space = text.endswith(" ")
    body = text[:-1] if space else text
    mark = bool(body) and body[-1] in _MARKS
    return _Ending(position, revision, space, mark) if space or mark else None


class AcceptedSpace:
    """Where an acceptance ending in a space (or a mark) left the cursor, and what it ended with."""

    def __init__(self) -> None:
        self._at: _Ending | None = None

    def accepted(self, text: str, position: int, revision: int) -> None:
        """``text`` was accepted, leaving the cursor at ``position`` in ``revision``."""
        self._at = _ending(text, position, revision)

    def _instead(self, at: _Ending, typed: str, before: Callable[[], str]) -> Instead | None:
        """What the mark or character ``typed`` right after the ending ``at`` replaces."""
        if at.quote:  # "hand.’" + "s": the apostrophe was the word's, not the mark
            joins = is_word_char(typed) and before().endswith(at.quote)
            return Instead(at.quote[1] + typed, 2) if joins else None
        if at.mark and replaces_accepted_mark(typed, before()):
            return Instead(typed, 1 + at.space)  # the model's mark and its space
        if at.space and takes_accepted_space(typed, before()[:-1]):
            return Instead(typed, 1)
        return None

    def _after(self, at: _Ending, instead: Instead, before: Callable[[], str]) -> None:
        """Keep, as the ending, an apostrophe ``instead`` put in place of the space after
        the accepted mark of ``at``, or a full stop that began an ellipsis (the next keys
        decide: module docstring)."""
        if at.mark and at.space and instead == Instead(".", 1) and before().endswith(". "):
            self._at = at._replace(revision=None, space=False, dots=1)
        elif at.mark and at.space and instead.replaces == 1 and instead.text in APOSTROPHES:
            text = before()
            if not ends_in_abbreviation(text):
                self._at = at._replace(revision=None, quote=text[-2] + instead.text)

    def on_key(self, event: QKeyEvent, position: int, revision: int, ask_now: bool,
               before: Callable[[], str]) -> Instead | None:
        """What the key ``event``, pressed at ``position`` in ``revision``, does with the
        acceptance's ending (module docstring): None, nothing (the key goes on as usual);
        else the text to put in place of its last characters ("" with one: the key is the
        accepted space, swallowed). ``ask_now``: the key is the ask-now key, which, like Esc
        and Alt+] / Alt+[, changes neither text nor cursor (the next key decides).
        ``before``: the text before the cursor, its paragraph at least."""
        at, self._at = self._at, None
        if at is None or at.position != position or at.revision not in (revision, None):
            return None
        if is_plain_space(event):
            return Instead("", 1) if at.space and not at.quote else None
        if at.dots and is_plain(event) and event.text() == ".":
            if at.dots == 1:  # the ellipsis's third dot, typed as the writer's second
                self._at = at._replace(position=position + 1, dots=2)
                return None
            return Instead("", 0)  # a fourth: the writer typed three after the accepted one
        if is_plain(event) and event.text():
            instead = self._instead(at, event.text(), before)
            if instead is not None:
                self._after(at, instead, before)
                return instead
        if event.key() in _ENTER and is_plain(event) and at.space and not at.quote:
            return Instead("\n", 1)
        if ask_now or ghost_action(event) in _PASSING:
            self._at = at
        return None

    def on_commit(self, text: str, preedit: str, position: int, revision: int,
                  before: Callable[[], str]) -> int:
        """How many characters before the cursor an input method's event committing
        ``text`` (with ``preedit`` still being composed: none) at ``position`` in
        ``revision`` takes the place of, as the same mark typed as a key does (a tester's
        "end ，": the input method's full-width comma; "好。" + "，" is "好，"). Any input
        method event makes the ending the writer's own."""
        at, self._at = self._at, None
        if at is None or (at.position, at.revision) != (position, revision) or not text or preedit:
            return 0
        instead = self._instead(at, text[0], before)
        return instead.replaces if instead is not None else 0


def put_in_place_of_space(cursor: QTextCursor, text: str, replaces: int = 1) -> QTextCursor:
    """Replace the ``replaces`` characters before ``cursor`` (the accepted space, or a mark
    and its space) by ``text`` as one undo step; the cursor after it."""
    cursor.beginEditBlock()
    for _ in range(replaces):
        cursor.deletePreviousChar()
    cursor.insertText(text)
    cursor.endEditBlock()
    return cursor

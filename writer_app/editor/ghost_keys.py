"""The keys that act on a shown suggestion, declared once.

GHOST_KEYS feeds the editor (GhostTextEdit handles each key while a suggestion is shown),
its ShortcutOverride (which claims the same keys before window shortcuts or focus
navigation take them) and the Suggestions menu (whose labels show the same keys). The
editor handles them itself because Tab must still indent when no suggestion is shown, so
the menu only shows them (QMenu's shortcut column, after a tab in the label).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence


class GhostAction(Enum):
    ACCEPT = "accept"  # the whole suggestion, one undo step
    ACCEPT_WORD = "accept_word"  # its next word, keeping the rest shown
    NEXT = "next"  # the next alternative
    PREVIOUS = "previous"  # the previous alternative
    DISMISS = "dismiss"


@dataclass(frozen=True)
class GhostKey:
    """One key: ``key`` with exactly ``modifiers`` (or, with ``more_modifiers``, at least
    them: Alt+] is also Alt+Shift+] on layouts that type ] with Shift), or the
    platform's ``standard`` key if one is given (MoveToNextWord is Alt+Right on macOS)."""

    action: GhostAction
    label: str  # the menu item's text, with its & mnemonic
    key: Qt.Key
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    more_modifiers: bool = False
    standard: QKeySequence.StandardKey | None = None

    @property
    def text(self) -> str:
        """The key as Qt's portable text ("Tab", "Ctrl+Right", "Alt+]")."""
        seq = QKeySequence(QKeyCombination(self.modifiers, self.key))
        return seq.toString(QKeySequence.SequenceFormat.PortableText)

    @property
    def menu_label(self) -> str:
        """The menu item's text with the key in QMenu's shortcut column."""
        return f"{self.label}\t{self.text}"

    def matches(self, event: QKeyEvent) -> bool:
        if self.standard is not None and event.matches(self.standard):
            return True
        mods = event.modifiers()
        if event.key() != self.key:
            return False
        if self.more_modifiers:
            return (mods & self.modifiers) == self.modifiers
        return mods == self.modifiers


_ALT = Qt.KeyboardModifier.AltModifier
# In the Suggestions menu's order.
GHOST_KEYS: tuple[GhostKey, ...] = (
    GhostKey(GhostAction.ACCEPT, "&Accept", Qt.Key.Key_Tab),
    GhostKey(GhostAction.ACCEPT_WORD, "Accept Next &Word", Qt.Key.Key_Right,
             Qt.KeyboardModifier.ControlModifier, standard=QKeySequence.StandardKey.MoveToNextWord),
    GhostKey(GhostAction.NEXT, "Ne&xt Alternative", Qt.Key.Key_BracketRight, _ALT, more_modifiers=True),
    GhostKey(GhostAction.PREVIOUS, "&Previous Alternative", Qt.Key.Key_BracketLeft, _ALT, more_modifiers=True),
    GhostKey(GhostAction.DISMISS, "&Dismiss", Qt.Key.Key_Escape),
)


def ghost_action(event: QKeyEvent) -> GhostAction | None:
    """The action of the key ``event`` presses, or None if it is not a suggestion key."""
    return next((k.action for k in GHOST_KEYS if k.matches(event)), None)


# Pressing a modifier on its own (the start of Ctrl+Right, Alt+]) must keep the ghost.
MODIFIER_KEYS = frozenset({
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Hyper_L, Qt.Key.Key_Hyper_R,
    Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock, Qt.Key.Key_ScrollLock,
})
# The modifiers a typed character may carry (Shift for capitals, Keypad for its digits).
TYPING_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def is_plain(event: QKeyEvent) -> bool:
    """True when ``event`` carries no modifier but TYPING_MODIFIERS (no Ctrl, Alt, Meta)."""
    return not (event.modifiers() & ~TYPING_MODIFIERS)


def is_alt_chord(event: QKeyEvent) -> bool:
    """True for Alt with a printable key and without Ctrl, outside macOS: a menu's Alt+letter
    where no menu has that letter, or Alt+] with no suggestion shown. Qt's text control would
    type the key's character (a tester's Alt+D, meant for a question that had no focus, put
    a "d" into a paragraph); no editor types it. Ctrl+Alt stays text (AltGr on Windows), and
    so does Option on macOS, which types characters."""
    mods = event.modifiers()
    return (bool(mods & Qt.KeyboardModifier.AltModifier) and not mods & Qt.KeyboardModifier.ControlModifier
            and sys.platform != "darwin" and event.text().isprintable() and bool(event.text()))


def without_line_separator(event: QKeyEvent) -> QKeyEvent:
    """``event``, or for Shift+Enter the same key without Shift: QPlainTextEdit would write
    U+2028 LINE SEPARATOR, which shows as a line break but is saved as bytes that wc, grep
    and most editors do not take for one (a tester's file); a plain-text editor writes a
    paragraph break."""
    shift = Qt.KeyboardModifier.ShiftModifier
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or not event.modifiers() & shift:
        return event
    return QKeyEvent(event.type(), event.key(), event.modifiers() & ~shift, "\r")


def is_plain_space(event: QKeyEvent) -> bool:
    """True when ``event`` types one space, with no modifier but TYPING_MODIFIERS."""
    return event.text() == " " and is_plain(event)


#: Redo's extra key: Ctrl+Y redoes in Word and LibreOffice on every system, but Qt binds it
#: only where the platform does (Windows); under GNOME and KDE Redo is Ctrl+Shift+Z alone.
CTRL_Y = QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Y)


def standard_keys_and(standard: QKeySequence.StandardKey, extra: QKeySequence) -> list[QKeySequence]:
    """The platform's keys for ``standard``, and ``extra`` where the platform lacks it."""
    keys = QKeySequence.keyBindings(standard)
    return keys if extra in keys else [*keys, extra]


def redo_shortcuts() -> list[QKeySequence]:
    """The platform's Redo keys, and Ctrl+Y where the platform lacks it (the Edit menu's)."""
    return standard_keys_and(QKeySequence.StandardKey.Redo, QKeySequence(CTRL_Y))


def is_redo(event: QKeyEvent) -> bool:
    """True for a key press that redoes: one of redo_shortcuts()."""
    return event.matches(QKeySequence.StandardKey.Redo) or event.keyCombination() == CTRL_Y


_COMMAND_MODS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                 | Qt.KeyboardModifier.MetaModifier)
# Keys that edit the text or move in it, with any modifiers (Ctrl+Backspace deletes a word,
# Shift+Home selects to the line start, Return breaks the line whatever is held).
_EDITING_KEYS = frozenset({
    Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Backspace, Qt.Key.Key_Delete,
    Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Insert, Qt.Key.Key_Left, Qt.Key.Key_Right,
    Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
})


def edits_text(combination: QKeyCombination) -> bool:
    """True for a key that types a character (a letter, Space, punctuation, with or
    without Shift, but without Ctrl, Alt or Meta) or edits or moves in the text (Return,
    Backspace, Delete, Tab, the arrows, Home, End, Page Up/Down, with any modifiers): as
    the ask-now key it would take that from the writer (Return would stop breaking lines)."""
    if combination.key() in _EDITING_KEYS:
        return True
    return (not combination.keyboardModifiers() & _COMMAND_MODS
            and combination.key().value < Qt.Key.Key_Escape.value)


DEFAULT_ASK_NOW_KEY = "Ctrl+Space"


def ask_now_sequence(text: str = DEFAULT_ASK_NOW_KEY) -> QKeySequence:
    """The ask-now key from QKeySequence's portable text ("Ctrl+Space", "Alt+/"; '' for
    none); DEFAULT_ASK_NOW_KEY instead of a key that edits text (edits_text: "Return" left
    in a settings file by an older version would stop Enter from breaking lines)."""
    seq = QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText)
    return QKeySequence(DEFAULT_ASK_NOW_KEY) if seq.count() and edits_text(seq[0]) else seq

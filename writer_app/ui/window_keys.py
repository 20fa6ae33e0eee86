"""The keys a window uses, declared once, and the rule they make for the ask-now key.

MENU_KEYS gives each menu command that has keys its keys (MainWindow reads them from here;
the platform's standard keys where it has them), and ``menu_key_table`` makes each key one
command's: a key a command names itself (Ctrl+G for Go to Line) is taken from another
command's platform keys (Find Next's F3 and Ctrl+G: two actions with one key would make Qt
run neither), unless they are all that command has (macOS's Find Next is Cmd+G alone: Go to
Line then has no key). ``keys_in_use`` is those and the
suggestion keys (ghost_keys.GHOST_KEYS); ``ask_now_problem`` is the one rule for what the
ask-now key may be, applied by the Settings dialog to a key pressed in its field and by the
settings file check (``check_ask_now_key``, which InklingApp adds to its SettingsStore) to a
hand-edited ``ask_now_key``: a key that types or edits text, or one the window already
uses (Ctrl+S would stop File → Save from saving: the editor takes the ask-now key first),
is refused. Needs a QGuiApplication (the platform's standard keys).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeySequence

from writer_app.editor.ghost_keys import CTRL_Y, GHOST_KEYS, edits_text
from writer_app.ui.menu_keys import shown_text

_Key = QKeySequence.StandardKey
_PORTABLE = QKeySequence.SequenceFormat.PortableText


@dataclass(frozen=True)
class MenuKeys:
    """A menu command's keys: the platform's for ``standard``, with ``also`` where the
    platform lacks it, or ``otherwise`` only where the platform has no key for it."""

    standard: QKeySequence.StandardKey | None = None
    also: QKeySequence | str = ""
    otherwise: str = ""

    def platform(self) -> list[QKeySequence]:
        """The platform's keys for ``standard`` (none without one)."""
        return QKeySequence.keyBindings(self.standard) if self.standard is not None else []

    def named(self) -> QKeySequence:
        """The key the command names itself (``also``, or ``otherwise`` where the platform
        has none); an empty sequence for none."""
        return QKeySequence(self.also or (self.otherwise if not self.platform() else ""))


# The menu commands that have keys, by their menu text (with its & access letter).
MENU_KEYS: dict[str, MenuKeys] = {
    "&New": MenuKeys(_Key.New),
    "&Open…": MenuKeys(_Key.Open),
    "&Save": MenuKeys(_Key.Save),
    "Save &As…": MenuKeys(_Key.SaveAs),
    "&Close Window": MenuKeys(_Key.Close),
    "&Quit": MenuKeys(_Key.Quit),
    "&Undo": MenuKeys(_Key.Undo),
    "&Redo": MenuKeys(_Key.Redo, also=QKeySequence(CTRL_Y)),  # ghost_keys.redo_shortcuts
    "Cu&t": MenuKeys(_Key.Cut),
    "&Copy": MenuKeys(_Key.Copy),
    "&Paste": MenuKeys(_Key.Paste),
    "Select &All": MenuKeys(_Key.SelectAll),
    "&Find…": MenuKeys(_Key.Find),
    "Find &Next": MenuKeys(_Key.FindNext),  # F3; Ctrl+G, where the platform adds it, is Go to Line's
    "Find Pre&vious": MenuKeys(_Key.FindPrevious),
    "R&eplace…": MenuKeys(_Key.Replace, otherwise="Ctrl+H"),
    "&Go to Line…": MenuKeys(also="Ctrl+G"),  # Notepad, VS Code, Kate, Sublime
    # Ctrl+= too: on most keyboards "+" is Shift+"=", and browsers and editors take both
    "Zoom &In": MenuKeys(_Key.ZoomIn, also="Ctrl+="),
    "Zoom &Out": MenuKeys(_Key.ZoomOut),
    "&Reset Zoom": MenuKeys(also="Ctrl+0"),
    "&Full Screen": MenuKeys(_Key.FullScreen, also="F11"),  # Esc stays Dismiss: F11 again leaves
    "&Suggest While Typing": MenuKeys(also="Ctrl+Shift+Space"),
    "Se&ttings…": MenuKeys(_Key.Preferences, otherwise="Ctrl+,"),
    "&Keyboard Shortcuts": MenuKeys(_Key.HelpContents),
}


def _portable(key: QKeySequence) -> str:
    return key.toString(_PORTABLE)


def menu_key_table() -> dict[str, list[QKeySequence]]:
    """Each MENU_KEYS command's keys, the platform's first, no key given to two commands:
    a platform key another command names itself is that command's (unless it is all the
    platform gives), and a named key a command keeps from the platform stays there."""
    named = {_portable(k.named()): text for text, k in MENU_KEYS.items() if not k.named().isEmpty()}
    table: dict[str, list[QKeySequence]] = {}
    for text, keys in MENU_KEYS.items():
        platform = keys.platform()
        table[text] = [k for k in platform if named.get(_portable(k), text) == text] or platform
    held = {_portable(k): text for text, ks in table.items() for k in ks}
    for key, text in named.items():
        if held.setdefault(key, text) == text and key not in map(_portable, table[text]):
            table[text].append(QKeySequence(key, _PORTABLE))
    return table


def menu_keys(text: str) -> list[QKeySequence]:
    """The keys of the menu command ``text`` (its menu text); [] for one without keys."""
    return menu_key_table().get(text, [])


def keys_in_use() -> dict[str, str]:
    """The keys the window uses, as Qt's portable text, and what each does ("Save",
    "Accept", "Go to Line"): the suggestion keys, then the menu commands'."""
    owners = {k.text: shown_text(k.label) for k in GHOST_KEYS}
    for text, keys in menu_key_table().items():
        for key in keys:
            owners.setdefault(_portable(key), shown_text(text).removesuffix("…"))
    return owners


def key_name(seq: QKeySequence) -> str:
    """``seq`` as the platform writes it for the user ("Ctrl+S"), Qt's Backtab as the Shift+Tab
    pressed (a refusal said "Backtab types or edits text")."""
    tab = [QKeyCombination(c.keyboardModifiers() | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Tab)
           if c.key() == Qt.Key.Key_Backtab else c for c in (seq[i] for i in range(seq.count()))]
    return QKeySequence(*tab).toString(QKeySequence.SequenceFormat.NativeText)


def ask_now_problem(seq: QKeySequence) -> str | None:
    """Why ``seq`` (one key) cannot be the ask-now key, a sentence without its full stop
    ("Ctrl+S is already Save"), or None when it can (no key at all can: Suggestions →
    Suggest Now still asks)."""
    if seq.isEmpty():
        return None
    name = key_name(seq)
    owner = keys_in_use().get(seq.toString(_PORTABLE))
    if owner is not None:
        return f"{name} is already {owner}"
    if edits_text(seq[0]):
        return f"{name} types or edits text, so it cannot ask for suggestions"
    return None


def check_ask_now_key(value: Any) -> str:
    """The settings file's check of ``ask_now_key``, after its own (one key combination as
    text): ``value``, or ValueError saying why it cannot be the ask-now key (ask_now_problem,
    or a key Qt does not know)."""
    seq = QKeySequence.fromString(value, _PORTABLE)
    if value and (seq.isEmpty() or seq[0].key() == Qt.Key.Key_unknown):
        raise ValueError(f"no key is called “{value}”")
    problem = ask_now_problem(seq)
    if problem is not None:
        raise ValueError(problem)
    return value

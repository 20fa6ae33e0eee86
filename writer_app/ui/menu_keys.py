"""The menus' keyboard rules: a lone Alt tap does nothing, and access letters are unique.

Qt follows Windows there: pressing and releasing Alt by itself puts the menu bar in
keyboard mode, so the next letters open menus and trigger their items (after Alt, typing
"sat on" opened Suggestions, then Settings, and Space unticked "Show suggestions"). In a
writing app a stray Alt must not turn words into commands. The style hint that enables it,
``QStyle.SH_MenuBar_AltKeyNavigation``, is switched off for the menu bar only; Alt+letter
mnemonics (shortcuts of their own) still open their menus, and so does a click.

An access letter (the underlined letter, "&" before it in the item's text) picks its item
only when no other item of the same menu has it: with two, the letter moves between them
and a tester's Alt+F, N opened Save with Encoding instead of New. ``letter_clashes`` lists
every clash in a menu bar and all its menus (a test runs it over the window's); ``literal``
is a text shown as it is, for items named by the writer's data (a file path with "&").
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QProxyStyle, QStyle, QStyleHintReturn, QStyleOption, QWidget


class _NoLoneAltStyle(QProxyStyle):
    """The application's style, but with ``SH_MenuBar_AltKeyNavigation`` off."""

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,  # noqa: N802
                  widget: QWidget | None = None,
                  returnData: QStyleHintReturn | None = None) -> int:  # noqa: N803
        if hint == QStyle.StyleHint.SH_MenuBar_AltKeyNavigation:
            return 0
        return super().styleHint(hint, option, widget, returnData)


def keep_lone_alt_out_of(bar: QMenuBar) -> None:
    """Make a press and release of Alt alone do nothing in ``bar`` (the focus stays in
    the text); the style follows the application's and lives as long as ``bar``."""
    style = _NoLoneAltStyle()
    style.setParent(bar)
    bar.setStyle(style)


def literal(text: str) -> str:
    """``text`` as a menu item's text shown as it is: each "&" doubled, so none becomes an
    access letter ("R&D notes.txt" showed as "RD notes.txt" with D underlined)."""
    return text.replace("&", "&&")


def _letter(action: QAction) -> str:
    """The action's access letter as Qt reads it (Alt+N), '' for none."""
    return QKeySequence.mnemonic(action.text()).toString(QKeySequence.SequenceFormat.PortableText)


def shown_text(text: str) -> str:
    """A menu text as the writer reads it: without its access letter's "&" ("&&" is a
    literal &) and without the key shown after a tab."""
    return text.split("\t", 1)[0].replace("&&", "\0").replace("&", "").replace("\0", "&")


def letter_clashes(bar: QMenuBar | QMenu, where: str = "menu bar") -> list[str]:
    """Each access letter two or more items of ``bar`` share, then the same for each of
    its menus and their submenus, as 'File: N is New and Save with Encoding' (a menu is
    read as it is now: fill one built as it opens first)."""
    clashes: list[str] = []
    items: dict[str, list[str]] = {}
    for action in bar.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        if (letter := _letter(action)):
            items.setdefault(letter, []).append(shown_text(action.text()))
        if action.menu() is not None:
            inner = shown_text(action.text())
            clashes += letter_clashes(action.menu(), inner if where == "menu bar" else f"{where} › {inner}")
    return [f"{where}: {letter.removeprefix('Alt+')} is {' and '.join(names)}"
            for letter, names in items.items() if len(names) > 1] + clashes

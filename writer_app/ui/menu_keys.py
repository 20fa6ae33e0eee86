"""The menu bar leaves a lone Alt tap alone.

Qt follows Windows there: pressing and releasing Alt by itself puts the menu bar in
keyboard mode, so the next letters open menus and trigger their items (after Alt, typing
"sat on" opened Suggestions, then Settings, and Space unticked "Show suggestions"). In a
writing app a stray Alt must not turn words into commands. The style hint that enables it,
``QStyle.SH_MenuBar_AltKeyNavigation``, is switched off for the menu bar only; Alt+letter
mnemonics (shortcuts of their own) still open their menus, and so does a click.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMenuBar, QProxyStyle, QStyle, QStyleHintReturn, QStyleOption, QWidget


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

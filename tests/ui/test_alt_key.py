"""A lone Alt tap does not take the keyboard to the menu bar (Qt's Windows-style habit):
the letters typed after it go into the text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from .conftest import AppFactory

_NONE = Qt.KeyboardModifier.NoModifier
_ALT = Qt.KeyboardModifier.AltModifier


def _tap_alt(window) -> None:  # noqa: ANN001
    """Press and release Alt alone, as the window system delivers it (to the QWindow)."""
    QTest.keyPress(window.windowHandle(), Qt.Key.Key_Alt, _NONE)
    QTest.keyRelease(window.windowHandle(), Qt.Key.Key_Alt, _ALT)
    QApplication.processEvents()


def _type(window, text: str) -> None:  # noqa: ANN001
    for ch in text:
        key = Qt.Key.Key_Space if ch == " " else getattr(Qt.Key, f"Key_{ch.upper()}")
        QTest.keyClick(window.windowHandle(), key, _NONE)
        QApplication.processEvents()


def test_letters_after_a_lone_alt_tap_go_into_the_text(qtbot, make_app: AppFactory) -> None:
    app = make_app()
    w = app.windows[0]
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.editor.setFocus()
    qtbot.keyClicks(w.editor, "The cat ")
    _tap_alt(w)
    _type(w, "sat on")
    assert QApplication.activePopupWidget() is None
    assert w.focusWidget() is w.editor
    assert w.editor.toPlainText() == "The cat sat on"


def test_alt_with_a_letter_still_opens_its_menu(qtbot, make_app: AppFactory) -> None:
    app = make_app()
    w = app.windows[0]
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.editor.setFocus()
    QTest.keyClick(w.windowHandle(), Qt.Key.Key_F, _ALT)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    assert QApplication.activePopupWidget().title() == "&File"
    QTest.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)

"""Access letters: each is one item's in its menu (a keyboard-first tester's Alt+F, N opened
Save with Encoding, not New; in the Edit menu Redo and Replace… both had R)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from writer_app.settings.app_settings import Settings
from writer_app.ui.menu_keys import letter_clashes, shown_text

from .conftest import AppFactory

RECENT = ("/home/writer/R&D notes.txt", "/home/writer/R&D plans.txt")  # paths with "&"


def _fill(w) -> None:  # noqa: ANN001
    """Fill the menus that are built as they open."""
    for menu in (w.recent_menu, w.model_menu, w.reopen_menu, w.save_encoding_menu):
        menu.aboutToShow.emit()


def test_no_two_items_of_a_menu_share_an_access_letter(qtbot, make_app: AppFactory) -> None:
    w = make_app(replace(Settings(), debounce_ms=0, recent_files=RECENT)).windows[0]
    _fill(w)
    assert letter_clashes(w.menuBar()) == []
    shown = [shown_text(a.text()) for a in w.recent_menu.actions()]
    assert shown[:2] == list(RECENT)  # a path's "&" shown as it is, no letter made of it


def test_the_check_finds_a_clash(qtbot, make_app: AppFactory) -> None:
    w = make_app().windows[0]
    w.act_find.setText("&Redo twice")  # as the Edit menu had it: Redo and Replace… on R
    assert letter_clashes(w.menuBar()) == ["Edit: R is Redo and Redo twice"]


def _press(w, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """As the window system delivers a key: to the open menu, else the focus widget."""
    QTest.keyClick(w.windowHandle(), key, modifier)
    QApplication.processEvents()


def test_alt_f_then_n_is_new(qtbot, make_app: AppFactory) -> None:
    w = make_app().windows[0]
    with qtbot.waitActive(w):
        w.activateWindow()
    w.editor.setFocus()
    news: list[bool] = []
    w.act_new.triggered.connect(lambda: news.append(True))
    _press(w, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    _press(w, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert news == [True]

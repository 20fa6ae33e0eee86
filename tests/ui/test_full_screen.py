"""View → Full Screen (F11): a keyboard-first tester looked for it and did not find it.
Esc still dismisses a suggestion there; F11 again leaves, back to the window as it was."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .conftest import AppFactory, wait_ghost


def test_f11_enters_and_leaves_full_screen_and_esc_still_dismisses(qtbot, make_app: AppFactory) -> None:
    w = make_app().windows[0]
    with qtbot.waitActive(w):
        w.activateWindow()
    w.showMaximized()
    qtbot.waitUntil(w.isMaximized)
    w.editor.setFocus()
    assert w.act_full_screen.isCheckable() and not w.act_full_screen.isChecked()
    view = next(a.menu() for a in w.menuBar().actions() if a.text() == "&View")
    assert w.act_full_screen in view.actions()

    qtbot.keyClick(w.editor, Qt.Key.Key_F11)
    qtbot.waitUntil(w.isFullScreen)
    assert w.act_full_screen.isChecked() and w.menuBar().isVisible()
    qtbot.keyClicks(w.editor, "Hello")
    wait_ghost(qtbot, w.editor)
    qtbot.keyClick(w.editor, Qt.Key.Key_Escape)
    assert w.editor.visible_ghost is None  # dismissed, and still full screen
    assert w.isFullScreen()

    qtbot.keyClick(w.editor, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not w.isFullScreen())
    assert w.isMaximized() and not w.act_full_screen.isChecked()  # as it was before
    w.showFullScreen()  # another way in (a window manager's key): the menu item follows
    assert w.act_full_screen.isChecked()
    w.act_full_screen.trigger()
    assert not w.isFullScreen() and not w.act_full_screen.isChecked()

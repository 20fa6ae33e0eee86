"""One key table (ghost_keys.GHOST_KEYS) feeds the editor, its shortcut claim and the
Suggestions menu: each key pressed on the window does what its menu item does, and the
menu item shows that key."""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from writer_app.editor.ghost_keys import GHOST_KEYS, GhostKey

from .conftest import AppFactory, wait_ghost


def _fresh_ghost(qtbot, w) -> tuple[str, str]:  # noqa: ANN001
    w.editor.setPlainText("")
    qtbot.keyClicks(w.editor, "Hello")
    wait_ghost(qtbot, w.editor)
    return w.editor.toPlainText(), w.editor.ghost.text


@pytest.mark.parametrize("key", GHOST_KEYS, ids=lambda k: k.action.value)
def test_each_suggestion_key_does_what_its_menu_item_shows(qtbot, make_app: AppFactory, key: GhostKey) -> None:
    w = make_app().windows[0]
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.editor.setFocus()
    suggestions = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Suggestions")
    item = w.ghost_actions[key.action]
    assert item in suggestions.actions()
    assert item.text() == f"{key.label}\t{key.text}"

    before = _fresh_ghost(qtbot, w)
    # As the window system delivers it: ShortcutOverride first, so window shortcuts and
    # focus navigation (Tab) must not take it while a suggestion is shown.
    QTest.keyClick(w.windowHandle(), key.key, key.modifiers)
    QApplication.processEvents()
    ghost = w.editor.ghost
    by_key = (w.editor.toPlainText(), ghost.text if ghost else None)
    assert by_key != before

    _fresh_ghost(qtbot, w)
    item.trigger()
    ghost = w.editor.ghost
    assert (w.editor.toPlainText(), ghost.text if ghost else None) == by_key


def test_the_menu_shows_the_keys_the_editor_handles() -> None:
    texts = [k.text for k in GHOST_KEYS]
    assert texts == ["Tab", "Ctrl+Right", "Alt+]", "Alt+[", "Esc"]


def test_ctrl_y_redoes_where_the_platform_binds_only_ctrl_shift_z(monkeypatch, make_app: AppFactory) -> None:
    """GNOME and KDE bind Redo to Ctrl+Shift+Z alone; the Edit menu adds Ctrl+Y, the key
    Word and LibreOffice users press, and the editor takes it as redo."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent, QKeySequence

    from writer_app.editor.ghost_keys import is_redo, redo_shortcuts

    monkeypatch.setattr(QKeySequence, "keyBindings", lambda key: [QKeySequence("Ctrl+Shift+Z")])
    assert [k.toString() for k in redo_shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    monkeypatch.undo()
    w = make_app().windows[0]
    assert {k.toString() for k in w.act_redo.shortcuts()} >= {"Ctrl+Shift+Z", "Ctrl+Y"}
    press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert is_redo(press)
    assert not is_redo(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Y, Qt.KeyboardModifier.NoModifier, "y"))
    w.editor.insertPlainText("Draft")
    w.editor.undo()
    QApplication.sendEvent(w.editor, press)
    assert w.editor.toPlainText() == "Draft"

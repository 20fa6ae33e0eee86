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

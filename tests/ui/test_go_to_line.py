"""Edit → Go to Line… (Ctrl+G), and what its key means for the other keys: a keyboard-first
tester looked for it and did not find it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog

from writer_app.editor.ghost_keys import GHOST_KEYS
from writer_app.settings.app_settings import Settings, SettingsStore
from writer_app.ui.window_keys import MENU_KEYS, ask_now_problem, menu_key_table

from .conftest import AppFactory

CTRL = Qt.KeyboardModifier.ControlModifier
_PORTABLE = QKeySequence.SequenceFormat.PortableText


def _active(qtbot, make_app: AppFactory, settings: Settings | None = None):  # noqa: ANN001, ANN202
    app = make_app(settings)
    w = app.windows[0]
    with qtbot.waitActive(w):
        w.activateWindow()
    w.editor.setFocus()
    return app, w


def test_ctrl_g_asks_for_a_line_and_goes_there(qtbot, make_app: AppFactory) -> None:
    _, w = _active(qtbot, make_app)
    w.editor.set_document_text("\n".join(f"line {n}" for n in range(1, 301)))
    cursor = w.editor.textCursor()
    cursor.setPosition(w.editor.document().findBlockByNumber(4).position() + 3)  # in line 5
    w.editor.setTextCursor(cursor)
    qtbot.keyClick(w.editor, Qt.Key.Key_G, CTRL)
    dialog = w.findChild(QInputDialog, "go-to-line")
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Go to Line"
    assert dialog.labelText() == "Line number (1–300):"
    assert dialog.intValue() == 5  # the cursor's line to start with
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and QApplication.focusWidget().window() is dialog)
    qtbot.keyClicks(QApplication.focusWidget(), "250")  # the number shown is selected: typed over
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    cursor = w.editor.textCursor()
    assert (cursor.blockNumber(), cursor.positionInBlock()) == (249, 0)
    assert not dialog.isVisible()
    first = w.editor.firstVisibleBlock().blockNumber()
    assert first < 249 < first + 40  # scrolled to it
    w.act_go_to_line.trigger()  # Esc leaves the cursor where it is
    dialog = w.findChild(QInputDialog, "go-to-line")
    dialog.setIntValue(1)
    dialog.reject()
    assert w.editor.textCursor().blockNumber() == 249


def test_no_key_is_two_commands(qtbot) -> None:  # noqa: ANN001
    """Qt runs neither of two actions with one key: Go to Line's Ctrl+G is taken from the
    platform's Find Next (F3 and Ctrl+G here), which keeps F3."""
    table = menu_key_table()
    keys = [k.toString(_PORTABLE) for ks in table.values() for k in ks]
    assert len(keys) == len(set(keys))
    assert not set(keys) & {k.text for k in GHOST_KEYS}
    assert [k.toString(_PORTABLE) for k in table["&Go to Line…"]] == ["Ctrl+G"]
    assert "F3" in [k.toString(_PORTABLE) for k in table["Find &Next"]]
    assert "F11" in [k.toString(_PORTABLE) for k in table["&Full Screen"]]
    assert set(MENU_KEYS) == set(table)


def test_the_ask_now_key_knows_the_new_keys(qtbot, make_app: AppFactory, tmp_path) -> None:  # noqa: ANN001
    """Ctrl+G and F11 are now the window's, so the ask-now key cannot be one of them. A writer
    whose settings had F11 as the ask-now key (allowed before) is told at start, as for any
    key the window uses: the default Ctrl+Space is used and the file kept as it was; F11 is
    Full Screen, not a key that silently asks for nothing."""
    assert ask_now_problem(QKeySequence("Ctrl+G")) == "Ctrl+G is already Go to Line"
    assert ask_now_problem(QKeySequence("F11")) == "F11 is already Full Screen"
    app, w = _active(qtbot, make_app, replace(Settings(), debounce_ms=0, ask_now_key="F11"))
    [(title, message)] = app.fake_prompter.errors
    assert title == "Settings file not valid" and 'ask_now_key = "F11" (F11 is already Full Screen)' in message
    assert app.settings.ask_now_key == "Ctrl+Space" and w.editor.ask_now_key == QKeySequence("Ctrl+Space")
    assert SettingsStore(tmp_path / "settings.toml").load().ask_now_key == "Ctrl+Space"
    assert list(tmp_path.glob("settings.toml.*.bad"))  # their file as it was

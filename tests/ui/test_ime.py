"""Input methods and the ghost: the event sequences IBus 1.5.27 + ibus-libpinyin 1.15 send
through Qt's ibus plugin, recorded under Xvfb (tests/ui/test_ibus.py drives the real ones),
replayed offscreen; focus; the ask-now key.

Each key of a recorded sequence is first handed to the input method (``note_key_to_ime``,
what editor/ime_keys.py reports on X11), then its answer arrives as a QInputMethodEvent.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import QEvent, QKeyCombination, QPoint, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu

from writer_app.editor.ghost_editor import GhostTextEdit
from writer_app.inference.types import Suggestion
from writer_app.ui.window_keys import ask_now_problem

from .conftest import AppFactory, EditorRig, FakeEngine, commit_text, settle, wait_ghost

NEXT = "下一句"  # what the engine suggests after anything

# One list per key: the input-method events it brought, as (commit, preedit).
NIHAO_SPACE = [[("", "年")], [("", "你")], [("", "你和")], [("", "你哈")], [("", "你好")],
               [("你好", ""), ("", "")]]
HENHAO = [[("", "和")], [("", "和")], [("", "很")], [("", "很好")], [("", "很哈")], [("", "很好")]]
COMMA_AHEAD = [[("，", "")]]  # "," commits "，" and leaves "hen hao" in the candidate window
HEN_TAB = [[("", "和")], [("", "和")], [("", "很")], [("", "")]]  # Tab: "u hen" kept, unseen


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine({"": Suggestion(NEXT, [], 0.9)})


def replay(editor: GhostTextEdit, keys: Sequence[Sequence[tuple[str, str]]]) -> None:
    for x_time, events in enumerate(keys, start=1000):
        editor.note_key_to_ime(x_time)
        for commit, text in events:
            event = QInputMethodEvent(text, [])
            event.setCommitString(commit)
            QApplication.sendEvent(editor, event)


def assert_nothing_shown(rig: EditorRig) -> None:
    """Not now, nor after the debounce, nor when asked."""
    settle(rig.service)
    rig.controller.request_now()
    settle(rig.service)
    assert rig.editor.ghost is None and rig.editor.composing


def test_ghost_follows_an_ordinary_composition(qtbot, rig: EditorRig) -> None:
    replay(rig.editor, NIHAO_SPACE)
    assert rig.editor.toPlainText() == "你好" and not rig.editor.composing
    wait_ghost(qtbot, rig.editor, NEXT)


def test_punctuation_committed_ahead_of_pending_pinyin_shows_no_ghost(qtbot, rig: EditorRig) -> None:
    replay(rig.editor, NIHAO_SPACE + HENHAO + COMMA_AHEAD)
    assert rig.editor.toPlainText() == "你好，"
    calls = len(rig.engine.calls)
    assert_nothing_shown(rig)
    assert len(rig.engine.calls) == calls
    replay(rig.editor, [[("很好", ""), ("", "")]])  # Space picks the pending candidate
    assert rig.editor.toPlainText() == "你好，很好"
    wait_ghost(qtbot, rig.editor, NEXT)


def test_tab_that_hides_the_preedit_shows_no_ghost(qtbot, rig: EditorRig) -> None:
    replay(rig.editor, NIHAO_SPACE + HEN_TAB)
    assert_nothing_shown(rig)
    replay(rig.editor, NIHAO_SPACE + HENHAO + COMMA_AHEAD + [[("", "")]])  # Tab after "，"
    assert_nothing_shown(rig)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Left)  # a plain key let through: nothing held
    qtbot.keyClick(rig.editor, Qt.Key.Key_End)
    assert not rig.editor.composing
    rig.controller.request_now()
    wait_ghost(qtbot, rig.editor, NEXT)


def test_keys_the_input_method_keeps_without_a_preedit_dismiss_the_ghost(qtbot, rig: EditorRig) -> None:
    """IBus with embed-preedit-text off: the keys just vanish into the candidate window."""
    commit_text(rig.editor, "你好")
    wait_ghost(qtbot, rig.editor, NEXT)
    rig.editor.note_key_to_ime(2000)  # "h": no key event, no input-method event comes back
    assert rig.editor.composing
    qtbot.waitUntil(lambda: rig.editor.ghost is None)  # kept: no answer within 0.25 s
    for x_time in (2001, 2002):
        rig.editor.note_key_to_ime(x_time)
    assert_nothing_shown(rig)
    replay(rig.editor, [[("很", "")]])  # Space: the only event such an input method sends
    assert not rig.editor.composing
    wait_ghost(qtbot, rig.editor, NEXT)


def test_a_key_the_input_method_gives_back_acts_on_the_ghost(qtbot, rig: EditorRig) -> None:
    commit_text(rig.editor, "你好")
    wait_ghost(qtbot, rig.editor, NEXT)
    rig.editor.note_key_to_ime(3000)
    tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier, "\t")
    tab.setTimestamp(3000)  # the same press, back from the input method unused
    QApplication.sendEvent(rig.editor, tab)
    assert rig.editor.toPlainText() == "你好" + NEXT
    assert not rig.editor.composing


def test_no_ghost_in_an_editor_without_focus(qtbot, rig: EditorRig) -> None:
    commit_text(rig.editor, "你好")
    wait_ghost(qtbot, rig.editor, NEXT)
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    other.setFocus()
    qtbot.waitUntil(lambda: not rig.editor.hasFocus())
    assert rig.editor.ghost is None  # the writer went elsewhere
    shown = rig.controller.results_shown
    rig.controller.request_now()
    settle(rig.service)
    assert rig.editor.ghost is None and rig.controller.results_shown == shown
    rig.editor.activateWindow()
    rig.editor.setFocus()
    qtbot.waitUntil(rig.editor.hasFocus)
    rig.controller.request_now()
    wait_ghost(qtbot, rig.editor, NEXT)


def test_switching_window_during_a_composition_commits_the_preedit(qtbot, rig: EditorRig) -> None:
    replay(rig.editor, NIHAO_SPACE + [[("", "和")], [("", "很")]])
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not rig.editor.hasFocus())
    assert rig.editor.toPlainText() == "你好很"  # kept, not dropped
    assert not rig.editor.composing
    settle(rig.service)
    assert rig.editor.ghost is None  # and nothing shown in the window left behind


def test_clicking_in_the_text_during_a_composition_commits_the_preedit(qtbot, rig: EditorRig) -> None:
    replay(rig.editor, NIHAO_SPACE + [[("", "和")], [("", "很")]])
    qtbot.mouseClick(rig.editor.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(3, 5))
    assert rig.editor.toPlainText() == "你好很"
    assert not rig.editor.composing and rig.editor.cursor_position() == 0
    assert rig.editor.textCursor().block().layout().preeditAreaText() == ""


def test_opening_a_menu_during_a_composition_commits_it_and_shows_no_ghost(
        qtbot, rig: EditorRig) -> None:
    replay(rig.editor, NIHAO_SPACE + [[("", "很")]])
    menu = QMenu(rig.editor)
    menu.addAction("Anything")
    menu.popup(rig.editor.mapToGlobal(QPoint(20, 20)))
    qtbot.waitUntil(menu.isVisible)
    assert rig.editor.toPlainText() == "你好很" and not rig.editor.composing
    rig.controller.request_now()
    settle(rig.service)
    assert rig.editor.ghost is None  # not under the open menu
    menu.close()


def test_the_ask_now_key_can_be_changed(qtbot, rig: EditorRig) -> None:
    rig.editor.set_document_text("Hello")  # not an edit: nothing is asked by itself
    rig.editor.moveCursor(rig.editor.textCursor().MoveOperation.End)
    rig.editor.set_ask_now_key("Alt+/")
    calls = len(rig.engine.calls)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    settle(rig.service)
    assert len(rig.engine.calls) == calls and rig.editor.ghost is None
    qtbot.keyClick(rig.editor, Qt.Key.Key_Slash, Qt.KeyboardModifier.AltModifier)
    wait_ghost(qtbot, rig.editor, NEXT)
    assert rig.editor.toPlainText() == "Hello"


def test_settings_dialog_sets_the_ask_now_key_and_the_menu_shows_it(
        qtbot, make_app: AppFactory, tmp_path) -> None:  # noqa: ANN001
    from writer_app.settings.app_settings import SettingsStore

    app = make_app()
    w = app.windows[0]
    assert w.act_suggest_now.text().endswith("\tCtrl+Space")
    dialog = w.show_settings()
    dialog.ask_now.setKeySequence(QKeySequence("A"))  # would type "a": refused, said why
    assert dialog.ask_now_note.isVisibleTo(dialog) and "types or edits text" in dialog.ask_now_note.text()
    assert dialog.values().ask_now_key == "Ctrl+Space"
    dialog.ask_now.setKeySequence(QKeySequence("Ctrl+Alt+N"))
    assert not dialog.ask_now_note.isVisibleTo(dialog)
    dialog.apply_button.click()
    assert app.settings.ask_now_key == "Ctrl+Alt+N"
    assert SettingsStore(tmp_path / "settings.toml").load().ask_now_key == "Ctrl+Alt+N"
    assert w.editor.ask_now_key == QKeySequence("Ctrl+Alt+N")
    assert w.act_suggest_now.text().endswith("\t" + QKeySequence("Ctrl+Alt+N").toString(
        QKeySequence.SequenceFormat.NativeText))
    dialog.ask_now.clear()  # no key at all: the menu still asks
    dialog.apply_button.click()
    assert app.settings.ask_now_key == "" and w.act_suggest_now.text() == "Suggest &Now"
    dialog.reject()


def test_a_key_kept_before_one_let_through_does_not_leave_it_composing(
        qtbot, rig: EditorRig) -> None:
    """Esc cancels libpinyin's hidden "u hen" without a word; the BackSpace after it comes
    back to the editor: the input method answers in order, so nothing is held."""
    replay(rig.editor, NIHAO_SPACE + HEN_TAB)
    rig.editor.note_key_to_ime(5000)  # Escape: kept, no event
    rig.editor.note_key_to_ime(5001)  # BackSpace
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
        back = QKeyEvent(kind, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier, "\b")
        back.setTimestamp(5001)
        QApplication.sendEvent(rig.editor, back)
    assert rig.editor.toPlainText() == "你"
    assert not rig.editor.composing
    wait_ghost(qtbot, rig.editor, NEXT)


def test_the_ask_now_key_cannot_take_a_key_the_window_uses(qtbot, make_app: AppFactory) -> None:
    """Ctrl+S as the ask-now key would stop File → Save from saving (the editor takes the
    key first): the dialog refuses it, naming what uses it, and keeps the key as it was."""
    app = make_app()
    w = app.windows[0]
    dialog = w.show_settings()
    dialog.ask_now.setKeySequence(QKeySequence("Ctrl+S"))
    assert dialog.ask_now_note.isVisibleTo(dialog) and "Save" in dialog.ask_now_note.text()
    assert dialog.values().ask_now_key == "Ctrl+Space"
    dialog.ask_now.setKeySequence(QKeySequence("Tab"))  # accepts a suggestion
    assert "Accept" in dialog.ask_now_note.text() and dialog.values().ask_now_key == "Ctrl+Space"
    assert dialog.ask_now.keySequence() == QKeySequence("Ctrl+Space")  # shows the key kept
    assert ask_now_problem(QKeySequence("Ctrl+Space")) is None  # its own key stays allowed
    dialog.ask_now.setKeySequence(QKeySequence("F9"))
    assert not dialog.ask_now_note.isVisibleTo(dialog)


@pytest.mark.parametrize("key", ["Backspace", "Del", "Return", "Left", "Shift+Home", "Ctrl+Backspace", "PgDown"])
def test_the_ask_now_key_cannot_be_a_key_that_edits_text(qtbot, make_app: AppFactory, key: str) -> None:  # noqa: ANN001
    """A tester pressed Backspace in the field to clear it, and Return to confirm: both were
    taken as the key, and Return stopped breaking lines in the editor."""
    app = make_app()
    dialog = app.windows[0].show_settings()
    dialog.ask_now.setKeySequence(QKeySequence(key))
    assert dialog.ask_now_note.isVisibleTo(dialog) and "edits text" in dialog.ask_now_note.text()
    assert dialog.values().ask_now_key == "Ctrl+Space"
    assert dialog.ask_now.keySequence() == QKeySequence("Ctrl+Space")  # shows the key kept
    dialog.ask_now.setKeySequence(QKeySequence("F8"))  # a function key is fine
    assert not dialog.ask_now_note.isVisibleTo(dialog) and dialog.values().ask_now_key == "F8"


def test_return_in_the_ask_now_field_ends_the_entry_and_is_not_recorded(qtbot, make_app: AppFactory) -> None:  # noqa: ANN001
    app = make_app()
    dialog = app.windows[0].show_settings()
    dialog.ask_now.setFocus()
    qtbot.keyClick(dialog.ask_now, Qt.Key.Key_Return)
    assert dialog.ask_now.keySequence().toString() == "Ctrl+Space"


def test_an_editing_key_left_in_the_settings_file_does_not_take_enter(qtbot, rig: EditorRig) -> None:
    """An older version saved ask_now_key = "Return" from the dialog; Enter must still break
    lines, and the default key asks instead."""
    rig.editor.set_ask_now_key("Return")
    assert rig.editor.ask_now_key == QKeySequence("Ctrl+Space")
    qtbot.keyClicks(rig.editor, "one")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(rig.editor, "two")
    assert rig.editor.toPlainText() == "one\ntwo"


def test_a_key_the_window_uses_in_the_settings_file_is_reported_and_not_used(
        qtbot, make_app: AppFactory, tmp_path) -> None:  # noqa: ANN001
    """A hand-edited ask_now_key = "Ctrl+S" was taken: the menu showed "Suggest Now Ctrl+S"
    and Ctrl+S stopped saving without a word. The settings file check applies the Settings
    dialog's rule (window_keys.ask_now_problem): reported like any bad value, the default used."""
    from dataclasses import replace

    from writer_app.settings.app_settings import Settings, SettingsStore

    app = make_app(replace(Settings(), debounce_ms=0, ask_now_key="Ctrl+S"))
    w = app.windows[0]
    [(title, message)] = app.fake_prompter.errors
    assert title == "Settings file not valid" and 'ask_now_key = "Ctrl+S" (Ctrl+S is already Save)' in message
    assert app.settings.ask_now_key == "Ctrl+Space" and w.editor.ask_now_key == QKeySequence("Ctrl+Space")
    assert w.act_suggest_now.text() == "Suggest &Now\tCtrl+Space"
    assert SettingsStore(tmp_path / "settings.toml").load().ask_now_key == "Ctrl+Space"  # rewritten so
    path = tmp_path / "saved.txt"
    app.fake_prompter.save_path_answer = path  # an untitled document: Save asks where
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.editor.setFocus()
    qtbot.keyClicks(w.editor, "kept")
    qtbot.keyClick(w.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert path.read_text() == "kept"


def test_every_key_the_window_has_is_one_the_ask_now_key_may_not_be(make_app: AppFactory) -> None:
    """The rule's keys (window_keys.keys_in_use) are all the window's: each menu command's keys
    come from window_keys.MENU_KEYS, so none can be missing from the rule."""
    from PySide6.QtGui import QAction

    from writer_app.ui.window_keys import keys_in_use

    w = make_app().windows[0]
    owners = keys_in_use()
    for action in w.findChildren(QAction):
        for key in action.shortcuts():
            assert key.toString(QKeySequence.SequenceFormat.PortableText) in owners, action.text()
            assert ask_now_problem(key) is not None
    assert w.act_save.shortcuts() and QKeySequence("Ctrl+Y") in w.act_redo.shortcuts()


def _press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """``key`` pressed where the keyboard focus is (QTest presses a modifier first, as a hand does)."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_the_ask_now_field_lets_the_keyboard_leave_it(qtbot, make_app: AppFactory) -> None:  # noqa: ANN001
    """A tester chose F5 in the field: Tab, Shift+Tab and Esc were then taken as keys and
    refused ("Tab is already Accept", "Esc is already Dismiss", "Backtab types or edits
    text"), each refusal put back the saved Ctrl+Space, and Enter did not press OK."""
    from writer_app.ui.window_keys import key_name

    shift, ctrl = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier
    app = make_app()
    w = app.windows[0]
    with qtbot.waitActive(w):
        w.activateWindow()
    dialog = w.show_settings()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.ask_now.setFocus()
    _press(qtbot, Qt.Key.Key_F5)
    assert dialog.ask_now.keySequence() == QKeySequence("F5")
    _press(qtbot, Qt.Key.Key_Tab)  # on to the English model's Choose…
    assert QApplication.focusWidget() is dialog.model_rows["en"].browse
    _press(qtbot, Qt.Key.Key_Backtab, shift)  # back
    assert QApplication.focusWidget() is dialog.ask_now
    _press(qtbot, Qt.Key.Key_Backtab, shift)  # and on back, to the check box above
    assert QApplication.focusWidget() is dialog.document_cache
    assert dialog.ask_now.keySequence() == QKeySequence("F5") and not dialog.ask_now_note.isVisibleTo(dialog)
    dialog.ask_now.setFocus()
    _press(qtbot, Qt.Key.Key_S, ctrl)  # refused: the key just chosen stays, not the saved one
    assert "Ctrl+S is already Save" in dialog.ask_now_note.text()
    assert dialog.ask_now.keySequence() == QKeySequence("F5")
    dialog.ask_now.setKeySequence(QKeySequence(QKeyCombination(ctrl | shift, Qt.Key.Key_Backtab)))
    assert dialog.ask_now_note.text().startswith("Ctrl+Shift+Tab types or edits text")  # not "Backtab"
    assert key_name(QKeySequence(QKeyCombination(Qt.Key.Key_Backtab))) == "Shift+Tab"
    _press(qtbot, Qt.Key.Key_Escape)  # cancels, as everywhere
    assert not dialog.isVisible() and app.settings.ask_now_key == "Ctrl+Space"

    dialog = w.show_settings()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.ask_now.setFocus()
    _press(qtbot, Qt.Key.Key_F5)
    _press(qtbot, Qt.Key.Key_Return)  # OK
    assert not dialog.isVisible() and app.settings.ask_now_key == "F5"

"""Find and Replace (ui/find_replace.py) driven by keys as a writer uses it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .conftest import AppFactory


def test_enter_in_find_is_find_next_once_never_the_button_clicked_last(qtbot, make_app: AppFactory) -> None:
    """A tester's Enter in Find ran Replace All with the last replacement (the button
    clicked last had become the dialog's default), and a fresh dialog skipped every other
    match (Enter ran Find Next twice)."""
    w = make_app().windows[0]
    text = "He said one. She said two. They said three. We said four.\n"
    w.editor.set_document_text(text)
    dialog = w.find_dialog()
    dialog.show_find(False)
    dialog.find_text.setText("said")
    starts = []
    for _ in range(3):
        qtbot.keyClick(dialog.find_text, Qt.Key.Key_Return)
        starts.append(w.editor.textCursor().selectionStart())
    assert starts == [3, 17, 32]  # each match in turn

    dialog.show_find(True)
    dialog.find_text.setText("We")
    dialog.replace_text.setText("You")
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.buttons["Replace All"].setFocus()  # clicked with the mouse: it has the focus
    dialog.buttons["Replace All"].click()
    assert w.editor.toPlainText().endswith("You said four.\n")
    dialog.find_text.setFocus()  # Ctrl+F: back in the Find field
    dialog.find_text.setText("said")
    qtbot.keyClick(dialog.find_text, Qt.Key.Key_Return)  # finds; replaces nothing
    assert w.editor.toPlainText().count("said") == 4 and w.editor.textCursor().selectedText() == "said"
    dialog.replace_text.setText("told")  # Tab to Replace All, Enter: that button (a keyboard user's)
    dialog.activateWindow()
    dialog.buttons["Replace All"].setFocus()
    qtbot.keyClick(dialog.buttons["Replace All"], Qt.Key.Key_Return)
    assert w.editor.toPlainText().count("told") == 4
    dialog.close()


def _keys(qtbot, *keys: Qt.Key | str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """Each key (or each character of a string) pressed where the keyboard focus is now."""
    for key in keys:
        if isinstance(key, str):
            qtbot.keyClicks(QApplication.focusWidget(), key)
        else:
            qtbot.keyClick(QApplication.focusWidget(), key, modifier)


@pytest.mark.parametrize("by_mouse", [False, True])
def test_enter_in_find_stays_find_next_after_replace_all_and_reopening(
        qtbot, make_app: AppFactory, by_mouse: bool) -> None:  # noqa: ANN001
    """A tester, keyboard only: Ctrl+H, "Line 6:", Tab, "QQQ", Tab ×6 to Replace All, Space,
    Esc, back in the text, Ctrl+F, "Line 7:", Enter replaced "Line 7:" with "QQQ" (the button
    that had the focus had become the reopened dialog's default); Replace All clicked with
    the mouse did the same."""
    w = make_app().windows[0]
    w.editor.set_document_text("".join(f"Line {n}: some text\n" for n in range(1, 11)))
    with qtbot.waitActive(w):
        w.activateWindow()
    w.editor.setFocus()
    _keys(qtbot, Qt.Key.Key_H, modifier=Qt.KeyboardModifier.ControlModifier)
    dialog = w.find_dialog()
    qtbot.waitUntil(dialog.isActiveWindow)
    _keys(qtbot, "Line 6:", Qt.Key.Key_Tab, "QQQ")
    if by_mouse:
        qtbot.mouseClick(dialog.buttons["Replace All"], Qt.MouseButton.LeftButton)
    else:
        _keys(qtbot, *[Qt.Key.Key_Tab] * 6)
        assert QApplication.focusWidget() is dialog.buttons["Replace All"]
        _keys(qtbot, Qt.Key.Key_Space)
    assert QApplication.focusWidget() is dialog.buttons["Replace All"]
    assert "QQQ some text" in w.editor.toPlainText() and dialog.status.text() == "Replaced 1 occurrence"
    _keys(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    with qtbot.waitActive(w):  # the click that puts the cursor back in the text
        w.activateWindow()
    qtbot.mouseClick(w.editor.viewport(), Qt.MouseButton.LeftButton)
    _keys(qtbot, Qt.Key.Key_F, modifier=Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.windowTitle() == "Find" and QApplication.focusWidget() is dialog.find_text
    assert dialog.find_text.selectedText() == "Line 6:"  # typing replaces it
    _keys(qtbot, "Line 7:", Qt.Key.Key_Return)
    assert "Line 7: some text" in w.editor.toPlainText()  # found, not replaced
    assert w.editor.textCursor().selectedText() == "Line 7:"


def test_undoing_replace_all_leaves_the_writer_where_they_were(qtbot, make_app: AppFactory) -> None:  # noqa: ANN001
    """A tester wrote at the end of a 3 MB book, ran Replace All and undid it: the text came
    back, and the view jumped to the title page, the first replacement."""
    from PySide6.QtGui import QTextCursor

    w = make_app().windows[0]
    text = "".join(f"Line {n}: the end of the line\n" for n in range(2000)) + "I was writing here"
    w.editor.set_document_text(text)
    w.editor.moveCursor(QTextCursor.MoveOperation.End)
    dialog = w.find_dialog()
    dialog.find_text.setText("the")
    dialog.replace_text.setText("THE")
    assert dialog.replace_all() == 4000
    w.editor.undo()
    assert w.editor.document_text() == text
    assert w.editor.cursor_position() == len(text)


def test_the_find_dialog_reopened_says_nothing_of_the_last_search(qtbot, make_app: AppFactory) -> None:
    """A tester closed Find and Replace after Replace All and reopened it: it still said
    "Replaced 1 occurrence". Shown again, the note of an earlier search is gone."""
    w = make_app().windows[0]
    w.editor.set_document_text("one two\n")
    dialog = w.find_dialog()
    dialog.show_find(True)
    dialog.find_text.setText("two")
    dialog.replace_text.setText("three")
    dialog.replace_all()
    assert dialog.status.text() == "Replaced 1 occurrence"
    dialog.show_find(True)  # Ctrl+H again while it is open: the note stays
    assert dialog.status.text() == "Replaced 1 occurrence"
    dialog.close()
    w.act_find.trigger()
    assert dialog.isVisible() and dialog.status.text() == ""
    dialog.close()


def test_replace_opens_in_the_find_field_unless_the_selection_was_taken(qtbot, make_app: AppFactory) -> None:  # noqa: ANN001
    """A tester's Ctrl+H with "Eleanor" left in Find from before put the cursor in Replace
    with, and what he typed as the new search went there. The Find field it is now, its
    text selected; a selection just taken as the text to find still goes on to Replace with."""
    from PySide6.QtGui import QTextCursor

    w = make_app().windows[0]
    w.editor.set_document_text("Eleanor wrote to Eleanor.")
    with qtbot.waitActive(w):
        w.activateWindow()
    dialog = w.find_dialog()
    dialog.find_text.setText("Eleanor")
    w.editor.moveCursor(QTextCursor.MoveOperation.End)
    dialog.show_find(replace=True)
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is dialog.find_text
    assert dialog.find_text.selectedText() == "Eleanor"
    dialog.hide()
    cursor = w.editor.textCursor()
    cursor.setPosition(8)
    cursor.setPosition(13, QTextCursor.MoveMode.KeepAnchor)
    w.editor.setTextCursor(cursor)
    dialog.show_find(replace=True)
    assert dialog.focusWidget() is dialog.replace_text  # the dialog's focus, active or not
    assert dialog.find_text.text() == "wrote"

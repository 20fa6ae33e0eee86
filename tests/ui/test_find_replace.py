"""Find and Replace (ui/find_replace.py) driven by keys as a writer uses it."""

from __future__ import annotations

from PySide6.QtCore import Qt

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

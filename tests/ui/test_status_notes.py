"""What the status bar says about suggestions: why none comes at the cursor (until the
cursor moves on or one is shown), and how to take the grey text until the writer takes one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .conftest import AppFactory, wait_ghost


def test_ctrl_space_mid_line_says_where_suggestions_come_until_the_cursor_moves_on(
        qtbot, make_app: AppFactory) -> None:
    """Ctrl+Space in the middle of a line says so; a tester's: the note stayed while the
    cursor went to the line's end and a suggestion came."""
    w = make_app().windows[0]
    w.editor.set_document_text("Hello world")
    cursor = w.editor.textCursor()
    cursor.setPosition(5)
    w.editor.setTextCursor(cursor)
    qtbot.keyClick(w.editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert w.status.currentMessage() == "Suggestions come at the end of a paragraph"
    assert w.editor.ghost is None and w.editor.toPlainText() == "Hello world"
    qtbot.keyClick(w.editor, Qt.Key.Key_End)
    assert w.status.currentMessage() == ""
    w.status.showMessage("Saved hello.txt", 6000)  # any other message stays
    qtbot.keyClicks(w.editor, ". Dear")
    wait_ghost(qtbot, w.editor, " Sir or Madam,")
    assert w.status.currentMessage() == "Saved hello.txt"


def test_a_suggestion_shown_ends_the_note_that_none_comes_here(qtbot, make_app: AppFactory) -> None:
    w = make_app().windows[0]
    qtbot.keyClicks(w.editor, "Dear")
    wait_ghost(qtbot, w.editor)
    ghost = w.editor.ghost
    w.editor.dismiss_ghost()
    w.suggestions.nothing_found.emit()  # as a result that came back empty says
    assert w.status.currentMessage().startswith("No suggestion here")
    assert w.editor.show_ghost(ghost)  # then one comes, the cursor where it was
    assert not w.status.currentMessage().startswith("No suggestion here")


def test_the_first_suggestions_say_how_to_take_them_until_one_is_taken(
        qtbot, make_app: AppFactory) -> None:
    """A first-day tester: nothing in the app said what the grey text was or how to take it."""
    from writer_app.ui.status_bar import HOW_TO_TAKE

    w = make_app().windows[0]
    w.resize(900, 640)  # the default window
    qtbot.keyClicks(w.editor, "Dear")
    wait_ghost(qtbot, w.editor)
    assert w.status.currentMessage() == HOW_TO_TAKE
    # it leaves room for the encoding and the count (a tester missed the encoding)
    assert w.status.encoding_label.isVisible() and w.status.count_label.isVisible()
    qtbot.keyClick(w.editor, Qt.Key.Key_Escape)  # the suggestion goes: so does the hint
    assert w.status.currentMessage() == ""
    qtbot.keyClicks(w.editor, ". He said")
    wait_ghost(qtbot, w.editor)
    assert w.status.currentMessage() == HOW_TO_TAKE
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.status.currentMessage() == ""
    qtbot.keyClicks(w.editor, ". Dear")
    wait_ghost(qtbot, w.editor)
    assert w.status.currentMessage() != HOW_TO_TAKE  # taken once: the writer knows


def test_a_name_that_looks_like_markup_is_shown_as_typed(qtbot) -> None:  # noqa: ANN001
    """A tester renamed a model 'Tom & "Jerry's" <b>draft</b>': the status bar and the Delete
    question showed "draft" in bold, the tags gone."""
    from PySide6.QtWidgets import QMessageBox

    from writer_app.ui.status_bar import EditorStatusBar
    from writer_app.ui.typing_guard import QuestionBox

    name = 'Tom & "Jerry\'s" <b>draft</b>'
    bar = EditorStatusBar()
    qtbot.addWidget(bar)
    bar.model_label.setText(f"Model: {name}")
    box = QuestionBox(QMessageBox.Icon.Question, "Delete model", f"Delete {name}?")
    qtbot.addWidget(box)
    for shown in (bar.model_label, box):  # Qt's AutoText took it for rich text
        assert shown.textFormat() == Qt.TextFormat.PlainText

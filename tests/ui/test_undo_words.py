"""Undo takes back one word typed at a time, and Enter on its own (a tester's one Ctrl+Z
took back a paragraph typed over minutes: Qt merges typing into one undo command), while
an input method's commit, a paste, an acceptance and Replace All stay one step each."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from writer_app.editor.ghost_editor import GhostTextEdit
from writer_app.editor.undo_steps import begins_step

from .conftest import AppFactory, EditorRig, commit_text, settle, type_unicode, wait_ghost

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def undo_all(qtbot, editor: GhostTextEdit) -> list[str]:  # noqa: ANN001
    """Ctrl+Z until nothing is left to undo: the text after each, the cursor checked at
    the end of it (where the undone word was)."""
    texts = []
    while editor.document().isUndoAvailable():
        qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
        texts.append(editor.document_text())
        assert editor.cursor_position() == len(texts[-1])
    return texts


def redo_all(qtbot, editor: GhostTextEdit) -> list[str]:  # noqa: ANN001
    texts = []
    while editor.document().isRedoAvailable():
        qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL | SHIFT)
        texts.append(editor.document_text())
        assert editor.cursor_position() == len(texts[-1])
    return texts


def test_undo_and_redo_go_a_word_at_a_time(qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    qtbot.keyClicks(editor, "The house was dark.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "She went")
    steps = ["The house was dark.\nShe ", "The house was dark.\n", "The house was dark.",
             "The house was ", "The house ", "The ", ""]
    assert undo_all(qtbot, editor) == steps
    assert redo_all(qtbot, editor) == [*steps[-2::-1], "The house was dark.\nShe went"]


def test_a_word_typed_into_a_sentence_undoes_with_its_space(qtbot, rig: EditorRig) -> None:
    """A tester typed "old " into "The house was dark" before "was": the first Ctrl+Z took
    only the space, leaving "The house oldwas dark" (a word with the spaces before it)."""
    editor = rig.editor
    editor.set_document_text("The house was dark")
    cursor = editor.textCursor()
    cursor.setPosition(len("The house "))
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "old ")
    editor.undo()
    assert editor.document_text() == "The house was dark"


def test_a_word_typed_through_a_suggestion_is_a_step_too(qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    qtbot.keyClicks(editor, "Hello")
    wait_ghost(qtbot, editor, " world is big")
    qtbot.keyClicks(editor, " wor")  # typed through: the rest stays shown
    assert editor.ghost is not None and editor.ghost.text == "ld is big"
    qtbot.keyClicks(editor, "th it")
    assert undo_all(qtbot, editor) == ["Hello worth ", "Hello ", ""]


def test_auto_repeat_and_enter(qtbot, rig: EditorRig) -> None:
    """A key held down continues its word; Enter is a step of its own, between words or
    inside one."""
    editor = rig.editor
    qtbot.keyClicks(editor, "No")
    for _ in range(4):
        QApplication.sendEvent(editor, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_O,
                                                 Qt.KeyboardModifier.NoModifier, "o", True))
    qtbot.keyClicks(editor, " way")
    editor.moveCursor(QTextCursor.MoveOperation.Left)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.document_text() == "Nooooo wa\ny"
    editor.undo()
    assert (editor.document_text(), editor.cursor_position()) == ("Nooooo way", 9)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert undo_all(qtbot, editor) == ["Nooooo ", ""]


def test_typing_over_a_selection_is_one_step_with_its_word(qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    qtbot.keyClicks(editor, "The house was dark")
    qtbot.keyClick(editor, Qt.Key.Key_Left, CTRL | SHIFT)  # selects "dark"
    qtbot.keyClicks(editor, "cold and")
    assert undo_all(qtbot, editor) == ["The house was cold ", "The house was dark",
                                       "The house was ", "The house ", "The ", ""]


def test_an_input_method_commit_is_one_step(qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    qtbot.keyClicks(editor, "Hi ")
    commit_text(editor, "你好")
    commit_text(editor, "世界")
    qtbot.keyClicks(editor, "ok")
    assert undo_all(qtbot, editor) == ["Hi 你好世界", "Hi 你好", "Hi ", ""]


def test_chinese_typed_as_keys_is_a_step_a_phrase(qtbot, rig: EditorRig) -> None:
    """No spaces: a Chinese mark ends a step, as a space does."""
    type_unicode(rig.editor, "他说好，我们走。")
    assert undo_all(qtbot, rig.editor) == ["他说好，", ""]


def test_a_paste_is_one_step(qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    qtbot.keyClicks(editor, "The ")
    QGuiApplication.clipboard().setText("old house")
    qtbot.keyClick(editor, Qt.Key.Key_V, CTRL)
    qtbot.keyClicks(editor, "s fell")
    assert undo_all(qtbot, editor) == ["The old houses ", "The old house", "The ", ""]


def test_an_acceptance_is_one_step(qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    qtbot.keyClicks(editor, "Hello")
    wait_ghost(qtbot, editor, " world is big")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    settle(rig.service)
    qtbot.keyClicks(editor, "ger and more")
    assert undo_all(qtbot, editor) == ["Hello world is bigger and ", "Hello world is bigger ",
                                       "Hello world is big", "Hello", ""]


def test_a_mark_in_place_of_an_accepted_space_is_one_step(qtbot, rig: EditorRig) -> None:
    """And the space and the word typed after it others."""
    editor = rig.editor
    qtbot.keyClicks(editor, "Hello")
    wait_ghost(qtbot, editor, " world is big")
    qtbot.keyClick(editor, Qt.Key.Key_Right, CTRL)
    qtbot.keyClicks(editor, ", fine")
    assert editor.document_text() == "Hello world, fine"
    assert undo_all(qtbot, editor) == ["Hello world, ", "Hello world,", "Hello world ", "Hello", ""]


def test_the_document_is_unmodified_where_it_was_saved(qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    qtbot.keyClicks(editor, "The hou")
    editor.document().setModified(False)  # saved here, in the middle of a word
    qtbot.keyClicks(editor, "se was")
    states = []
    while editor.document().isUndoAvailable():
        editor.undo()
        states.append((editor.document_text(), editor.document().isModified()))
    assert states == [("The house ", True), ("The hou", False), ("The ", True), ("", True)]
    editor.redo()
    editor.redo()
    assert (editor.document_text(), editor.document().isModified()) == ("The hou", False)


def test_typing_keeps_the_cursor_in_view(qtbot, rig: EditorRig) -> None:
    """A character that begins a step and wraps onto a new line below the last one shown
    scrolls it into view at once: inside an edit block Qt's text control looks for the
    cursor before the new line is laid out (here the characters after each "，" and "。"
    begin steps; without the editor's own look, 4 of them left the cursor out of view)."""
    editor = rig.editor
    editor.resize(200, 120)
    for ch in "他说好，我们走。" * 30:
        type_unicode(editor, ch)
        assert editor.viewport().rect().contains(editor.cursorRect())
    assert editor.verticalScrollBar().value() > 0


def test_replace_all_stays_one_step(qtbot, make_app: AppFactory) -> None:  # noqa: ANN001
    """And " " and "run" typed after it others."""
    w = make_app().windows[0]
    w.editor.setFocus()
    qtbot.keyClicks(w.editor, "the cat saw the dog")
    dialog = w.find_dialog()
    dialog.find_text.setText("the")
    dialog.replace_text.setText("a")
    assert dialog.replace_all() == 2
    w.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(w.editor, " run")
    assert undo_all(qtbot, w.editor) == ["a cat saw a dog ", "a cat saw a dog", "the cat saw the dog",
                                         "the cat saw the ", "the cat saw ", "the cat ", "the ", ""]


@pytest.mark.parametrize(("before", "typed", "begins"), [
    ("", "T", True), ("The", "e", False), ("The", " ", False), ("The ", " ", False),
    ("The ", "h", True), ("dark", ".", False), ("dark.", " ", False), ("one\n", "S", True),
    ("one\n", " ", True), ("word", "\n", True), ("好。", "他", True), ("好", "他", False),
    ("好。", " ", False), ("e.", "g", False),
])
def test_where_a_step_begins(before: str, typed: str, begins: bool) -> None:
    assert begins_step(before, typed) is begins

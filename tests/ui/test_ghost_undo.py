"""Undo and redo around suggestions: accepting is one undo step, typing after it another,
an undone suggestion is not offered again, and redo puts back text and cursor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from writer_app.inference.types import Suggestion

from .conftest import EditorRig, settle, wait_ghost

CTRL = Qt.KeyboardModifier.ControlModifier


def test_tab_accepts_all_as_one_undo_step(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    assert rig.editor.toPlainText() == "Hello world is big"
    assert rig.editor.ghost is None
    assert rig.editor.textCursor().position() == len("Hello world is big")
    rig.editor.undo()
    assert rig.editor.toPlainText() == "Hello"
    rig.editor.redo()
    assert rig.editor.toPlainText() == "Hello world is big"


def test_typing_after_accepting_is_a_separate_undo_step(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(rig.editor, "!")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Z, CTRL)
    assert rig.editor.toPlainText() == "Hello world is big"
    qtbot.keyClick(rig.editor, Qt.Key.Key_Z, CTRL)
    assert rig.editor.toPlainText() == "Hello"


def test_editing_via_undo_clears_the_ghost(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    rig.editor.undo()
    assert rig.editor.ghost is None
    assert rig.editor.toPlainText() == ""
    assert rig.editor.document().firstBlock().layout().preeditAreaText() == ""


def test_one_undo_after_tab_removes_only_what_tab_inserted(qtbot, rig: EditorRig) -> None:
    sentence = "It was a dark and stormy night and"  # the fake engine has nothing for it
    qtbot.keyClicks(rig.editor, sentence)
    settle(rig.service)
    assert rig.editor.ghost is None
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)  # indents
    assert rig.editor.toPlainText() == sentence + "\t"
    qtbot.keyClick(rig.editor, Qt.Key.Key_Z, CTRL)
    assert rig.editor.toPlainText() == sentence
    qtbot.keyClicks(rig.editor, " she said")
    wait_ghost(qtbot, rig.editor, " hello")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)  # accepts
    qtbot.keyClicks(rig.editor, "!")
    for expected in (sentence + " she said hello", sentence + " she said"):
        qtbot.keyClick(rig.editor, Qt.Key.Key_Z, CTRL)
        assert rig.editor.toPlainText() == expected


def test_an_undone_suggestion_is_not_shown_again_there(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor, " world is big")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: rig.engine.calls[-1] == "Hello world is big")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Z, CTRL)  # the writer takes it back
    assert rig.editor.toPlainText() == "Hello"
    qtbot.waitUntil(lambda: rig.engine.calls[-1] == "Hello")  # asked again after the undo ...
    wait_ghost(qtbot, rig.editor, " there")  # ... and only the other candidates come back
    assert all(not c.startswith(" world") for c in rig.editor.ghost.candidates)
    rig.editor.dismiss_ghost()
    rig.controller.request_now()  # asking again there does not bring it back either
    wait_ghost(qtbot, rig.editor, " there")
    qtbot.keyClicks(rig.editor, "!")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Backspace)  # the text changed: it may come back
    wait_ghost(qtbot, rig.editor, " world is big")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)  # a word accepted, then undone
    assert rig.editor.toPlainText() == "Hello world "
    rig.editor.undo()  # Edit → Undo
    settle(rig.service)
    wait_ghost(qtbot, rig.editor)
    assert not rig.editor.ghost.text.startswith(" world")


def test_each_of_several_undone_acceptances_is_not_offered_again(qtbot, rig: EditorRig) -> None:
    """Two words accepted one after the other, then typing, then undone one step at a time:
    the earlier acceptance, undone after the later one, is rejected too (only the last one
    was remembered: "a cold" came back after undoing "a ")."""
    editor = rig.editor
    qtbot.keyClicks(editor, "Hello")
    wait_ghost(qtbot, editor, " world is big")
    qtbot.keyClick(editor, Qt.Key.Key_Right, CTRL)
    wait_ghost(qtbot, editor, "is big")
    qtbot.keyClick(editor, Qt.Key.Key_Right, CTRL)
    assert editor.toPlainText() == "Hello world is "
    qtbot.keyClicks(editor, "fun")
    for expected in ("Hello world is ", "Hello world ", "Hello"):
        qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
        assert editor.toPlainText() == expected
    qtbot.waitUntil(lambda: rig.engine.calls[-1] == "Hello")
    wait_ghost(qtbot, editor, " there")  # the other candidates, not " world is big"
    assert all(not c.startswith(" world") for c in editor.ghost.candidates)


def test_redo_after_a_long_mixed_undo_puts_back_the_text_and_the_cursor(
        qtbot, qtlog, rig: EditorRig) -> None:
    """Typing, suggestions accepted (a whole one, a one-character one, a word), Tab's
    indent, deleting and pasting; then Ctrl+Z to the start and Ctrl+Shift+Z to the end.
    Each redo gives back the text as it was before its undo, with the cursor where that
    edit ended, and Qt says nothing. (A one-character step redone at the end of the text
    logged "QTextCursor::setPosition: Position 'N' out of range" and left the cursor at 0;
    in the middle of the text, one character too far.)"""
    editor = rig.editor
    rig.engine.answers["big"] = Suggestion(".", [], 0.9)
    after_step: dict[int, tuple[str, int]] = {}  # undo steps -> (text, cursor) after that edit

    def edit(act) -> None:  # noqa: ANN001
        act()
        after_step[editor.document().availableUndoSteps()] = (editor.document_text(),
                                                             editor.cursor_position())

    def accept(ghost: str, key: Qt.Key = Qt.Key.Key_Tab, mods=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
        wait_ghost(qtbot, editor, ghost)
        qtbot.keyClick(editor, key, mods)

    def paste(text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        qtbot.keyClick(editor, Qt.Key.Key_V, CTRL)

    def indent() -> None:
        settle(rig.service)
        editor.dismiss_ghost()
        qtbot.keyClick(editor, Qt.Key.Key_Tab)

    edit(lambda: qtbot.keyClicks(editor, "Hello"))
    edit(lambda: accept(" world is big"))
    edit(lambda: accept("."))  # one character, at the end of the text
    edit(lambda: qtbot.keyClick(editor, Qt.Key.Key_Return))
    edit(lambda: qtbot.keyClicks(editor, "Dear"))
    edit(lambda: accept(" Sir or Madam,", Qt.Key.Key_Right, CTRL))  # a word: " Sir "
    edit(lambda: [qtbot.keyClick(editor, Qt.Key.Key_Backspace) for _ in range(2)])
    edit(lambda: paste(" pasted text"))
    edit(indent)  # Tab with nothing shown: one character, at the end
    qtbot.keyClick(editor, Qt.Key.Key_Home)
    edit(lambda: qtbot.keyClick(editor, Qt.Key.Key_Delete))
    edit(indent)  # one character, at the start of the line
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
    edit(lambda: paste(" and\nmore"))
    assert editor.document_text() == "Hello world is big.\n\tear Si pasted text\t and\nmore"
    assert len(after_step) >= 10

    before_undo: list[str] = []
    while editor.document().isUndoAvailable():
        before_undo.append(editor.document_text())
        qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert editor.document_text() == ""
    redone = 0
    while editor.document().isRedoAvailable():
        qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
        redone += 1
        assert editor.document_text() == before_undo.pop()
        text, cursor = after_step[editor.document().availableUndoSteps()]
        assert (editor.document_text(), editor.cursor_position()) == (text, cursor), redone
    assert before_undo == []
    assert [r.message for r in qtlog.records if "out of range" in r.message] == []


def test_asking_where_the_only_suggestion_was_undone_says_there_is_none(qtbot, rig: EditorRig) -> None:
    """A tester's Ctrl+Space after undoing an acceptance showed nothing and said nothing:
    its one candidate was the one taken back there."""
    said: list[str] = []
    rig.controller.nothing_found.connect(lambda: said.append("nothing"))
    qtbot.keyClicks(rig.editor, "Dear")
    wait_ghost(qtbot, rig.editor, " Sir or Madam,")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Z, CTRL)
    assert rig.editor.toPlainText() == "Dear"
    settle(rig.service)
    rig.controller.request_now()
    qtbot.waitUntil(lambda: said == ["nothing"])
    assert rig.editor.ghost is None

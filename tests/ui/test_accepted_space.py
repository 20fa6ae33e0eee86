"""The space an accepted word takes (editor/accepted_space.py): not doubled by the space
typed next, replaced by punctuation, an apostrophe or Enter, kept across Esc and Alt+]."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from writer_app.editor.ghost_text import GhostText

from .conftest import EditorRig, commit_text, wait_ghost

CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier


def test_a_space_typed_after_an_accepted_space_is_not_doubled(qtbot, rig: EditorRig) -> None:
    """A fresh-clone tester got "shining.  Captain": Tab took "ning. " with its space and the
    space typed next made two. The first space after an acceptance is the one it took."""
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    assert rig.editor.toPlainText() == "Hello world "
    qtbot.keyClick(rig.editor, Qt.Key.Key_Space)
    assert rig.editor.toPlainText() == "Hello world "
    assert rig.editor.ghost is not None and rig.editor.ghost.text == "is big"  # still shown
    qtbot.keyClick(rig.editor, Qt.Key.Key_Space)  # a second space is the writer's own
    assert rig.editor.toPlainText() == "Hello world  "
    qtbot.keyClicks(rig.editor, "x")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Space)  # no acceptance just before: typed
    assert rig.editor.toPlainText() == "Hello world  x "


def test_esc_or_an_alternative_between_leaves_the_accepted_space_standing(qtbot, rig: EditorRig) -> None:
    """A tester took "house" and ". " with Ctrl+Right, pressed Esc on the next suggestion,
    typed a space and got "house.  B"."""
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    assert rig.editor.toPlainText() == "Hello world "
    qtbot.keyClick(rig.editor, Qt.Key.Key_Escape)
    assert rig.editor.ghost is None
    qtbot.keyClicks(rig.editor, " B")
    assert rig.editor.toPlainText() == "Hello world B"


def test_punctuation_an_input_method_commits_takes_the_accepted_space(qtbot, rig: EditorRig) -> None:
    """A tester's "the end ，": the full-width comma came from the input method, not a key."""
    for commit, want in (("，", "Hello world，"), ("我", "Hello world 我")):
        rig.editor.set_document_text("")
        qtbot.keyClicks(rig.editor, "Hello")
        wait_ghost(qtbot, rig.editor)
        qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
        commit_text(rig.editor, commit)
        assert rig.editor.toPlainText() == want


def test_an_acceptance_undone_and_redone_still_takes_the_next_space(qtbot, rig: EditorRig) -> None:
    """A tester accepted "was", pressed Ctrl+Z and Ctrl+Shift+Z, typed " not": "was  not"."""
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    rig.editor.undo()
    assert rig.editor.toPlainText() == "Hello"
    rig.editor.redo()
    assert rig.editor.toPlainText() == "Hello world "
    qtbot.keyClicks(rig.editor, " not")
    assert rig.editor.toPlainText() == "Hello world not"
    rig.editor.undo()  # the typing, then redone: no acceptance there, the space is typed
    rig.editor.redo()
    qtbot.keyClicks(rig.editor, " x")
    assert rig.editor.toPlainText() == "Hello world not x"


def test_punctuation_or_enter_after_an_accepted_space_takes_its_place(qtbot, rig: EditorRig) -> None:
    """A tester's "house ." and lines ending in a space: the space an accepted word took
    gives way to a mark written right after a word, as on-screen keyboards do."""
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    qtbot.keyClicks(rig.editor, ",")
    assert rig.editor.toPlainText() == "Hello world,"
    rig.editor.undo()  # the mark and the space's removal are one step
    assert rig.editor.toPlainText() == "Hello world "
    rig.editor.set_document_text("")
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Return)
    assert rig.editor.toPlainText() == "Hello world\n"
    rig.editor.set_document_text("")
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    qtbot.keyClicks(rig.editor, "(")  # an opening mark: the space stays
    assert rig.editor.toPlainText() == "Hello world ("


def test_an_apostrophe_or_dash_after_an_accepted_space_joins_the_word(qtbot, rig: EditorRig) -> None:
    """A tester's "there 's": an apostrophe after a word mostly joins it, so it too takes
    the accepted space's place; an opening quote does not."""
    for mark, want in (("'", "Hello world's"), ("\u2019", "Hello world\u2019s"),
                       ("\u2018", "Hello world \u2018s"), ("\u2014", "Hello world\u2014s")):
        rig.editor.set_document_text("")
        qtbot.keyClicks(rig.editor, "Hello")
        wait_ghost(qtbot, rig.editor)
        qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):  # QTest types Latin-1 only
            QApplication.sendEvent(rig.editor, QKeyEvent(kind, Qt.Key.Key_unknown, NONE, mark))
        qtbot.keyClicks(rig.editor, "s")
        assert rig.editor.toPlainText() == want


def test_shift_enter_is_a_paragraph_break_not_u2028(qtbot, rig: EditorRig) -> None:
    """A tester's Shift+Enter wrote U+2028 into the file (shown as a line break, saved as
    bytes wc and grep do not count); after an accepted word it also kept the space."""
    qtbot.keyClicks(rig.editor, "First line")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(rig.editor, "second")
    assert rig.editor.document_text() == "First line\nsecond"
    rig.editor.set_document_text("")
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert rig.editor.document_text() == "Hello world\n"


def _accept(qtbot, rig: EditorRig, typed: str, suggestion: str) -> None:  # noqa: ANN001
    """Type ``typed``, show ``suggestion`` as the ghost and accept it with Tab."""
    editor = rig.editor
    rig.engine.answers.clear()  # the ghost shown is this one alone
    editor.set_document_text(typed)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert editor.show_ghost(GhostText(editor.revision, editor.cursor_position(), (suggestion,)))
    wait_ghost(qtbot, editor, suggestion)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == typed + suggestion


def test_a_mark_typed_after_an_accepted_mark_takes_its_place(qtbot, rig: EditorRig) -> None:
    """Testers' "very much.," and "night.!": a suggestion ended in the model's full stop and
    space, and the writer's own mark came after it. The writer's mark decides; an
    abbreviation's full stop and a closing quote stay; a Chinese mark gives way to one
    committed by the input method."""
    for typed, suggestion, key, want in (
            ("Thank you very", " much. ", ",", "Thank you very much,"),
            ("Good", " night. ", "!", "Good night!"),
            ("Thank you very", " much. ", ".", "Thank you very much.."),  # the same mark: below
            ("She said", " no, ", "?", "She said no?"),
            ("for example", " e.g. ", ",", "for example e.g.,"),
            ("apples, pears", " etc. ", ",", "apples, pears etc.,"),  # text.units.ends_in_abbreviation
            ("He said", " yes. ", ")", "He said yes.)"),
            ("He said", " yes. ", "x", "He said yes. x")):
        _accept(qtbot, rig, typed, suggestion)
        qtbot.keyClicks(rig.editor, key)
        assert rig.editor.toPlainText() == want, (typed, suggestion, key)
    _accept(qtbot, rig, "Thank you very", " much. ")
    qtbot.keyClicks(rig.editor, ",")
    rig.editor.undo()  # one step: the mark typed and what it replaced
    assert rig.editor.toPlainText() == "Thank you very much. "
    rig.editor.set_document_text("我很")
    rig.editor.moveCursor(QTextCursor.MoveOperation.End)
    assert rig.editor.show_ghost(GhostText(rig.editor.revision, rig.editor.cursor_position(), ("好。",)))
    wait_ghost(qtbot, rig.editor, "好。")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    commit_text(rig.editor, "，")
    assert rig.editor.toPlainText() == "我很好，"


def _type(editor, text: str) -> None:  # noqa: ANN001
    """Type ``text`` key by key, curly marks too (QTest types Latin-1 only)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, Qt.Key.Key_unknown, NONE, ch))


def test_the_same_mark_typed_after_an_accepted_mark_continues_it(qtbot, rig: EditorRig) -> None:
    """A novelist's ellipsis: Tab took "stairs. " and the writer typed ".." for "stairs...",
    but the first "." replaced the accepted ". " and left "stairs..". The same mark again
    continues the accepted one: only the space goes (text.units.replaces_accepted_mark)."""
    for typed, suggestion, keys, want in (
            ("\u201cOr in the hall, or on the", " stairs. ", "..", "\u201cOr in the hall, or on the stairs..."),
            ("Good", " night! ", "!", "Good night!!"),
            ("Who", " is it? ", "?!", "Who is it??!"),
            ("Good", " night. ", "!", "Good night!"),  # another mark still decides
            ("Thank you very", " much, ", ",", "Thank you very much,")):  # never ",,"
        _accept(qtbot, rig, typed, suggestion)
        qtbot.keyClicks(rig.editor, keys)
        assert rig.editor.toPlainText() == want, (typed, suggestion, keys)


def test_an_ellipsis_after_an_accepted_full_stop_has_three_dots_however_it_is_typed(
        qtbot, rig: EditorRig) -> None:
    """Testers typed an ellipsis after an accepted "stairs. " both ways: ".." (the accepted
    dot as its first) and "..." (a dot after the word, as if none were there), and got
    "stairs.." and "river....". Either way the ellipsis is whole at three dots; a key after
    it, or a fourth dot, is the writer's own."""
    for suggestion, keys, want in ((" stairs. ", "..", "On the stairs..."),
                                   (" stairs. ", "...", "On the stairs..."),
                                   (" stairs. ", "....", "On the stairs...."),
                                   (" stairs. ", "... Up", "On the stairs... Up")):
        _accept(qtbot, rig, "On the", suggestion)
        qtbot.keyClicks(rig.editor, keys)
        assert rig.editor.toPlainText() == want, keys


def test_a_mark_typed_after_a_suggestion_cut_right_after_its_mark_takes_its_place(
        qtbot, rig: EditorRig) -> None:
    """With the longest suggestion at 3 tokens a tester's ghost ended "door." with no space
    after it; Tab, then "?" gave "door.?" (only a mark followed by a space counted)."""
    for key, want in (("?", "He waited at the door?"), (",", "He waited at the door,"),
                      ("x", "He waited at the door.x")):
        _accept(qtbot, rig, "He waited at the", " door.")
        qtbot.keyClicks(rig.editor, key)
        assert rig.editor.toPlainText() == want, key


def test_an_apostrophe_and_a_letter_after_an_accepted_mark_join_the_word(qtbot, rig: EditorRig) -> None:
    """A novelist's "hand.\u2019s": Tab took "hand. " and the \u2019 typed next stood after the
    full stop as a closing quote, where Ctrl+Right (the word without its mark) gave
    "hand\u2019s". A letter right after that apostrophe makes it the word's: the mark goes. A
    closing quote followed by a space stays, and so does an abbreviation's full stop."""
    for typed, suggestion, keys, want in (
            ("She took his", " hand. ", "\u2019s", "She took his hand\u2019s"),
            ("She took his", " hand. ", "'s", "She took his hand's"),
            ("She took his", " hand, ", "\u2019s", "She took his hand\u2019s"),
            ("\u2018Take my", " hand. ", "\u2019 S", "\u2018Take my hand.\u2019 S"),
            ("the policy of the", " U.S. ", "\u2019s", "the policy of the U.S.\u2019s")):
        _accept(qtbot, rig, typed, suggestion)
        _type(rig.editor, keys)
        assert rig.editor.toPlainText() == want, (typed, suggestion, keys)
    _accept(qtbot, rig, "She took his", " hand. ")
    _type(rig.editor, "\u2019s")
    rig.editor.undo()  # the letter and the mark's removal are one step
    assert rig.editor.toPlainText() == "She took his hand.\u2019"

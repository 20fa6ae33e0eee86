"""A suggestion is shown only where the writer can see all of it, and keys take only that.

A tester with a large font (DejaVu Serif 72, zoomed in) asked for a suggestion with the
caret at the end of the last line shown: the ghost wrapped onto a line below the window,
nothing grey was seen, yet Tab inserted "looked at" and Suggestions → Accept was enabled.
With Line Wrap off, another typed to the right edge and asked: nothing showed after the
caret (the ghost lay past the edge), yet Tab inserted " river.".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from writer_app.editor.ghost_keys import GhostAction
from writer_app.editor.ghost_text import GhostText
from writer_app.editor.ghost_view import GhostView, in_view, text_rect
from writer_app.inference.types import Suggestion

from .conftest import EditorRig, settle, wait_ghost

LINES = "\n".join(f"Line {i}." for i in range(30))  # none wraps: Qt lays out lazily
LONG = " looked at the garden where the old dog slept under the apple tree"


def _big_font_at_the_end(rig: EditorRig, height: int = 300) -> None:
    """The rig's editor in a big font, many lines, the caret at the end of the last line,
    which is the last line in view (Qt's range ends with it at the bottom)."""
    editor = rig.editor
    editor.resize(420, height)
    editor.setFont(QFont("DejaVu Serif", 36))
    editor.set_document_text(LINES + "\nThe cat")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.ensureCursorVisible()
    QApplication.processEvents()
    bar = editor.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0
    assert editor.cursorRect().bottom() > editor.viewport().height() - 2 * editor.cursorRect().height()


def _painted_in_view(editor) -> bool:  # noqa: ANN001
    ghost = editor.ghost
    painting = GhostView(editor).painting(ghost) if ghost is not None else None
    return painting is not None and painting[0].lineCount() > 1 and in_view(painting, editor)


def test_a_ghost_wrapping_below_the_view_scrolls_into_view_and_tab_takes_what_was_seen(
        qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    _big_font_at_the_end(rig)
    rig.engine.answers = {"The cat": Suggestion(LONG, [], 0.9)}
    caret_before = editor.cursorRect().top()
    qtbot.keyClick(editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)  # ask now
    wait_ghost(qtbot, editor, LONG)
    assert _painted_in_view(editor)  # every line of it inside the window
    assert editor.cursorRect().top() < caret_before  # the text moved up to make room
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document_text().endswith("The cat" + LONG)
    assert editor.ghost is None


def test_a_ghost_that_cannot_be_seen_whole_is_not_shown_and_tab_indents(
        qtbot, rig: EditorRig) -> None:
    """A window two lines high cannot hold the caret's line and a ghost of four more: it is
    not shown (the menu's Accept stays off), the view stays, Tab indents."""
    editor = rig.editor
    _big_font_at_the_end(rig, height=140)
    bar = editor.verticalScrollBar()
    view = (bar.value(), bar.maximum())
    shown: list[object] = []
    editor.ghost_changed.connect(shown.append)
    assert not editor.show_ghost(GhostText(editor.revision, editor.cursor_position(), (LONG,)))
    assert editor.ghost is None and shown == [None]
    assert (bar.value(), bar.maximum()) == view
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document_text().endswith("The cat\t")


def test_tab_for_a_ghost_the_window_shrank_away_takes_nothing(qtbot, rig: EditorRig) -> None:
    """A tester shrank the window with a ghost shown: Tab put a tab in his prose. The ghost
    that cannot be seen whole now goes, and the key with it."""
    editor = rig.editor
    _big_font_at_the_end(rig)
    assert editor.show_ghost(GhostText(editor.revision, editor.cursor_position(), (LONG,)))
    wait_ghost(qtbot, editor, LONG)
    editor.resize(420, 140)  # two lines high: the caret's line and no room for the ghost's four
    qtbot.waitUntil(lambda: editor.visible_ghost is None)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document_text().endswith("The cat") and editor.ghost is None


def test_no_ghost_while_the_caret_is_out_of_view_until_asked_for(qtbot, rig: EditorRig) -> None:
    """The writer scrolled up to read: a suggestion arriving for the caret down below is
    not shown there unseen, nor does it pull the view back. Asking for one brings the view
    back to the caret, and it is shown."""
    editor = rig.editor
    _big_font_at_the_end(rig)
    rig.engine.answers = {"The cat": Suggestion(" sat", [], 0.9)}
    bar = editor.verticalScrollBar()
    bar.setValue(0)
    QApplication.processEvents()
    assert not editor.show_ghost(GhostText(editor.revision, editor.cursor_position(), (" sat",)))
    assert bar.value() == 0
    qtbot.keyClick(editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    wait_ghost(qtbot, editor, " sat")
    assert bar.value() > 0


def test_a_ghost_scrolled_out_of_view_is_brought_back_not_taken(qtbot, rig: EditorRig) -> None:
    """Tab (or Suggestions → Accept) for a ghost scrolled away takes nothing unseen: the view
    goes back to it, and the next Tab takes it (a tester's Tab there put in a stray tab)."""
    editor = rig.editor
    _big_font_at_the_end(rig)
    assert editor.show_ghost(GhostText(editor.revision, editor.cursor_position(), (LONG,)))
    wait_ghost(qtbot, editor, LONG)
    for action in (GhostAction.ACCEPT, GhostAction.ACCEPT_WORD):  # Suggestions → Accept, too
        editor.verticalScrollBar().setValue(0)  # the wheel: the ghost is out of sight
        qtbot.waitUntil(lambda: editor.visible_ghost is None)
        assert editor.run_ghost_action(action)
        assert editor.document_text().endswith("The cat")
        qtbot.waitUntil(lambda: editor.visible_ghost is not None)  # in view again
    editor.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: editor.visible_ghost is None)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document_text().endswith("The cat")
    qtbot.waitUntil(lambda: editor.visible_ghost is not None)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document_text().endswith("The cat" + LONG)
    settle(rig.service)


def test_text_rect_spans_the_ghost_lines(qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    _big_font_at_the_end(rig)
    painting = GhostView(editor).painting(GhostText(editor.revision, editor.cursor_position(), (LONG,)))
    assert painting is not None
    layout, area = painting[0], text_rect(painting)
    last = layout.lineAt(layout.lineCount() - 1)
    assert area.top() == layout.lineAt(0).y() and area.bottom() == last.y() + last.height()
    assert not in_view(painting, editor)  # laid out as it is before any scrolling


def _unwrapped(rig: EditorRig, text: str, height: int = 200) -> None:
    """Line Wrap off, a big font, one line, the caret at its end."""
    editor = rig.editor
    editor.resize(420, height)
    editor.setFont(QFont("DejaVu Serif", 36))
    editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    editor.set_document_text(text)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.ensureCursorVisible()
    QApplication.processEvents()


def _unwrapped_at_the_edge(rig: EditorRig, text: str, height: int = 200) -> None:
    """_unwrapped, the line typed to the right edge of the view (Qt scrolls it so that the
    caret is at the edge)."""
    _unwrapped(rig, text, height)
    assert rig.editor.cursorRect().right() >= rig.editor.viewport().width() - 8


def _on_the_caret_line_in_view(editor) -> bool:  # noqa: ANN001
    """The ghost painted as one line going on from the caret, all of it in the view."""
    painting = GhostView(editor).painting(editor.ghost)
    assert painting is not None
    line, caret = painting.layout.lineAt(0), editor.cursorRect()
    return (painting.layout.lineCount() == 1 and abs(line.y() - caret.top()) < 1
            and line.x() >= caret.left() - 1 and in_view(painting, editor))


def test_with_line_wrap_off_a_ghost_past_the_right_edge_scrolls_into_view(qtbot, rig: EditorRig) -> None:
    """It was laid out past the edge (or wrapped to the left edge under a line that does not
    wrap): now the view scrolls sideways until all of it is in the window, on the caret's
    line as the text will be, and Tab takes what was seen."""
    editor = rig.editor
    _unwrapped_at_the_edge(rig, "The boat went down the")
    rig.engine.answers = {"down the": Suggestion(" river.", [], 0.9)}
    caret_before = editor.cursorRect().left()
    qtbot.keyClick(editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    wait_ghost(qtbot, editor, " river.")
    assert _on_the_caret_line_in_view(editor)
    assert editor.cursorRect().left() < caret_before  # the text moved left to make room
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document_text() == "The boat went down the river."


def test_a_scroll_bar_shown_for_the_ghost_leaves_it_in_view(qtbot, rig: EditorRig) -> None:
    """A line shorter than the view has no horizontal scroll bar: scrolling for the ghost
    shows one, which narrows the view and made Qt set its range to nothing again."""
    editor = rig.editor
    _unwrapped(rig, "x" * 12)  # ends inside the view; " river." does not
    bar = editor.horizontalScrollBar()
    assert bar.maximum() == 0 and not bar.isVisible()
    assert editor.show_ghost(GhostText(editor.revision, editor.cursor_position(), (" river.",)))
    wait_ghost(qtbot, editor, " river.")
    QApplication.processEvents()
    assert bar.isVisible() and bar.value() > 0
    assert _on_the_caret_line_in_view(editor) and editor.visible_ghost is not None


def test_with_line_wrap_off_a_ghost_wider_than_the_view_is_not_shown(qtbot, rig: EditorRig) -> None:
    """Beside the caret at the right edge there is no room for " could see the light from
    the house" however the view scrolls with the caret in it: it is not shown (it was
    wrapped under the line), the view stays, Tab indents."""
    editor = rig.editor
    _unwrapped_at_the_edge(rig, "It was dark and nobody", height=300)
    bar = editor.horizontalScrollBar()
    view = (bar.value(), bar.maximum())
    ghost = GhostText(editor.revision, editor.cursor_position(), (" could see the light from the house",))
    assert not editor.show_ghost(ghost)
    assert (bar.value(), bar.maximum()) == view
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document_text() == "It was dark and nobody\t"


def test_a_ghost_scrolled_sideways_out_of_view_is_brought_back_not_taken(qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    _unwrapped_at_the_edge(rig, "The boat went down the")
    assert editor.show_ghost(GhostText(editor.revision, editor.cursor_position(), (" river.",)))
    wait_ghost(qtbot, editor, " river.")
    editor.horizontalScrollBar().setValue(0)  # the scroll bar dragged: the ghost is right of the view
    qtbot.waitUntil(lambda: editor.visible_ghost is None)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document_text() == "The boat went down the"
    qtbot.waitUntil(lambda: editor.visible_ghost is not None)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.document_text() == "The boat went down the river."

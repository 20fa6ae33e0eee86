"""Where a wrapping ghost breaks: as Qt's word wrap will break the text once it is typed.

A tester saw the line below "…that nobody" begin " could see": the space before a word that
starts on the next line is left at the end of the line it ends, unseen, as Qt's own layout
leaves it; the next line starts with the word.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFont, QTextCursor
from PySide6.QtWidgets import QApplication

from writer_app.editor.ghost_text import GhostText
from writer_app.editor.ghost_view import GhostView

from .conftest import EditorRig, wait_ghost


def _first_ink(editor, rect: QRect) -> int:  # noqa: ANN001
    """The leftmost column of ``rect`` in the editor's viewport with a dark or grey pixel."""
    image = editor.viewport().grab().toImage()
    return min((x for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1)
                if QColor(image.pixel(x, y)).lightness() < 200), default=rect.right())


def test_a_ghost_word_starting_the_next_line_has_no_space_before_it(qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    editor.resize(420, 300)
    editor.setFont(QFont("DejaVu Serif", 36))
    editor.set_document_text("It was so dark that nobody")  # "that nobody" ends a line
    editor.moveCursor(QTextCursor.MoveOperation.End)
    QApplication.processEvents()
    caret = editor.cursorRect()
    ghost = " could see the light"
    assert editor.show_ghost(GhostText(editor.revision, editor.cursor_position(), (ghost,)))
    wait_ghost(qtbot, editor, ghost)
    painting = GhostView(editor).painting(editor.ghost)
    assert painting is not None
    layout, text = painting.layout, painting.layout.text()
    first = layout.lineAt(0)
    assert first.y() >= caret.bottom()  # "could" does not fit after "nobody": it starts below
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        assert not text[line.textStart()].isspace(), text[line.textStart():]
    # On screen: the ghost's line begins where the text's lines do ("that nobody" above).
    text_line = QRect(0, caret.top(), caret.left(), caret.height())
    ghost_line = QRect(0, int(first.y()), editor.viewport().width(), int(first.height()))
    assert abs(_first_ink(editor, ghost_line) - _first_ink(editor, text_line)) <= 3

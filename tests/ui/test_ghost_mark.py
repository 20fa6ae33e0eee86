"""A short ghost is seen: a suggested "." or "，" is drawn on a faint rounded mark.

A tester's grey full stop after "The end" was a few pixels beside the caret: pressing Tab
to indent, he got a full stop he never saw. Checked in a light and a dark palette; a
longer ghost looks as before.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFont, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from writer_app.editor.ghost_text import GhostText
from writer_app.editor.ghost_view import GhostView

from .conftest import EditorRig, wait_ghost


def _dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in ((QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#e6e6e6"),
                        (QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6")):
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(230, 230, 230, 128))
    return palette


def _marked_pixels(editor, rect: QRect) -> int:  # noqa: ANN001
    """How many pixels of ``rect`` in the editor's viewport are not the base colour."""
    base = editor.palette().color(QPalette.ColorRole.Base)
    image = editor.viewport().grab().toImage()
    rect = rect.intersected(image.rect())
    return sum(max(abs(c.red() - base.red()), abs(c.green() - base.green()), abs(c.blue() - base.blue())) > 8
               for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1)
               for c in (QColor(image.pixel(x, y)),))


def _show(qtbot, editor, text: str, ghost: str) -> QRect:  # noqa: ANN001
    """Show ``ghost`` after ``text``; the square right of the caret, a line high."""
    editor.set_document_text(text)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    QApplication.processEvents()
    assert editor.show_ghost(GhostText(editor.revision, editor.cursor_position(), (ghost,)))
    wait_ghost(qtbot, editor, ghost)
    caret = editor.cursorRect()
    return QRect(caret.right() + 1, caret.top(), caret.height(), caret.height())


def test_a_short_ghost_is_drawn_on_a_mark_and_a_longer_one_as_before(qtbot, rig: EditorRig) -> None:
    editor = rig.editor
    editor.setFont(QFont("DejaVu Serif", 12))
    for palette in (editor.palette(), _dark_palette()):
        editor.setPalette(palette)
        for text, ghost in (("The end", "."), ("他说完了", "，")):
            square = _show(qtbot, editor, text, ghost)
            # A full stop alone is a few pixels; its mark fills a good part of the square.
            assert _marked_pixels(editor, square) >= 0.25 * square.width() * square.height(), ghost
        square = _show(qtbot, editor, "The boat went down the", " river.")
        assert GhostView(editor).painting(editor.ghost).mark is None
        space = QRect(square.left() + 1, square.top(), 2, square.height())  # before "river"
        assert _marked_pixels(editor, space) == 0

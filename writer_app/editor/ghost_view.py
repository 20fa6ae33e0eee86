"""The ghost text on screen: brought into view, painted, and whether the writer sees it.

GhostTextEdit (editor/ghost_editor.py) decides *whether* a suggestion is shown and
ghost_painting.py lays it out and draws it; this module keeps it where the writer can see
it, since keys act only on what was seen. A suggestion whose text wraps below the bottom of
the view (a large font, the caret on the last line shown: a tester's Tab took "looked at",
painted below the window) scrolls the view up by the lines it needs, past the end of the
document if it must, as Qt's own centerOnScroll lets it; one that still cannot be seen
whole (the caret's line out of view while the writer reads elsewhere, a view too small
for it) is not shown at all, and the view stays as it was. A ghost scrolled out of view
afterwards is no longer one keys act on until it is painted in view again.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QPlainTextEdit

from writer_app.editor.cursor_text import text_after_in_block
from writer_app.editor.ghost_painting import Painting, covered_area, draw_ghost, lay_out_ghost
from writer_app.editor.ghost_text import GhostText
from writer_app.editor.suggestion_policy import LOOKAHEAD_CHARS


def text_rect(painting: Painting) -> QRectF:
    """The viewport rectangle (pixels) the ghost's laid-out lines take: its text and the
    closing characters it pushes along."""
    layout = painting[0]
    area = QRectF()
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        area = area.united(QRectF(line.x(), line.y(), line.naturalTextWidth(), line.height()))
    return area


def in_view(painting: Painting, editor: QPlainTextEdit) -> bool:
    """True when all of the ghost's lines lie between the top and the bottom of ``editor``'s
    viewport (lay_out_ghost wraps them at its right edge)."""
    area = text_rect(painting)
    return area.top() >= 0 and area.bottom() <= editor.viewport().height()


class GhostView:
    """Where ``editor``'s ghost is on screen: the viewport pixels it covered when last
    painted (repainted when it goes), and the scrolling that brings it into view."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        self._editor = editor
        self._area = QRect()  # viewport pixels the ghost covered when last painted

    def painting(self, ghost: GhostText) -> Painting | None:
        """Where ``ghost`` is drawn and what it covers (ghost_painting.lay_out_ghost), with
        the closing characters after its position; None before its line is laid out."""
        after = text_after_in_block(self._editor.document(), ghost.position, LOOKAHEAD_CHARS)
        return lay_out_ghost(self._editor, ghost, after)

    def place(self, ghost: GhostText) -> bool:
        """Make ``ghost``, about to be shown, seen whole: scroll the view down a line at a
        time while its text reaches below it and the caret's line stays in view, then
        schedule its repaint. False, with the view as it was, when it cannot be seen whole
        (nor laid out)."""
        editor, bar = self._editor, self._editor.verticalScrollBar()
        start, most = bar.value(), bar.maximum()
        painting = self._scrolled_painting(ghost)
        if painting is None:
            bar.setMaximum(most)  # the range Qt gave and the view, as they were
            bar.setValue(start)
            return False
        self._area = self._area.united(covered_area(painting))
        if bar.value() != start:
            editor.viewport().update()  # the text moved: every line is painted anew
        else:
            editor.viewport().update(self._area)
        return True

    def _scrolled_painting(self, ghost: GhostText) -> Painting | None:
        """The ghost's painting once in view (the view scrolled down as needed), or None."""
        editor, bar = self._editor, self._editor.verticalScrollBar()
        view = editor.viewport().rect()
        painting = self.painting(ghost)
        while painting is not None and view.contains(editor.cursorRect()):
            if in_view(painting, editor):
                return painting
            if bar.value() + 1 >= editor.document().lineCount():
                return None  # the caret's line is the top one already
            # Past the document's end if need be (Qt's range stops with its last line at
            # the bottom); Qt sets its own range again when the text's size changes.
            bar.setMaximum(max(bar.maximum(), bar.value() + 1))
            bar.setValue(bar.value() + 1)
            painting = self.painting(ghost)
        return None

    def clear(self) -> None:
        """Repaint where the ghost was (the text under it comes back)."""
        if not self._area.isEmpty():
            self._editor.viewport().update(self._area)
            self._area = QRect()

    def paint(self, ghost: GhostText, region: QRegion) -> bool | None:
        """Draw ``ghost`` (from paintEvent, after Qt has drawn the text). True when the
        writer sees it now (this paint drew its text, all of it in view); False when some
        of it is out of view; None when this paint did not reach its text."""
        painting = self.painting(ghost)
        if painting is None:
            return False
        draw_ghost(self._editor, painting)
        self._area = covered_area(painting)
        if not in_view(painting, self._editor):
            return False
        return True if region.intersects(text_rect(painting).toAlignedRect()) else None

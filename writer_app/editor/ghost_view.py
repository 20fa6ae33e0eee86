"""The ghost text on screen: brought into view, painted, and whether the writer sees it.

GhostTextEdit (editor/ghost_editor.py) decides *whether* a suggestion is shown and
ghost_painting.py lays it out and draws it; this module keeps it where the writer can see
it, since keys act only on what was seen. A suggestion whose text wraps below the bottom of
the view (a large font, the caret on the last line shown: a tester's Tab took "looked at",
painted below the window) scrolls the view up by the lines it needs, past the end of the
document if it must, as Qt's own centerOnScroll lets it. With Line Wrap off, one reaching
past the right edge (a tester's Tab took " river.", beyond it) scrolls the view sideways
until it ends inside the window, as far as the caret stays in view. One that still cannot
be seen whole (the caret's line out of view while the writer reads elsewhere, a view too
small for it) is not shown at all, and the view stays as it was. A ghost scrolled out of
view afterwards, either way, is no longer one keys act on until it is painted in view again.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QPlainTextEdit, QScrollBar

from writer_app.editor.cursor_text import text_after_in_block
from writer_app.editor.ghost_painting import Painting, covered_area, draw_ghost, lay_out_ghost
from writer_app.editor.ghost_text import GhostText
from writer_app.editor.suggestion_policy import LOOKAHEAD_CHARS


def text_rect(painting: Painting) -> QRectF:
    """The viewport rectangle (pixels) the ghost's laid-out lines take: its text, the
    closing characters it pushes along and the mark behind a short one."""
    layout = painting.layout
    area = QRectF() if painting.mark is None else QRectF(painting.mark)
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        area = area.united(QRectF(line.x(), line.y(), line.naturalTextWidth(), line.height()))
    return area


def in_view(painting: Painting, editor: QPlainTextEdit) -> bool:
    """True when all of the ghost lies inside ``editor``'s viewport: its lines between the
    top and the bottom, and between the left and the right edge."""
    return _across(text_rect(painting), editor) == 0 and _in_rows(painting, editor)


def _in_rows(painting: Painting, editor: QPlainTextEdit) -> bool:
    area = text_rect(painting)
    return area.top() >= 0 and area.bottom() <= editor.viewport().height()


def _across(area: QRectF, editor: QPlainTextEdit) -> int:
    """Pixels to scroll right for ``area`` to end inside the viewport, by the document's
    margin as Qt's own text does (0: it does, or it reaches past the left edge: -1)."""
    if area.left() < 0:
        return -1
    edge = editor.viewport().width()
    if area.right() <= edge:
        return 0
    return math.ceil(area.right() - edge + editor.document().documentMargin())


class GhostView:
    """Where ``editor``'s ghost is on screen: the viewport pixels it covered when last
    painted (repainted when it goes), and the scrolling that brings it into view."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        self._editor = editor
        self._area = QRect()  # viewport pixels the ghost covered when last painted
        self._seen: GhostText | None = None  # the ghost last painted whole in view (bring_back)

    def painting(self, ghost: GhostText) -> Painting | None:
        """Where ``ghost`` is drawn and what it covers (ghost_painting.lay_out_ghost), with
        the closing characters after its position; None before its line is laid out."""
        after = text_after_in_block(self._editor.document(), ghost.position, LOOKAHEAD_CHARS)
        return lay_out_ghost(self._editor, ghost, after)

    def place(self, ghost: GhostText) -> bool:
        """Make ``ghost``, about to be shown, seen whole: scroll the view down a line at a
        time while its text reaches below it and the caret's line stays in view, and (Line
        Wrap off) right by the pixels it reaches past the right edge while the caret stays
        in view, then schedule its repaint. False, with the view as it was, when it cannot
        be seen whole (nor laid out)."""
        editor = self._editor
        bars = (editor.verticalScrollBar(), editor.horizontalScrollBar())
        start = [(bar.value(), bar.maximum()) for bar in bars]
        painting = self._scrolled_painting(ghost)
        if painting is not None and self._bars_shown():
            painting = self._scrolled_painting(ghost)  # in the view the bar left
        if painting is None:
            for bar, (value, most) in zip(bars, start, strict=True):
                bar.setMaximum(most)  # the range Qt gave and the view, as they were
                bar.setValue(value)
            return False
        self._area = self._area.united(covered_area(painting))
        if [bar.value() for bar in bars] != [value for value, _ in start]:
            editor.viewport().update()  # the text moved: every line is painted anew
        else:
            editor.viewport().update(self._area)
        return True

    def bring_back(self, ghost: GhostText) -> bool | None:
        """A key or menu item for ``ghost``, not in view now: None when the writer never saw
        it (not painted yet: a result that came just before Tab, which then indents); else the
        view goes back to the caret and ``place``s it, False when it cannot be seen whole."""
        if ghost is not self._seen:
            return None
        self._editor.ensureCursorVisible()
        return self.place(ghost)

    def _bars_shown(self) -> bool:
        """Show or hide the scroll bars for the ranges set now, as Qt does when it next
        runs its queued call: True when that changed the viewport's size. A bar shown for
        the ghost (a short line's ghost past the right edge) narrows the view and Qt then
        sets the bar's range anew (to nothing, and hides it again: the ghost left the
        view), so the ghost is placed again in the view the bar leaves."""
        editor = self._editor
        size = editor.viewport().size()
        editor.setHorizontalScrollBarPolicy(editor.horizontalScrollBarPolicy())  # lays them out
        return editor.viewport().size() != size

    def _scrolled_painting(self, ghost: GhostText) -> Painting | None:
        """The ghost's painting once in view (the view scrolled down, then sideways, as
        needed), or None."""
        painting = self._scrolled_down(ghost)
        if painting is None or in_view(painting, self._editor):
            return painting
        return self._scrolled_sideways(ghost, painting)

    def _scrolled_down(self, ghost: GhostText) -> Painting | None:
        """The ghost's painting once its lines are between the view's top and bottom (the
        view scrolled down a line at a time, the caret's line kept in view), or None."""
        editor, bar = self._editor, self._editor.verticalScrollBar()
        view = editor.viewport().rect()
        painting = self.painting(ghost)
        while painting is not None and view.contains(editor.cursorRect()):
            if _in_rows(painting, editor):
                return painting
            if bar.value() + 1 >= editor.document().lineCount():
                return None  # the caret's line is the top one already
            _scroll_to(bar, bar.value() + 1)
            painting = self.painting(ghost)
        return None

    def _scrolled_sideways(self, ghost: GhostText, painting: Painting) -> Painting | None:
        """With Line Wrap off, the ghost's painting once the view is scrolled right until it
        ends inside the view, the caret kept in view; None when it cannot be."""
        editor = self._editor
        shift = _across(text_rect(painting), editor)
        if (editor.lineWrapMode() != QPlainTextEdit.LineWrapMode.NoWrap or shift <= 0
                or editor.cursorRect().left() - shift < 0):
            return None
        bar = editor.horizontalScrollBar()
        _scroll_to(bar, bar.value() + shift)
        painting = self.painting(ghost)
        return painting if painting is not None and in_view(painting, editor) else None

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
        if not region.intersects(text_rect(painting).toAlignedRect()):
            return None
        self._seen = ghost
        return True


def _scroll_to(bar: QScrollBar, value: int) -> None:
    """Set ``bar`` to ``value``, past the end of its range if need be (Qt's stops with the
    text's last line at the bottom, its longest line's end at the right); Qt sets its own
    range again when the text's size changes."""
    bar.setMaximum(max(bar.maximum(), value))
    bar.setValue(value)

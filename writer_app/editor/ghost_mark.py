"""The mark behind a short ghost: a faint rounded patch in the ghost's colour.

A suggestion of a mark or two ("." after "The end", "，" in Chinese) is a few grey pixels
beside the caret: a tester pressing Tab to indent got a full stop he never saw. A ghost of
at most SHORT_GHOST_CHARS characters other than spaces is drawn on a rounded patch of its
own colour, faint (MARK_ALPHA) with an outline (EDGE_ALPHA), so that it is seen however
little ink it has; a longer one is seen by its length and looks as before. The short ghost
is drawn a little right of the caret (PAD), inside its patch, which stops short of the
caret and reaches as far past the text (at least MIN_MARK_WIDTH line heights wide).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPen, QTextLayout

from writer_app.editor.cursor_text import utf16_len

SHORT_GHOST_CHARS = 2  # a ghost of at most this many characters besides spaces is marked
MARK_ALPHA = 0.25  # the patch's opacity over the base colour
EDGE_ALPHA = 0.6  # its one-pixel outline's
MIN_MARK_WIDTH = 0.55  # line heights
PAD = 0.12  # line heights: the short ghost's indent, the patch after its text, its rounding
INSET = 0.08  # line heights kept clear above and below the patch


def is_short(text: str) -> bool:
    """True when ``text`` has at most SHORT_GHOST_CHARS characters besides white space."""
    return sum(not c.isspace() for c in text) <= SHORT_GHOST_CHARS


def mark_indent(text: str, height: float) -> float:
    """Pixels a short ghost ``text`` is drawn right of where it would be typed, so that it
    sits inside its mark clear of the caret (PAD of the line ``height``); 0 for a longer one."""
    return PAD * height if is_short(text) else 0.0


def short_mark(layout: QTextLayout, text: str, gap: float, limit: float) -> QRectF | None:
    """Where the patch behind ``text`` (the ghost's part at the start of ``layout``, laid
    out, placed and indented by mark_indent) goes, in the layout's pixels: from ``gap``
    pixels before its text (the indent less the caret's width) to PAD line heights after
    it, at least MIN_MARK_WIDTH wide but not past ``limit`` (the right edge of a wrapped
    line's view), on the line that ends the ghost. None when ``text`` is not short or is
    not laid out."""
    if not is_short(text) or layout.lineCount() == 0:
        return None
    end = utf16_len(text.rstrip())
    line = layout.lineForTextPosition(max(end - 1, 0))
    if not line.isValid():
        return None
    height = line.height()
    left = line.x() - gap
    text_end = line.cursorToX(end)[0]
    right = max(text_end, min(max(text_end + PAD * height, left + MIN_MARK_WIDTH * height), limit))
    return QRectF(left, line.y() + INSET * height, right - left, height * (1 - 2 * INSET))


def draw_mark(painter: QPainter, rect: QRectF, color: QColor) -> None:
    """Draw ``rect`` as the rounded patch of ``color`` at MARK_ALPHA, outlined at
    EDGE_ALPHA (before the text)."""
    faint, edge = QColor(color), QColor(color)
    faint.setAlphaF(MARK_ALPHA)
    edge.setAlphaF(EDGE_ALPHA)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(edge, 1.0))
    painter.setBrush(faint)
    radius = PAD * rect.height()
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
    painter.restore()

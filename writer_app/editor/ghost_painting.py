"""Painting the ghost text: its own QTextLayout over the viewport, never in the document.

GhostTextEdit (editor/ghost_editor.py) decides *whether* a suggestion is shown; this module
says *where and how* it is drawn. The suggestion, then the few closing characters that
followed the cursor (pushed along: ``He said| hello.``), are laid out from the caret to
the right edge of the cursor's line and, where they wrap, over the full width of the
lines below, on the base colour; a first word the right edge would not hold starts on the
line below instead (the spaces before it left at the end of the caret's line), as Qt's
word wrap will place it once it is typed. With Line Wrap off the ghost goes on to the right
on the caret's line, as the text does (editor/ghost_view.py scrolls sideways for it). A
short ghost ("." or "，") has a faint rounded mark behind it (editor/ghost_mark.py). Only
the cursor's line of the block's existing layout is read and nothing in the document
changes (Qt relayouts a whole block on every change to it: ~1 s on a 1 MB line), so
showing or hiding the ghost costs only the repaint of the rectangles it covers.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPaintDevice,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit

from writer_app.editor.cursor_text import utf16_len
from writer_app.editor.ghost_mark import draw_mark, mark_indent, short_mark
from writer_app.editor.ghost_text import GhostText
from writer_app.text.chars import is_cjk

_UNWRAPPED = 1e7  # pixels: the width of a ghost line with Line Wrap off (never reached)


class Painting(NamedTuple):
    """How the ghost is drawn, in viewport coordinates (pixels)."""

    layout: QTextLayout  # its text, placed
    clear: list[QRectF]  # what to fill with the base colour under it
    mark: QRectF | None  # the mark behind a short ghost (ghost_mark.short_mark), or None


# The least share of the placeholder colour over the background: Qt's default is the text
# colour at half alpha, #7f7f7f on white, 3.9:1, under the 4.5:1 readable text needs
# (WCAG 2.1, 1.4.3); at 0.55 black on white gives #737373, 4.7:1, still plainly grey.
MIN_GHOST_ALPHA = 0.55


def muted_color(palette: QPalette) -> QColor:
    """The placeholder-text colour made opaque over the background, at least
    MIN_GHOST_ALPHA of it, so it follows light and dark themes and stays readable."""
    fg = QColor(palette.color(QPalette.ColorRole.PlaceholderText))
    bg = QColor(palette.color(QPalette.ColorRole.Base))
    a = max(fg.alphaF(), MIN_GHOST_ALPHA)
    return QColor.fromRgbF(
        fg.redF() * a + bg.redF() * (1 - a),
        fg.greenF() * a + bg.greenF() * (1 - a),
        fg.blueF() * a + bg.blueF() * (1 - a),
    )


def ghost_format(palette: QPalette) -> QTextCharFormat:
    """The character format of the suggestion's text: the muted colour."""
    fmt = QTextCharFormat()
    fmt.setForeground(muted_color(palette))
    return fmt


def lay_out_ghost(editor: QPlainTextEdit, ghost: GhostText, after: str) -> Painting | None:
    """The ghost's own layout (``ghost.text`` muted, then ``after``, the closing characters
    it pushes along), placed in ``editor``'s viewport coordinates, the rectangles to clear
    under it (the rest of the cursor's line and, where it wraps, the full width of each line
    below it covers) and the mark behind a short one. With Line Wrap off it is one line
    going on to the right, as the text would once typed. None when the block at
    ``ghost.position`` has no layout yet. Reads only the cursor's line of the block's
    existing layout; changes nothing."""
    doc = editor.document()
    block = doc.findBlock(ghost.position)
    block_layout = block.layout()
    if not block.isValid() or block_layout is None or block_layout.lineCount() == 0:
        return None
    in_block = ghost.position - block.position()
    line = block_layout.lineForTextPosition(in_block)
    if not line.isValid():
        return None
    origin = editor.blockBoundingGeometry(block).translated(editor.contentOffset()).topLeft()
    left, top = origin.x() + line.x(), origin.y() + line.y()
    right = left + line.width()
    caret_x = origin.x() + line.cursorToX(in_block)[0]
    option = QTextOption(doc.defaultTextOption())
    wraps = option.wrapMode() != QTextOption.WrapMode.NoWrap
    text = ghost.text + after
    indent = mark_indent(ghost.text, line.height())  # a short ghost sits inside its mark
    below = wraps and starts_below(text, doc.defaultFont(), right - caret_x - indent, right - left - indent,
                                   editor.viewport())
    # The spaces before a word that starts below end the caret's line, unseen, where Qt's
    # word wrap leaves them: the line below starts with the word (it began " could see").
    skip = len(text) - len(text.lstrip()) if below else 0
    layout = QTextLayout(text[skip:], doc.defaultFont(), editor.viewport())
    layout.setTextOption(option)
    muted = QTextLayout.FormatRange()
    shown = ghost.text[skip:]
    muted.start, muted.length, muted.format = 0, utf16_len(shown), ghost_format(editor.palette())
    layout.setFormats([muted])
    width = editor.viewport().width()
    clear = []
    y = top
    if below:
        clear.append(QRectF(caret_x + editor.cursorWidth(), y, width, line.height()))
        y += line.height()  # the caret's line keeps only what is typed; the ghost starts below
    layout.beginLayout()
    while (ghost_line := layout.createLine()).isValid():
        first = y == top
        x = (caret_x if first else left) + indent
        ghost_line.setLineWidth(max(1.0, right - x) if wraps else _UNWRAPPED)
        # On the cursor's line the ghost sits on the text's baseline: a line holding Han
        # characters takes the CJK fallback font's larger ascent, which a Latin-only
        # ghost lacks (it was drawn raised beside "func" in Chinese text).
        lift = line.ascent() - ghost_line.ascent() if first else 0.0
        ghost_line.setPosition(QPointF(x, y + lift))
        clear_x = caret_x + editor.cursorWidth() if first else 0.0
        clear.append(QRectF(clear_x, y, width - clear_x, max(ghost_line.height(), line.height())))
        y += max(ghost_line.height(), line.height())
    layout.endLayout()
    # Trailing characters that had wrapped below the cursor's line: clear them too.
    for i in range(line.lineNumber() + 1, block_layout.lineCount()):
        below_line = block_layout.lineAt(i)
        rect = QRectF(0, origin.y() + below_line.y(), width, below_line.height())
        if rect.top() >= y:
            clear.append(rect)
    limit = width if wraps else _UNWRAPPED  # a wrapped line's mark stays in the view
    return Painting(layout, clear, short_mark(layout, shown, indent - editor.cursorWidth(), limit))


def starts_below(text: str, font: QFont, room: float, full: float, device: QPaintDevice) -> bool:
    """True when Qt's word wrap would put the first word of ``text``, typed at the caret,
    on the next line: that word, with the spaces before it, is wider than the ``room``
    pixels left on the caret's line, while a whole line (``full`` pixels) holds the word.
    A word ends at a space or beside a CJK character (which breaks anywhere), so Chinese
    fills the line. Measured on ``device`` (the viewport), as the ghost's own layout is."""
    start = len(text) - len(text.lstrip())
    if start == len(text):
        return False  # spaces only: they hang at the end of the line
    end = next((i for i in range(start + 1, len(text)) if not _joined(text[i - 1], text[i])), len(text))
    metrics = QFontMetricsF(font, device)
    return metrics.horizontalAdvance(text[:end]) > room and metrics.horizontalAdvance(text[start:end]) <= full


def _joined(a: str, b: str) -> bool:
    return not (a.isspace() or b.isspace() or is_cjk(a) or is_cjk(b))


def covered_area(painting: Painting | None) -> QRect:
    """The viewport pixels a painting covers (empty for None): what to repaint to hide it."""
    area = QRect()
    if painting is None:
        return area
    for rect in [*painting.clear, *([painting.mark] if painting.mark is not None else [])]:
        area = area.united(rect.toAlignedRect())
    return area


def draw_ghost(editor: QPlainTextEdit, painting: Painting) -> None:
    """Clear the rectangles under the ghost with the base colour and draw its layout on
    ``editor``'s viewport (called from paintEvent, after Qt has drawn the text)."""
    painter = QPainter(editor.viewport())
    base = editor.palette().color(QPalette.ColorRole.Base)
    for rect in painting.clear:
        painter.fillRect(rect, base)
    if painting.mark is not None:
        draw_mark(painter, painting.mark, muted_color(editor.palette()))
    painter.setPen(editor.palette().color(QPalette.ColorRole.Text))
    painting.layout.draw(painter, QPointF(0, 0))
    painter.end()

"""Copy and paste as plain text only, measured before anything is inserted.

Qt's own copy also offers HTML, Markdown and ODF, made from the selection when first asked
for any format, in time that grows faster than its length (a 40,000-character line:
~1 s, 80,000: ~4 s): pasting a long copied line froze the app for minutes before the
long-line rule (editor/long_lines.py) could refuse it. A plain-text editor has no
formatting to carry, so GhostTextEdit copies ``text/plain`` only and pastes the
``text/plain`` bytes, refused when they would make a line too long to edit.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QStringListModel
from PySide6.QtGui import QTextCursor

from writer_app.editor.long_lines import MAX_EDITABLE_LINE_CHARS, longest_after_insert, paste_refusal


def plain_text_mime(text: str) -> QMimeData:
    """A QMimeData holding only ``text`` as ``text/plain`` (UTF-8), made by Qt itself.

    One constructed in Python carries a Python wrapper that the clipboard deletes, or asks
    for data, at exit after Python has shut down: the process then dies of SIGSEGV. An item
    model's ``mimeData`` is a plain QMimeData allocated and owned by C++; its own format is
    removed.
    """
    model = QStringListModel([""])
    mime = model.mimeData([model.index(0)])
    for fmt in mime.formats():
        mime.removeFormat(fmt)
    mime.setText(text)
    return mime


def pasted_text(source: QMimeData) -> str | None:
    """The ``text/plain`` of ``source`` decoded as UTF-8 (bad bytes as U+FFFD; preferred
    to any HTML), or None when it has none (e.g. a list of file URLs). The bytes are read,
    not ``source.text()``, so nothing is converted before it is measured."""
    if not source.hasFormat("text/plain"):
        return None
    return source.data("text/plain").data().decode("utf-8", "replace")


def paste_refusal_at(cursor: QTextCursor, text: str) -> str | None:
    """Why ``text`` may not replace ``cursor``'s selection (a sentence for the status bar),
    or None when it may: refused when a line would grow past MAX_EDITABLE_LINE_CHARS."""
    doc = cursor.document()
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    first, last = doc.findBlock(start), doc.findBlock(end)
    longest = longest_after_insert(start - first.position(), last.position() + last.length() - 1 - end, text)
    return paste_refusal(longest) if longest > MAX_EDITABLE_LINE_CHARS else None

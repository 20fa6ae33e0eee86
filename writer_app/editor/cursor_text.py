"""Reading the text around the cursor without touching the rest of the document.

Per keystroke the editor needs only a few KB before the cursor (the model's context)
and a few characters after it (is this the end of the line?). A QTextCursor selection
costs time proportional to what it selects, unlike ``toPlainText()`` which copies the
whole document.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtGui import QTextCursor, QTextDocument

_MOVE = QTextCursor.MoveMode.MoveAnchor
_KEEP = QTextCursor.MoveMode.KeepAnchor


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Qt text positions (𠀀 is two)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _selected(doc: QTextDocument, start: int, end: int) -> str:
    cursor = QTextCursor(doc)
    cursor.setPosition(start, _MOVE)
    cursor.setPosition(end, _KEEP)
    # selectedText() marks block breaks with U+2029.
    return cursor.selectedText().replace("\u2029", "\n")


def text_before(doc: QTextDocument, position: int, max_chars: int) -> str:
    """Up to ``max_chars`` UTF-16 units before ``position``, block breaks as '\\n'."""
    text = _selected(doc, max(0, position - max_chars), position)
    # A cut through a surrogate pair leaves a lone low surrogate at the start.
    return _drop_lone_surrogate(text) if text else text


def _drop_lone_surrogate(text: str) -> str:
    return text[1:] if "\udc00" <= text[0] <= "\udfff" else text


def text_after_in_block(doc: QTextDocument, position: int, max_chars: int) -> str:
    """Up to ``max_chars`` after ``position``, stopping at the end of its block."""
    block = doc.findBlock(position)
    block_end = block.position() + block.length() - 1
    return _selected(doc, position, min(block_end, position + max_chars))


def document_text(doc: QTextDocument) -> str:
    """The whole text exactly as stored: ``toPlainText()`` would turn no-break spaces
    into spaces and U+2028 into newlines, which a save must not do."""
    return doc.toRawText().replace("\u2029", "\n")


# Code points a QTextDocument keeps as structure, not text: U+2029 is its block
# separator, U+FDD0/U+FDD1 mark where a frame begins and ends, and CR ends a block;
# setPlainText() turns each into a block break, read back as '\n'. All others are kept
# (tests/ui/test_files.py checks every code point).
NOT_KEPT_BY_EDITOR = "\r\u2029\ufdd0\ufdd1"


def chars_not_kept(text: str) -> list[str]:
    """The characters of NOT_KEPT_BY_EDITOR that ``text`` holds, in that order."""
    return [ch for ch in NOT_KEPT_BY_EDITOR if ch in text]


def not_kept_problem(text: str, kept: str) -> str | None:
    """Why saving what the editor holds (``kept``) would not give back the ``text`` it was
    given: a sentence naming the characters of NOT_KEPT_BY_EDITOR it turned into line
    breaks; None when it holds ``text`` as it was."""
    if kept == text:
        return None
    names = " and ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip()
                         for ch in chars_not_kept(text)) or "characters"
    return f"It holds {names}, which this editor shows and saves as line breaks."

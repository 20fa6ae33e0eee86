"""Word and character counts kept up to date per edit, in time proportional to the edit.

Counts are cached per block (paragraph). On ``contentsChange(position, removed, added)``
the blocks now covering [position, position + added] are recounted, and they replace
as many cached entries as there were blocks before the change (known from the change
in block count). The ghost text is not in the document, so it is never counted. A
selection's counts (``count_range``) reuse the cached counts of the blocks it covers
whole, so selecting all of a long document costs a sum, not a recount.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextDocument

from writer_app.editor.text_stats import count_chars, count_words


class WordCounter(QObject):
    """Live totals for one document; ``changed(words, chars)`` after each edit."""

    changed = Signal(int, int)

    def __init__(self, doc: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._words: list[int] = []
        self._chars: list[int] = []
        self.words = self.chars = 0
        self.recount()
        doc.contentsChange.connect(self._on_change)

    def recount(self) -> None:
        """Count the whole document (at start and when a change report is inconsistent)."""
        self._words, self._chars = [], []
        block = self._doc.firstBlock()
        while block.isValid():
            text = block.text()
            self._words.append(count_words(text))
            self._chars.append(count_chars(text))
            block = block.next()
        self._publish()

    def _publish(self) -> None:
        self.words, self.chars = sum(self._words), sum(self._chars)
        self.changed.emit(self.words, self.chars)

    def _on_change(self, position: int, _removed: int, added: int) -> None:
        doc = self._doc
        old_blocks, new_blocks = len(self._words), doc.blockCount()
        last_pos = min(position + added, doc.characterCount() - 1)
        first = doc.findBlock(position)
        last = doc.findBlock(last_pos)
        if not first.isValid() or not last.isValid():
            self.recount()
            return
        lo, hi = first.blockNumber(), last.blockNumber()
        old_hi = hi - (new_blocks - old_blocks)
        if lo > old_hi + 1 or old_hi >= old_blocks or lo < 0:
            self.recount()
            return
        words, chars = [], []
        block = first
        for _ in range(hi - lo + 1):
            text = block.text()
            words.append(count_words(text))
            chars.append(count_chars(text))
            block = block.next()
        self.words += sum(words) - sum(self._words[lo : old_hi + 1])
        self.chars += sum(chars) - sum(self._chars[lo : old_hi + 1])
        self._words[lo : old_hi + 1] = words
        self._chars[lo : old_hi + 1] = chars
        self.changed.emit(self.words, self.chars)

    def count_range(self, start: int, end: int) -> tuple[int, int]:
        """(words, characters) of the document's text between positions ``start`` and
        ``end`` (a selection), as count_words / count_chars would count that text."""
        doc = self._doc
        first, last = doc.findBlock(start), doc.findBlock(max(start, end))
        if not first.isValid() or not last.isValid() or len(self._words) != doc.blockCount():
            return 0, 0
        lo, hi = first.blockNumber(), last.blockNumber()
        if lo == hi:
            text = first.text()[start - first.position():end - first.position()]
            return count_words(text), count_chars(text)
        head = first.text()[start - first.position():]
        tail = last.text()[:end - last.position()]
        return (count_words(head) + sum(self._words[lo + 1:hi]) + count_words(tail),
                count_chars(head) + sum(self._chars[lo + 1:hi]) + count_chars(tail))

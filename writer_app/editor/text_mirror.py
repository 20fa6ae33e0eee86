"""A copy of a QTextDocument's text as a list of lines, kept current edit by edit.

Autosave needs the whole text every few seconds while the user types. Reading it from
the document (``toRawText()``) costs ~100 ms on the GUI thread for a 30 MB document,
plus ~90 ms to turn its U+2029 block separators into newlines: a visible stall per
autosave. The mirror instead re-reads only the blocks an edit touched (``contentsChange``
gives the position; blocks past the edit are unchanged, and the change in the block count
says how many old blocks the edit replaced), so a snapshot is a copy of a list of
references (~2 ms for 225,000 lines) and joining and encoding happen on a worker thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextDocument

# An edit spanning more blocks than this (opening a file) marks the mirror stale instead
# of re-reading them one by one (~3 µs a block); it is rebuilt in one pass from
# toRawText() when next asked. A paste of up to this many lines stays incremental.
_REREAD_BLOCKS = 10_000


class TextMirror(QObject):
    """The lines of ``doc`` (block texts, exactly as ``document_text()`` joins them with
    "\\n": no-break spaces and U+2028 kept), updated on every ``contentsChange``.

    ``lines_changed(start, end, lines)``: old lines start..end-1 became ``lines`` (a list
    of str); end -1: all of them (the mirror was rebuilt). The engine's document cache
    follows the document by these (editor/suggestion_controller.py). The signal carries
    the list as a Python object: declared ``list``, PySide converts every string of it
    (1-1.5 s for a 40 MB file's 621k lines, each time the mirror is rebuilt)."""

    lines_changed = Signal(int, int, object)

    def __init__(self, doc: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._lines: list[str] | None = None  # None: stale, rebuild on the next read
        doc.contentsChange.connect(self._on_change)

    def invalidate(self) -> None:
        """Stop following edits until the next ``refresh()``/``lines()`` (a file loading
        in slices: reading each slice's blocks would be wasted)."""
        self._lines = None

    def refresh(self) -> None:
        """Read the whole text now if the mirror is stale (after opening a file)."""
        self._current()

    def lines(self) -> list[str]:
        """A copy of the current lines (the caller may keep it; later edits do not touch
        it). O(number of lines) reference copies, or one full read when stale."""
        return list(self._current())

    def _current(self) -> list[str]:
        lines = self._lines
        if lines is None or len(lines) != self._doc.blockCount():
            lines = self._lines = self._doc.toRawText().split("\u2029")
            self.lines_changed.emit(0, -1, list(lines))
        return lines

    def text(self) -> str:
        """The whole text, "\\n" between lines (for tests and checks)."""
        return "\n".join(self.lines())

    def _on_change(self, position: int, _removed: int, added: int) -> None:
        lines, doc = self._lines, self._doc
        if lines is None:
            return
        last = max(0, doc.characterCount() - 1)
        first_block = doc.findBlock(min(position, last))
        end_block = doc.findBlock(min(position + added, last))
        b0, b1 = first_block.blockNumber(), end_block.blockNumber()
        if b0 < 0 or b1 < b0 or b1 - b0 > _REREAD_BLOCKS:
            self._lines = None
            return
        # Blocks after b1 are the same before and after the edit; so are those before b0.
        # The old blocks b0..b1-grown were replaced by the new blocks b0..b1.
        grown = doc.blockCount() - len(lines)
        old_end = b1 - grown + 1
        if old_end < b0 or old_end > len(lines):
            self._lines = None
            return
        new: list[str] = []
        block = first_block
        for _ in range(b0, b1 + 1):
            new.append(block.text())
            block = block.next()
        lines[b0:old_end] = new
        self.lines_changed.emit(b0, old_end, new)

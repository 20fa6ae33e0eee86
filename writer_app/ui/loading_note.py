"""What the status bar says while a big file loads into a window (ui/file_loader.py).

"Loading… 40%", and once the file is read (before its text is in) whether it will open
read-only for a line too long to edit: a tester's file with a 5 MB line looked
editable-soon for minutes, until its message came with the last slice. A key that would
type while the editor is read-only for the load (ui/read_only_note.py) is answered at once,
with the percentage, and that answer stays through the progress updates for NOTE_S (each
update used to replace it within a few milliseconds: a tester's typing went unexplained).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from writer_app.files.names import shown_name
from writer_app.ui.status_bar import EditorStatusBar

NOTE_S = 6.0  # how long the answer to a typed key stays, as the window's other notes


def loading_text(name: str, percent: int, too_long: int | None, typed: bool) -> str:
    """The status bar's words for ``name`` loading, ``percent`` (0-100) of its text in;
    ``too_long``: the characters of its longest line when that is too long to edit (it
    will open read-only), else None; ``typed``: a key that would type was just pressed."""
    stays = (f"{name} will open read-only: it has a line of {too_long:,} characters, too long to edit."
             if too_long is not None else "")
    if not typed:
        return f"Loading… {percent}%" + (f". {stays}" if stays else "")
    if stays:
        return f"Nothing was typed: {name} is still loading ({percent}%), and {stays}"
    return f"Nothing was typed: {name} is still loading ({percent}%). You can edit it once it is all in."


class LoadingNote:
    """Keeps ``status``'s progress message (show_progress) to loading_text for the file
    ``name()`` names. Feed it ``progress(percent)``, ``too_long(characters)`` and
    ``typed()``; ``end()`` when no file is loading. ``clock``: seconds, monotonic."""

    def __init__(self, status: EditorStatusBar, name: Callable[[], str],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._status, self._name, self._clock = status, name, clock
        self._percent = 0
        self._too_long: int | None = None
        self._typed_at: float | None = None

    def progress(self, percent: int) -> None:
        """``percent`` of the text is in the editor."""
        self._percent = percent
        self._show()

    def too_long(self, characters: int) -> None:
        """The file read has a line of ``characters``, too long to edit: say it will open read-only."""
        self._too_long = characters
        self._show()

    def typed(self) -> None:
        """A key that would type was pressed (and kept from the editor): say why at once."""
        self._typed_at = self._clock()
        self._show()

    def end(self) -> None:
        """No file is loading (it is in, or it failed): forget this load and take its
        message away if it is still shown."""
        self._percent, self._too_long, self._typed_at = 0, None, None
        self._status.end_progress()

    def _show(self) -> None:
        typed = self._typed_at is not None and self._clock() - self._typed_at < NOTE_S
        text = loading_text(self._name(), self._percent, self._too_long, typed)
        if self._status.currentMessage() != shown_name(text):  # each slice: only when it changed
            self._status.show_progress(text)

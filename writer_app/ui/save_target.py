"""Where Save As may write: the checks between the writer's choice of a path and the
write, in an order that never asks a question whose answer cannot be honoured (a tester
answered "Replace" to first.txt, then was told it was open in another window and nothing
was saved)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from writer_app.files.path_state import path_state
from writer_app.ui.prompts import Prompter


def refused_target(prompter: Prompter, path: Path, open_elsewhere: Callable[[Path], bool],
                   chosen: bool) -> bool:
    """True, having said why, when Save As must not write to ``path``: another Inkling
    window holds it (``open_elsewhere``: two windows of one file would overwrite each
    other), said before anything is asked; or, for a path ``chosen`` in the Save As dialog,
    a file is there and the writer does not confirm replacing it (asked in a QuestionBox:
    Qt's own question took a typed "y" for Yes, and a tester's file was replaced). Where
    it cannot be told whether a file is there (a folder on the way cannot be entered),
    nothing is asked: the write fails and says why."""
    if open_elsewhere(path):
        prompter.error("File open in another window",
                       f"{path.name} is open in another Inkling window. Save it there, or "
                       "close that window first, or choose another name. Nothing was saved.")
        return True
    return chosen and path_state(path).exists and not prompter.confirm(
        "Replace file?", f"{path.name} already exists in {path.parent}. Replace it with this text?", "Replace")

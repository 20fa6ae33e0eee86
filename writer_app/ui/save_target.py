"""Where Save As may write: the checks between the writer's choice of a path and the
write, in an order that never asks a question whose answer cannot be honoured (a tester
answered "Replace" to first.txt, then was told it was open in another window and nothing
was saved); the questions before overwriting a file (``confirm_overwrite``); and where
the Save dialog of an untitled document starts (``untitled_path``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QTextDocument

from writer_app.files.document_file import is_read_only, on_read_only_file_system
from writer_app.files.encoding_guess import guess_question
from writer_app.files.names import name_from_text
from writer_app.files.path_state import path_state
from writer_app.files.text_codec import TextFormat, can_encode
from writer_app.ui.prompts import OverwriteChoice, Prompter

if TYPE_CHECKING:
    from writer_app.ui.document_controller import DocumentController

FIRST_LINES = 100  # lines looked through for the first one with words (blank ones before it)


def untitled_path(folder: Path | None, document: QTextDocument) -> Path:
    """What the Save dialog of the untitled ``document`` proposes: in ``folder`` (the one
    last used for opening or saving; None: the home folder), a name made of the first
    words of its first line with any among the first FIRST_LINES (files.names.name_from_text,
    as LibreOffice and TextEdit do), else "Untitled"; ".txt"."""
    block, line = document.firstBlock(), ""
    for _ in range(FIRST_LINES):
        if not block.isValid() or line.strip():
            break
        line, block = block.text(), block.next()
    return (folder or Path.home()) / f"{name_from_text(line) or 'Untitled'}.txt"


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


def confirm_overwrite(doc: DocumentController, path: Path, fmt: TextFormat) -> bool | None:
    """Ask before ``doc`` overwrites ``path`` in ``fmt``: a read-only file (once per path,
    kept in ``doc.read_only_ok``: vim's rule, so root is asked too), the opened file when
    saving would change parts not edited (also after the writer chose to overwrite a version
    another program saved: a tester's yes to that rewrote the bytes the file was damaged at
    without a word), or, in the file's own format, one whose encoding was
    guessed; on a read-only file system, say so and ask where instead. None to go on;
    else what the save returns."""
    prompter, facts = doc.prompter, doc.facts
    if path_state(path).exists and on_read_only_file_system(path):  # "overwrite anyway" would fail
        prompter.error("Cannot save here", f"{path.parent} is on a read-only file system, so "
                       f"{path.name} cannot be changed there. Your text is still here, unsaved: "
                       "choose another place to save it.")
        return doc.save_as()
    choice = OverwriteChoice.OVERWRITE
    if path != doc.read_only_ok and is_read_only(path):
        choice = prompter.ask_overwrite_read_only(path)
        if choice is OverwriteChoice.OVERWRITE:
            doc.read_only_ok = path
    if (choice is OverwriteChoice.OVERWRITE and facts.problem
            and path == doc.path and path_state(path).exists):
        choice = prompter.ask_overwrite_inexact(path, facts.problem)
    if (choice is OverwriteChoice.OVERWRITE and facts.guessed and (path, fmt) == (doc.path, doc.fmt)
            and can_encode(doc.editor.document_text(), fmt)):  # else the UTF-8 question says it
        choice = OverwriteChoice.OVERWRITE if prompter.confirm("Check the encoding", guess_question(
            path.name, fmt.label), f"Save in {fmt.label}", "Cancel") else OverwriteChoice.CANCEL
    if choice is OverwriteChoice.OVERWRITE:
        return None
    if choice is OverwriteChoice.SAVE_ELSEWHERE:
        return doc.save_as()
    doc.message.emit(f"Not saved: {path.name} is as it was.")
    return False

"""After a crash: the recovery question asked at start-up, and its answer carried out.

``offer`` asks about the entries dead sessions left (ui/recovery_question.py) and restores
or discards the ones chosen; the others stay in the recovery folder for the next start.
``restore_entry`` puts one entry's text in a window (one window per file), with a wait
cursor and a status-bar note while it goes in: restoring 40 MB takes seconds, and a
tester's Restore click went unanswered for 20 s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from writer_app.files.recovery import RecoveryEntry, RecoveryStore
from writer_app.ui.prompts import Prompter
from writer_app.ui.recovery_question import RestoreAnswer, RestoreChoice
from writer_app.ui.window_host import WindowHost

if TYPE_CHECKING:
    from writer_app.ui.main_window import MainWindow


def offer(store: RecoveryStore, host: WindowHost, prompter: Callable[[], Prompter]) -> None:
    """Offer the unsaved work of the sessions that ended without closing (``store``'s
    orphans), if any, and do what was answered with the entries chosen: restore each into
    a window of ``host`` (restore_entry), or discard it. Entries not chosen, and all of
    them after Not now, stay for the next start. Work another Inkling took meanwhile is
    said in one message (``prompter``: the Prompter of the moment)."""
    orphans = store.orphans()
    answer = prompter().ask_restore(orphans) if orphans else RestoreAnswer(RestoreChoice.LATER)
    gone = []
    for entry in () if answer.choice is RestoreChoice.LATER else answer.chosen:
        if answer.choice is RestoreChoice.RESTORE:
            try:
                restore_entry(host, entry)
            except OSError:  # another Inkling offered it too and took it (a tester's quit here)
                gone.append(entry.title)
        store.discard(entry.entry_id)
    store.forget_dead_sessions()
    if gone:
        prompter().error("Already recovered", f"The unsaved work of {', '.join(gone)} was restored "
                         "or discarded in another Inkling window meanwhile.")


def restore_entry(host: WindowHost, entry: RecoveryEntry) -> None:
    """One window per file: recovered text of a file already open (or still loading)
    goes into that window (its text is the file's, older than the recovered one). If
    that window has changes of its own (or is a second entry of the same file), or the
    file was saved again after the autosave (a tester's Not now, then Save: Restore put
    the older text in place of the newer and Save would have overwritten it), the text
    opens as an untitled copy, so neither can overwrite the other unasked. The window
    is brought forward with the caret at the end of the text, ready to type on (a
    tester's typing after Restore went nowhere, then to the top of the document).
    Raises OSError if the entry's text cannot be read."""
    source = entry.source
    owner = host.window_of(source) if source is not None else None
    open_with_changes = owner is not None and owner.document.modified
    as_copy = open_with_changes or entry.saved_again_since
    window = owner if owner is not None and not as_copy else next(
        (w for w in host.windows if w.document.is_pristine), None) or host.new_window()
    with _busy(window, f"Restoring {entry.title}…"):
        window.document.restore(entry, as_copy=as_copy)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.raise_()
    window.activateWindow()
    window.editor.setFocus()
    if as_copy:
        why = ("is open in another window with other unsaved changes" if open_with_changes
               else "was saved again after this text was autosaved")
        window.status.showMessage(
            f"Recovered text of {entry.title}, opened as a copy: {entry.title} {why}. "
            "Use Save As to keep it.", 30000)


@contextmanager
def _busy(window: MainWindow, note: str) -> Iterator[None]:
    """A wait cursor, and ``note`` in ``window``'s status bar, shown before the body runs
    (painted now: the event loop does not turn until it is done) and taken away after."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    window.status.show_progress(note)
    window.repaint()
    try:
        yield
    finally:
        window.status.end_progress()
        QApplication.restoreOverrideCursor()

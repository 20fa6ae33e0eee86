"""One window's document: its file, encoding, saving, autosave and closing.

The rules that keep a user's words safe live here:
- saves are atomic; a failed save shows why and leaves the document modified;
- a file changed on disk since it was opened is not overwritten without asking;
- text the file's encoding cannot hold is not silently lost (offer UTF-8 instead);
- unsaved work goes to the recovery folder after a few idle seconds, and while typing
  goes on never more than ``AUTOSAVE_MAX_WAIT_S`` after the first change not yet there;
  the snapshot is a copy of a line list (TextMirror), written on a worker thread, so
  autosave never stalls typing; a failed autosave is reported until one succeeds;
- closing with unsaved changes asks first.
The text saved is the document's, read with ``document_text()``: ghost text is never in it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from writer_app.editor.cursor_text import not_kept_problem
from writer_app.editor.ghost_editor import GhostTextEdit
from writer_app.editor.long_lines import limit_long_lines, read_only_reason
from writer_app.editor.text_mirror import TextMirror
from writer_app.files.atomic_write import SaveError
from writer_app.files.document_file import (
    FileFacts,
    FileStamp,
    LoadedDocument,
    OpenError,
    changed_on_disk,
    is_read_only,
    read_document,
    write_document,
)
from writer_app.files.path_state import PathState, lookup, path_state
from writer_app.files.recovery import (
    AUTOSAVE_MAX_WAIT_S,
    AutosaveResult,
    AutosaveSchedule,
    RecoveryEntry,
    RecoveryStore,
    Snapshot,
)
from writer_app.files.text_codec import TextFormat, UnencodableTextError, save_format
from writer_app.ui.disk_watch import DiskWatch
from writer_app.ui.file_loader import ASYNC_BYTES, FileLoader
from writer_app.ui.prompts import CloseChoice, Prompter
from writer_app.ui.save_target import confirm_overwrite, refused_target, untitled_path


class DocumentController(QObject):
    """File state of one editor.

    Signals: ``state_changed()`` (title, path, modified flag or encoding changed),
    ``message(str)`` (a status-bar note), ``opened(Path)`` and ``saved(Path)`` (for the
    recent-files list), ``load_progress(int)`` while a big file loads, ``load_read_only(int)``
    once it is read if it will open read-only (its longest line's characters, too long to
    edit; its message is given then, not when the text is in), ``load_failed()`` if unreadable,
    ``autosave_problem_changed(str)`` when autosave starts failing (a sentence naming the
    document) or works again (""). ``clock`` (seconds, monotonic) is the autosave
    schedule's; tests pass their own.
    """

    state_changed = Signal()
    message = Signal(object)  # str; object keeps a name's undecodable bytes (names.py) for the sink
    opened = Signal(Path)
    saved = Signal(Path)
    load_progress = Signal(int)
    load_read_only = Signal(int)
    disk_changed = Signal(object)  # another program changed or removed the file (a sentence, str)
    load_failed = Signal()  # a file loading in the background could not be read (said already)
    autosave_problem_changed = Signal(object)  # str
    _written = Signal(object)  # AutosaveResult, from the recovery store's worker thread

    def __init__(self, editor: GhostTextEdit, prompter: Prompter, recovery: RecoveryStore | None,
                 autosave_idle_s: float, parent: QObject | None = None, *,
                 autosave_max_wait_s: float = AUTOSAVE_MAX_WAIT_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.editor, self.prompter, self.recovery = editor, prompter, recovery
        self.path: Path | None = None
        # What this window knows of its file that saving over it depends on (kept in the
        # recovery entry, so restored text asks what the file asked).
        self.facts = FileFacts()
        self.recovery_id = RecoveryStore.new_entry_id()
        self._untitled_name = "Untitled"  # the title while there is no path
        self._copy_of: Path | None = None  # the file a recovered copy came from
        self._clock = clock
        self._schedule = AutosaveSchedule(autosave_idle_s, autosave_max_wait_s)
        # The document's lines, kept for autosave and for the engine's document cache (which
        # learns from the document whether or not there is a recovery store).
        self._mirror = TextMirror(editor.document(), self)
        self._queued_revision: int | None = None  # the revision last sent to the store
        self._ticket = 0  # numbers the snapshots sent; results of older ones are stale
        self._discarded_ticket = 0  # results up to this ticket belong to a discarded entry
        self._autosave_problem = ""
        self._written.connect(self._on_written)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.timeout.connect(self.autosave_now)
        self.set_autosave_idle(autosave_idle_s)
        self._loader = FileLoader(editor, self)
        self._loader.progress.connect(self.load_progress)
        self._loader.too_long.connect(self.load_read_only)  # said in the status bar, then in a message
        self._loader.too_long.connect(
            lambda n: self.prompter.error("Opened read-only", read_only_reason(self.title(), n)))
        self._loader.finished.connect(self._on_loaded)
        self._loader.failed.connect(self._on_load_failed)
        self._pending_path: Path | None = None
        self._disk = DiskWatch(lambda: (self.path, self.stamp), editor)  # goes with the editor
        self._disk.changed.connect(self._on_disk_changed)
        # Whether another window of this app holds a file (set by the window): Save As
        # there would leave two windows for one file, each overwriting the other.
        self.open_elsewhere: Callable[[Path], bool] = lambda _path: False
        # The folder last used for opening or saving (set by the app): an untitled Save As starts there.
        self.last_folder: Callable[[], Path | None] = lambda: None
        doc = editor.document()
        doc.contentsChanged.connect(self._on_changed)
        doc.modificationChanged.connect(lambda _m: self.state_changed.emit())

    # ------------------------------------------------------------------ queries

    @property
    def modified(self) -> bool:
        """The writer's text differs from the file: edited, or the file on disk changed or
        removed by another program since; an untitled one, while it holds text (typed in
        and emptied again, it has nothing to lose: closing it does not ask). Never while a
        file loads: the part of it in the editor so far is the file's, not an edit."""
        doc = self.editor.document()
        edited = doc.isModified() and not (self.path is None and doc.isEmpty())
        return (edited or self._disk_differs) and not self.loading

    def let_go(self) -> None:
        """The writer chose to lose what is unsaved here (Quit → Discard All)."""
        self._disk_differs = False
        self.editor.document().setModified(False)

    @property
    def file(self) -> Path | None:
        """The file this window is for: its path, or the file still loading into it (so
        the title and crash recovery know it before its text is in)."""
        return self.path if self.path is not None else self._pending_path

    @property
    def mirror(self) -> TextMirror:
        """The document's lines kept edit by edit (for autosave and the engine's document
        cache), with or without a recovery store."""
        return self._mirror

    @property
    def loading(self) -> bool:
        return self._loader.busy

    @property
    def is_pristine(self) -> bool:
        """Untitled, empty and unmodified: a window a newly opened file may reuse."""
        return (self.path is None and not self.modified and not self.loading
                and self.editor.document().isEmpty())

    def title(self) -> str:
        file = self.file
        return file.name if file is not None else self._untitled_name

    @property
    def autosave_problem(self) -> str:
        """Why the last autosave failed, naming the document; "" while autosave works."""
        return self._autosave_problem

    def set_autosave_idle(self, seconds: float) -> None:
        """Idle seconds before an autosave (the bound from the first change stays)."""
        self._schedule.idle_s = max(0.1, seconds)

    # ------------------------------------------------------------------ opening

    def load(self, path: Path) -> bool:
        """Open ``path`` in this editor. Big files load in the background (True means
        started); errors are shown and return False."""
        path = Path(path)
        st = lookup(path)[1]  # None: read_document reports the real problem
        if st is not None and st.st_size > ASYNC_BYTES:
            self._pending_path = path.absolute()
            self.message.emit(f"Opening {path.name}…")
            self._mirror.invalidate()  # read once when loaded (_adopt), not per slice
            self._loader.start(path)
            return True
        try:
            loaded = read_document(path)
        except OpenError as exc:
            self.prompter.error("Cannot open file", str(exc))
            return False
        self.editor.set_document_text(loaded.text)
        self._adopt(path, loaded)
        return True

    def begin_new_file(self, path: Path) -> None:
        """Start the file ``path``, which does not exist yet (named on the command line, as
        editors take it): an empty document titled with its name, which Save writes there
        without asking where, in UTF-8; if something appears at that path meanwhile, the
        save asks before replacing it (FileStamp.absent)."""
        self.path = Path(path).absolute()
        self.facts = FileFacts(TextFormat(), FileStamp.absent())
        self._disk.follow()
        self.message.emit(f"New file {self.path.name}: it is written when you save")
        self.state_changed.emit()

    def reopen_with(self, encoding: str) -> bool:
        """Read the file again from disk, decoded as ``encoding`` (File → Reopen with
        Encoding: the detected encoding was wrong); later saves use it too. Unsaved
        changes are offered for saving first (in the current encoding). A file that is not
        valid in ``encoding`` is reported and the text stays as it was. Not undoable, as
        opening is not. True when reopened."""
        if self.path is None or self.loading:
            return False
        if self.editor.document().isModified():  # edits (not only a newer file on disk)
            choice = self.prompter.ask_save_changes(self.path.name, "reopening it")
            if choice is CloseChoice.CANCEL or (choice is CloseChoice.SAVE and not self.save()):
                return False
        try:
            loaded = read_document(self.path, encoding=encoding)
        except OpenError as exc:
            self.prompter.error("Cannot reopen file", str(exc))
            return False
        self.editor.set_document_text(loaded.text)
        self._adopt(self.path, loaded)
        return True

    def _on_loaded(self, loaded: LoadedDocument) -> None:
        path, self._pending_path = self._pending_path, None
        if path is not None:
            self._adopt(path, loaded, said=True)  # its long line, if any, was said when read

    def _on_load_failed(self, message: str) -> None:
        self._loader.cancel()
        self._pending_path = None
        self.prompter.error("Cannot open file", message)
        self.state_changed.emit()
        self.load_failed.emit()

    _empty = True  # the text was empty at the last change
    _disk_differs = False  # another program changed or removed the file since it was opened or saved
    read_only_ok: Path | None = None  # a read-only file the writer chose to overwrite (save_target)

    @property
    def fmt(self) -> TextFormat:
        """The file's format (facts.fmt): what Save writes."""
        return self.facts.fmt

    @property
    def stamp(self) -> FileStamp | None:
        """The file as last read or saved (facts.stamp; None: not known)."""
        return self.facts.stamp

    def _adopt(self, path: Path, loaded: LoadedDocument, said: bool = False) -> None:
        self.path = path.absolute()
        self._disk_differs = False
        self.editor.document().setModified(False)
        self._mirror.refresh()  # read the new text now, not at the first autosave
        problems = (loaded.facts.problem, not_kept_problem(loaded.text, self.editor.document_text()))
        self.facts = replace(loaded.facts, problem=" ".join(p for p in problems if p) or None)
        self._disk.follow()
        self.read_only_ok = None
        long_lines = limit_long_lines(self.editor, path.name, loaded.text)
        self.opened.emit(self.path)
        read_only = ", read-only" if is_read_only(self.path) else ""
        self.message.emit(f"Opened {path.name}: {loaded.facts.fmt.description}{read_only}")
        self.state_changed.emit()
        if self.facts.problem:
            self.prompter.error(
                "This file cannot be saved exactly as it was",
                f"{path.name} is open, but saving it would also change parts of it you did not "
                f"edit. {self.facts.problem} To keep the file as it is, save your text under another "
                "name with Save As.")
        if long_lines and not said:
            self.prompter.error("Opened read-only", long_lines)

    def restore(self, entry: RecoveryEntry, as_copy: bool = False) -> None:
        """Fill the editor with recovered text; it stays modified until saved. A file
        still loading is abandoned (the recovered text replaces it). ``as_copy``: the
        entry's file is open elsewhere with changes of its own, or was saved again after
        the autosave (recovery_offer.restore_entry), so this window gets no path (Save
        asks where, suggesting "NAME (recovered).ext" beside the file) and cannot
        overwrite it unasked."""
        if self.loading:
            self._loader.cancel()
            self._pending_path = None
        text = entry.read_text()
        self.editor.set_document_text(text)
        long_lines = limit_long_lines(self.editor, entry.title, text)
        # The file as the text was based on, not as it is now: a save asks if another
        # program changed it since (an old entry without a stamp always asks), and what
        # opening it asked (saving would change parts not edited; a guessed encoding).
        self.path = entry.source
        self.facts = entry.facts
        if as_copy:
            name = Path(entry.title)
            self._untitled_name = f"{name.stem} (recovered){name.suffix}"
            self._copy_of = entry.source
            self.path = None
        if self.path is None or path_state(self.path) is PathState.MISSING:
            self.facts = replace(self.facts, stamp=None)
        self._disk.follow()
        self.editor.document().setModified(True)
        self.autosave_now()
        self.state_changed.emit()
        if long_lines:
            self.prompter.error("Opened read-only", long_lines)

    # ------------------------------------------------------------------- saving

    def save(self, gone_asked: bool = False) -> bool:
        """Save to the file (Save As where there is none, or its folder is gone); not
        while a file loads (said at once). ``gone_asked``: the writer was told the file is
        gone from disk (ask_save_changes(gone=True)) and answered Save. True when saved."""
        if self._still_loading():
            return False
        if self.path is None or path_state(self.path.parent) in (PathState.MISSING, PathState.FILE):
            return self.save_as()  # untitled, or its folder is gone
        return self._write(self.path, self.fmt, check_disk=not (gone_asked and self.gone_from_disk))

    @property
    def gone_from_disk(self) -> bool:
        """True when the file this text was opened from or saved to is no longer there."""
        return (self.path is not None and self.stamp not in (None, FileStamp.absent())
                and path_state(self.path) is PathState.MISSING)

    def save_as(self, path: Path | None = None, fmt: TextFormat | None = None) -> bool:
        """Save to ``path`` (None: ask where), in ``fmt`` (None: the file's own format);
        not to a file open in another window, nor over a file chosen unless confirmed
        (save_target.refused_target); not while a file loads (said, no dialog opened)."""
        if self._still_loading():
            return False
        chosen = path is None
        if chosen:
            suggested = self.path or (self._copy_of.with_name(self._untitled_name) if self._copy_of is not None
                                      else untitled_path(self.last_folder(), self.editor.document()))
            path = self.prompter.save_path(suggested)
            if path is None:
                return False
        path = Path(path).absolute()
        if refused_target(self.prompter, path, self.open_elsewhere, chosen):
            return False
        same = self.path is not None and path == self.path
        return self._write(path, fmt or self.fmt, check_disk=same)

    def save_as_encoding(self, encoding: str) -> bool:
        """File → Save with Encoding: Save As, the text written in ``encoding`` (one of
        text_codec.SAVE_ENCODINGS, as text_codec.save_format has it); later saves use it.
        Text the encoding cannot hold asks to save as UTF-8 instead."""
        return self.save_as(None, save_format(encoding, self.fmt))

    def _still_loading(self) -> bool:
        """True, having said so, while a file loads: until it is all in, the window has no
        path (Save would ask where) and its text is not the file's."""
        if self.loading:
            self.prompter.error("Cannot save yet", f"{self.title()} is still loading: save it once it is all in.")
        return self.loading

    def _write(self, path: Path, fmt: TextFormat, check_disk: bool, confirmed: bool = False) -> bool:
        changed = check_disk and changed_on_disk(path, self.stamp)
        if changed and not self.prompter.ask_overwrite_changed(path):
            self.message.emit(f"Not saved: {path.name} was " + (
                "deleted or moved since." if path_state(path) is PathState.MISSING else "changed on disk since."))
            return False
        if not confirmed:
            refused = confirm_overwrite(self, path, fmt)
            if refused is not None:
                return refused
        text = self.editor.document_text()
        try:
            stamp = write_document(path, text, fmt)
        except UnencodableTextError as exc:
            if not self.prompter.ask_save_as_utf8(str(exc), chosen=fmt != self.fmt):
                self.message.emit("Not saved.")
                return False  # UTF-8 with the mark of a file that had one (as Notepad writes it)
            return self._write(path, TextFormat("utf-8", self.fmt.bom, fmt.newline), check_disk=False,
                               confirmed=True)
        except SaveError as exc:
            self.prompter.error("Save failed", f"{exc}\n\nYour text is still here, unsaved. "
                                "Try Save As to save it somewhere else.")
            self.message.emit(str(exc))
            return False
        # The file now holds exactly what the editor does, in an encoding the writer was
        # asked about or chose (Save with Encoding).
        self.path, self._disk_differs = path, False
        self.facts = FileFacts(fmt, stamp)
        self._disk.follow()
        self.editor.document().setModified(False)
        self._discard_recovery()
        self.saved.emit(path)
        self.message.emit(f"Saved {path.name}")
        self.state_changed.emit()
        return True

    def _on_disk_changed(self, sentence: str) -> None:
        """Another program changed or removed the file: the text here is no longer what
        is on disk, so it counts as unsaved (the title's *, autosave, asked on close)."""
        self._disk_differs = True
        self._on_changed()  # autosaved like an edit
        self.state_changed.emit()
        self.disk_changed.emit(sentence)

    # ----------------------------------------------------------------- autosave

    def _on_changed(self) -> None:
        empty = self.editor.document().isEmpty()
        if empty != self._empty:  # an untitled one's ``modified`` flips (Qt's modificationChanged does not)
            self._empty = empty
            if self.path is None:
                self.state_changed.emit()
        if self.loading or self.recovery is None:
            return
        now = self._clock()
        self._schedule.changed(now)
        self._start_autosave_timer(self._schedule.due_in(now) or 0.0)

    def _start_autosave_timer(self, seconds: float) -> None:
        self._autosave.start(max(0, round(seconds * 1000)))

    def autosave_now(self) -> bool:
        """Send a snapshot of unsaved work to the recovery folder (written on the store's
        worker thread; a failure sets ``autosave_problem``), or drop the entry if the text
        is saved. True when the current text is written or on its way."""
        if self.recovery is None or self.loading:
            return False
        if not self.modified:
            self._discard_recovery()
            return False
        self._schedule.taken()
        revision = self.editor.revision
        if self._queued_revision == revision:
            return True
        self._queued_revision = revision
        self._ticket += 1
        snapshot = Snapshot(self.recovery_id, self._mirror.lines(), self.path, self.title(),
                            self.facts, time.time(), self._ticket)
        self.recovery.save_in_background(snapshot, self._written.emit)
        return True

    def flush_autosave(self, timeout_s: float = 10.0) -> bool:
        """Autosave now and wait until it is written (the app is about to end without
        asking, e.g. on SIGTERM). True when the write is done (a failure is reported as
        for any autosave) or nothing is unsaved; False without a store while modified, or
        after ``timeout_s`` seconds."""
        if self.recovery is None or not self.autosave_now():
            return not self.modified
        return self.recovery.wait_idle(timeout_s)

    def _on_written(self, result: AutosaveResult) -> None:
        if result.tag <= self._discarded_ticket:
            return  # the entry was discarded (saved or closed) since
        if result.error is None:
            self.set_autosave_problem("")
            return
        if result.tag == self._ticket:
            self._queued_revision = None  # the text on screen is not on disk: send it again
        self.set_autosave_problem(result.message)
        if not self._autosave.isActive():
            self._start_autosave_timer(self._schedule.max_wait_s)  # try again

    def set_autosave_problem(self, problem: str) -> None:
        """Say (autosave_problem_changed) that autosave fails, and why; "": it works."""
        if problem != self._autosave_problem:
            self._autosave_problem = problem
            self.autosave_problem_changed.emit(problem)

    def _discard_recovery(self) -> None:
        self._autosave.stop()
        self._schedule.taken()
        self._queued_revision = None
        self._discarded_ticket = self._ticket
        self.set_autosave_problem("")  # nothing unsaved is left to lose
        if self.recovery is not None:
            self.recovery.discard(self.recovery_id)

    # ------------------------------------------------------------------ closing

    def confirm_close(self) -> bool:
        """True if the window may close (saved, discarded, or nothing to lose)."""
        if not self.modified:
            return True
        gone = self.gone_from_disk
        choice = self.prompter.ask_save_changes(self.title(), gone=gone)
        if choice is CloseChoice.SAVE:
            return self.save(gone_asked=gone)
        return choice is CloseChoice.DISCARD

    def closed(self) -> None:
        """The window is gone: stop timers and drop its recovery entry."""
        self._loader.cancel()
        self._disk.stop()
        self._discard_recovery()

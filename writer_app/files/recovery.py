"""Autosave of unsaved work to a recovery folder, and finding it again after a crash.

Layout of the folder::

    sessions/<session>.lock     locked while that app session runs
    <entry>.txt                 the unsaved text, UTF-8
    <entry>.json                what it belongs to (session, original path) and the
                                file's facts (FileFacts: encoding, the stamp of the version
                                the text was based on, what a save over it must ask)

An entry is an orphan (to be offered for restore) when its session's lock is free,
i.e. the process that wrote it has exited without cleaning up: a crash or kill -9.
A clean close removes the session's entries and lock.

When to autosave is ``AutosaveSchedule``'s rule (idle, but never later than a bound
from the first unsaved change). Writing happens off the GUI thread:
``RecoveryStore.save_in_background`` takes a ``Snapshot`` (the text as a list of lines,
cheap to take) and one worker thread joins, encodes and writes it; a newer snapshot of an
entry replaces an older one still waiting, so an older text never overwrites a newer one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from writer_app.files.atomic_write import SaveError, atomic_write_bytes
from writer_app.files.document_file import FileFacts, FileStamp, OpenError, read_document
from writer_app.files.path_state import PathState, path_state
from writer_app.files.session_lock import Timeout, is_locked, process_lock
from writer_app.files.text_codec import TextFormat, first_difference

FORMAT_VERSION = 1
# A steady typist never pauses for the idle delay: the bound on how long a change may wait
# for autosave, counted from the first change not yet autosaved. 4 s plus the write keeps
# the recovery copy under 5 s behind the screen while typing goes on.
AUTOSAVE_MAX_WAIT_S = 4.0
PRIVATE_FOLDER = 0o700  # the recovery folder's mode: its owner's alone
PREVIEW_CHARS = 60  # the first words shown in the recovery prompt, in characters
_LINES_PER_CHUNK = 4096  # lines joined per step on the worker (keeps each GIL hold short)


class AutosaveSchedule:
    """When unsaved changes are due for autosave (pure logic; times in seconds, any clock).

    Due ``idle_s`` after the last change, but never later than ``max_wait_s`` after the
    first change not yet in a snapshot: a timer restarted by every keystroke alone never
    fires for someone who types without pausing (the "steady typist" bug).
    """

    def __init__(self, idle_s: float, max_wait_s: float = AUTOSAVE_MAX_WAIT_S) -> None:
        self.idle_s, self.max_wait_s = idle_s, max_wait_s
        self._first: float | None = None
        self._last: float | None = None

    @property
    def pending(self) -> bool:
        """True while changes wait for a snapshot."""
        return self._first is not None

    def changed(self, now: float) -> None:
        """The text changed at ``now``."""
        if self._first is None:
            self._first = now
        self._last = now

    def due_in(self, now: float) -> float | None:
        """Seconds from ``now`` until the autosave is due (0.0 if overdue); None if no
        change is waiting."""
        if self._first is None or self._last is None:
            return None
        due = min(self._last + self.idle_s, self._first + self.max_wait_s)
        return max(0.0, due - now)

    def taken(self) -> None:
        """A snapshot of the text was taken: changes from now on wait anew."""
        self._first = self._last = None


@dataclass(frozen=True)
class Snapshot:
    """The text of one document at one moment, for ``save_in_background``.

    ``lines`` are the text's lines without their ``"\\n"`` separators (a list the caller no
    longer changes); ``facts`` are the file ``source``'s as the text was based on (read or
    last saved: its stamp None if unknown); ``tag`` is the caller's, handed back in the
    ``AutosaveResult`` (e.g. the editor's revision); ``saved_at`` is seconds since the epoch.
    """

    entry_id: str
    lines: Sequence[str]
    source: Path | None
    title: str
    facts: FileFacts
    saved_at: float
    tag: int = 0


@dataclass(frozen=True)
class AutosaveResult:
    """What became of a snapshot: ``error`` None means it is on disk."""

    entry_id: str
    tag: int
    title: str
    error: OSError | None

    @property
    def message(self) -> str:
        """A sentence naming the document (not the entry file) and the cause."""
        if self.error is None:
            return f"{self.title} is autosaved."
        cause = self.error.cause if isinstance(self.error, SaveError) else self.error
        reason = cause.strerror or str(cause) or type(cause).__name__
        where = f" (in {self.error.path.parent})" if isinstance(self.error, SaveError) else ""
        return f"Autosave of {self.title} failed: {reason[:1].lower()}{reason[1:]}{where}."


def encode_lines(lines: Sequence[str]) -> bytes:
    """UTF-8 of ``"\\n".join(lines)`` (lone surrogates kept), built in chunks of lines so a
    worker thread never holds the GIL for long (one join of 30 MB would: ~80 ms)."""
    parts = []
    for start in range(0, len(lines), _LINES_PER_CHUNK):
        chunk = "\n".join(lines[start:start + _LINES_PER_CHUNK])
        parts.append(chunk.encode("utf-8", "surrogatepass"))
    return b"\n".join(parts)


@dataclass(frozen=True)
class RecoveryEntry:
    """An autosaved text: ``source`` is the file it was opened from (None if untitled);
    ``facts`` are what the window knew of that file (FileFacts), so a save after restoring
    asks what it would have asked before the crash: its stamp is the file as the text was
    based on (a save asks when another program changed it since), its problem and guess
    the questions of the file as opened. Entries written before stamps were recorded get
    ``FileStamp.unknown()`` (the file may have changed: ask); None when there is no
    source. Entries written before problems and guesses were recorded have none."""

    entry_id: str
    session: str
    source: Path | None
    title: str
    facts: FileFacts
    saved_at: float  # seconds since the epoch
    text_path: Path
    # unsaved_preview's answers by max_chars: the file is compared once per entry read
    _previews: dict[int, str | None] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def fmt(self) -> TextFormat:
        return self.facts.fmt

    @property
    def stamp(self) -> FileStamp | None:
        return self.facts.stamp

    @property
    def saved_again_since(self) -> bool:
        """True when the entry's file was written after this autosave (by the writer's own
        later save, or another program): its text on disk is newer than the entry's."""
        return self.source is not None and _mtime(self.source) > self.saved_at

    def read_text(self) -> str:
        return self.text_path.read_text(encoding="utf-8", errors="surrogatepass")

    def preview(self, max_chars: int = PREVIEW_CHARS) -> str:
        """The first words of the text (whitespace collapsed, "…" if cut); reads only the
        start of the file. Empty if the file cannot be read."""
        try:
            with self.text_path.open("rb") as f:
                head = f.read(max_chars * 4 + 64)
        except OSError:
            return ""
        words = head.decode("utf-8", "ignore").split()
        text = " ".join(words)
        if len(text) <= max_chars and len(head) < max_chars * 4 + 64:
            return text
        cut = text[:max_chars + 1]
        cut = cut[:cut.rfind(" ")] if " " in cut[max_chars // 2:] else cut[:max_chars]
        return cut.rstrip() + "…"

    def unsaved_preview(self, max_chars: int = PREVIEW_CHARS) -> str | None:
        """Where the text first differs from its file on disk: the words from there
        ("…" around them when cut), "" when it holds what the file holds; None when
        there is no file to compare with (untitled, gone, unreadable, too big to open).
        Reads the whole file and text (the recovery prompt only), once per entry object
        and ``max_chars``: orphans() and describe() ask the same entry. About 0.3 s for
        50 MB (reading and decoding; first_difference compares 64 KB slices)."""
        if max_chars not in self._previews:
            self._previews[max_chars] = self._changed_words(max_chars)
        return self._previews[max_chars]

    def _changed_words(self, max_chars: int) -> str | None:
        if self.source is None:
            return None
        try:
            on_disk = read_document(self.source, encoding=self.fmt.encoding).text
            text = self.read_text()
        except (OSError, OpenError):
            return None
        at = first_difference(text, on_disk)
        if at == len(text) == len(on_disk):
            return ""
        word = text.rfind(" ", 0, at)  # from the word before the one that changed
        start = max(text.rfind(" ", 0, max(word, 0)) + 1, at - max_chars // 3, 0)
        shown = " ".join(text[start:start + max_chars * 2].split())
        cut = shown[:max_chars].rstrip() + ("…" if len(shown) > max_chars else "")
        return ("…" if start > 0 else "") + cut

    def describe(self, now: float | None = None) -> str:
        """One line for the recovery prompt: describe_parts joined by ": "."""
        return ": ".join(self.describe_parts(now))

    def describe_parts(self, now: float | None = None) -> tuple[str, str]:
        """The entry for the recovery prompt, in two parts: its name, folder and when it was
        saved; then the words where it differs from its file (unsaved_preview) or, with no
        file to compare with, its first words.

        Two entries of the same file (two windows) differ in time or words. ``now``
        (seconds since the epoch, default the current time) decides whether the date is
        shown.
        """
        saved = datetime.fromtimestamp(self.saved_at)
        today = datetime.fromtimestamp(time.time() if now is None else now).date()
        when = saved.strftime("%H:%M:%S") if saved.date() == today else saved.strftime(
            "%d %b %Y %H:%M:%S")
        where = f" in {self.source.parent}" if self.source is not None else ""
        if self.source is not None and path_state(self.source) is PathState.MISSING:
            # a file named on the command line was never written: not "gone" (a tester)
            where += " (not saved yet)" if self.stamp == FileStamp.absent() else " (no longer there)"
        elif self.saved_again_since:
            where += " (saved again since)"
        head = f"{self.title}{where}, autosaved {when}"
        changed = self.unsaved_preview()
        if changed == "":
            return head, "the same as the file on disk"
        if changed is not None:
            return head, f"unsaved changes from \u201c{changed}\u201d"
        words = self.preview()
        return head, (f"\u201c{words}\u201d" if words else "(empty)")


def _mtime(path: Path) -> float:
    """``path``'s modification time in seconds since the epoch (0 when unreadable)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


class RecoveryStore:
    """One app session's view of the recovery folder. Call ``start()`` before use."""

    def __init__(self, folder: Path, session: str | None = None) -> None:
        self.folder = Path(folder)
        self.session = session or uuid.uuid4().hex
        self._lock_path = self.folder / "sessions" / f"{self.session}.lock"
        self._lock = process_lock(self._lock_path)
        self._executor: ThreadPoolExecutor | None = None
        # _pending: the newest snapshot of each entry not yet written (under _state);
        # _io: held while an entry's files are written or removed, so a discard waits
        # for a write in progress instead of racing it.
        self._pending: dict[str, tuple[Snapshot, Callable[[AutosaveResult], None]]] = {}
        self._state = threading.Lock()
        self._io = threading.Lock()

    def start(self) -> None:
        """Create the folder, private to its owner (mode 0700, as an existing one is made:
        the autosaves hold text the writer never saved, of private files too, and new
        files in it get the umask's 0644), and take this session's lock. Raises OSError. A
        store that could not start tries again at each write (the folder may be fixed
        meanwhile)."""
        self.folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # not the writer's to change (a folder given them)
            os.chmod(self.folder, PRIVATE_FOLDER)
        self._lock_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except Timeout:
            raise OSError(f"recovery session {self.session} is already in use") from None

    def close(self, keep_entries: bool = False) -> None:
        """Clean exit: drop waiting writes, wait for the one in progress, remove this
        session's entries and release its lock. ``keep_entries``: the session ends with
        work the user neither saved nor discarded (SIGTERM at logout): waiting writes are
        finished instead, and the entries stay, to be offered at the next start."""
        if not keep_entries:
            with self._state:
                self._pending.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        for entry in [] if keep_entries else self._entries():
            if entry.session == self.session:
                self.discard(entry.entry_id)
        if self._lock.is_locked:
            # Unlink while still holding it, so no other session's fresh lock file is removed.
            try:
                self._lock_path.unlink()
            except OSError:
                pass
            self._lock.release()

    @staticmethod
    def new_entry_id() -> str:
        return uuid.uuid4().hex

    def save(self, entry_id: str, text: str, source: Path | None, title: str,
             fmt: TextFormat, stamp: FileStamp | None = None) -> None:
        """Write (or overwrite) an entry atomically, now, on this thread, for a file of
        format ``fmt`` stamped ``stamp`` (FileFacts; no problem, no guess). Raises OSError
        (SaveError)."""
        with self._io:
            self._write(entry_id, text.encode("utf-8", "surrogatepass"), source, title,
                        FileFacts(fmt, stamp), time.time())

    def save_in_background(self, snapshot: Snapshot,
                           done: Callable[[AutosaveResult], None]) -> None:
        """Write ``snapshot`` on the store's worker thread and call ``done`` there with the
        result (the caller passes it on to its own thread). A snapshot of the same entry
        still waiting is replaced (its ``done`` is not called): entries are written in
        order and an older text never lands after a newer one."""
        with self._state:
            waiting = snapshot.entry_id in self._pending
            self._pending[snapshot.entry_id] = (snapshot, done)
            if waiting:
                return
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="autosave")
            self._executor.submit(self._write_waiting, snapshot.entry_id)

    def wait_idle(self, timeout_s: float = 30.0) -> bool:
        """Block until every background write so far is done (tests, scripts). False on
        timeout."""
        with self._state:
            executor = self._executor
        if executor is None:
            return True
        return executor.submit(lambda: None).exception(timeout_s) is None

    def _write_waiting(self, entry_id: str) -> None:
        with self._io:
            with self._state:
                item = self._pending.pop(entry_id, None)
            if item is None:
                return  # discarded meanwhile
            snap, done = item
            error: OSError | None = None
            try:
                self._write(entry_id, encode_lines(snap.lines), snap.source, snap.title, snap.facts,
                            snap.saved_at)
            except OSError as exc:
                error = exc
            # Still under _io: once discard() returns, no callback of that entry runs.
            try:
                done(AutosaveResult(entry_id, snap.tag, snap.title, error))
            except Exception:
                pass  # the receiver is gone (its window closed): nothing to tell

    def _write(self, entry_id: str, data: bytes, source: Path | None, title: str,
               facts: FileFacts, saved_at: float) -> None:
        if not self._lock.is_locked:
            self.start()  # it could not start (a folder it could not write): maybe it can now
        atomic_write_bytes(self.folder / f"{entry_id}.txt", data)
        fmt, stamp = facts.fmt, facts.stamp
        meta = {
            "format_version": FORMAT_VERSION, "session": self.session, "title": title,
            "source": str(source) if source else None, "encoding": fmt.encoding, "bom": fmt.bom,
            "newline": fmt.newline, "saved_at": saved_at,
            "stamp": stamp.to_json() if stamp is not None else None,
            "problem": facts.problem, "guessed": facts.guessed,
        }
        atomic_write_bytes(self.folder / f"{entry_id}.json", json.dumps(meta, indent=1).encode())

    def discard(self, entry_id: str) -> None:
        """Remove an entry, and any write of it still waiting; a write in progress is
        waited for (so it cannot bring the entry back)."""
        with self._state:
            self._pending.pop(entry_id, None)
        with self._io:
            for suffix in (".json", ".txt"):
                try:
                    (self.folder / f"{entry_id}{suffix}").unlink()
                except OSError:
                    pass  # gone already, or the folder is unwritable: a leftover at worst

    def orphans(self) -> list[RecoveryEntry]:
        """Entries left by sessions that are no longer running, newest first, that hold
        something to recover (_worth_offering)."""
        live: dict[str, bool] = {}
        found = []
        for entry in self._entries():
            if entry.session == self.session:
                continue
            if entry.session not in live:
                live[entry.session] = is_locked(self.folder / "sessions" / f"{entry.session}.lock")
            if not live[entry.session]:
                found.append(entry)
        return self._worth_offering(sorted(found, key=lambda e: e.saved_at, reverse=True))

    def _worth_offering(self, entries: list[RecoveryEntry]) -> list[RecoveryEntry]:
        """``entries`` (newest first) less those with nothing to recover, which are
        discarded: the text its file on disk holds now (a crash just after a save), the
        same file and text as a newer entry (a tester's six alike after kill -9 at Save),
        or an untitled text of nothing but white space."""
        kept: list[RecoveryEntry] = []
        seen: set[tuple[Path | None, bytes]] = set()
        for entry in entries:
            try:
                key = (entry.source, hashlib.sha256(entry.text_path.read_bytes()).digest())
            except OSError:
                kept.append(entry)
                continue
            empty = entry.source is None and not entry.text_path.read_bytes().strip()
            if key in seen or empty or entry.unsaved_preview() == "":
                self.discard(entry.entry_id)
                continue
            seen.add(key)
            kept.append(entry)
        return kept

    def forget_dead_sessions(self) -> None:
        """Remove lock files of dead sessions that no longer own any entry."""
        owners = {e.session for e in self._entries()}
        for lock in (self.folder / "sessions").glob("*.lock"):
            if lock.stem not in owners and lock.stem != self.session and not is_locked(lock):
                try:
                    lock.unlink()
                except OSError:
                    pass

    def _entries(self) -> list[RecoveryEntry]:
        entries = []
        if path_state(self.folder) is not PathState.FOLDER:  # none, or one that cannot be looked in
            return entries
        for meta_path in self.folder.glob("*.json"):
            text_path = meta_path.with_suffix(".txt")
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                if meta.get("format_version") != FORMAT_VERSION or not text_path.is_file():
                    continue
                source = meta.get("source")
                if "stamp" not in meta:  # written before stamps: the base is unknown
                    stamp = FileStamp.unknown() if source else None
                else:
                    stamp = None if meta["stamp"] is None else FileStamp.from_json(meta["stamp"])
                problem = meta.get("problem")
                entries.append(RecoveryEntry(
                    entry_id=meta_path.stem, session=str(meta["session"]),
                    source=Path(source) if source else None,
                    title=str(meta.get("title", "Untitled")),
                    facts=FileFacts(
                        TextFormat(str(meta["encoding"]), bool(meta["bom"]), str(meta["newline"])),
                        stamp, None if problem is None else str(problem), bool(meta.get("guessed", False))),
                    saved_at=float(meta["saved_at"]), text_path=text_path,
                ))
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a half-written or foreign file: not ours to interpret
        return entries

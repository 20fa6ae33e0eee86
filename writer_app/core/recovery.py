"""Autosave of unsaved work to a recovery folder, and finding it again after a crash.

Layout of the folder::

    sessions/<session>.lock     locked while that app session runs
    <entry>.txt                 the unsaved text, UTF-8
    <entry>.json                what it belongs to (session, original path, encoding)

An entry is an orphan (to be offered for restore) when its session's lock is free,
i.e. the process that wrote it has exited without cleaning up: a crash or kill -9.
A clean close removes the session's entries and lock.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from writer_app.core.atomic_write import atomic_write_bytes
from writer_app.core.session_lock import FileLock, is_locked
from writer_app.core.text_codec import TextFormat

FORMAT_VERSION = 1


@dataclass(frozen=True)
class RecoveryEntry:
    """An autosaved text: ``source`` is the file it was opened from (None if untitled)."""

    entry_id: str
    session: str
    source: Path | None
    title: str
    fmt: TextFormat
    saved_at: float  # seconds since the epoch
    text_path: Path

    def read_text(self) -> str:
        return self.text_path.read_text(encoding="utf-8", errors="surrogatepass")


class RecoveryStore:
    """One app session's view of the recovery folder. Call ``start()`` before use."""

    def __init__(self, folder: Path, session: str | None = None) -> None:
        self.folder = Path(folder)
        self.session = session or uuid.uuid4().hex
        self._lock = FileLock(self.folder / "sessions" / f"{self.session}.lock")

    def start(self) -> None:
        """Create the folder and take this session's lock. Raises OSError."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self._lock.acquire():
            raise OSError(f"recovery session {self.session} is already in use")

    def close(self) -> None:
        """Clean exit: remove this session's entries and release its lock."""
        for entry in self._entries():
            if entry.session == self.session:
                self.discard(entry.entry_id)
        self._lock.release()

    @staticmethod
    def new_entry_id() -> str:
        return uuid.uuid4().hex

    def save(self, entry_id: str, text: str, source: Path | None, title: str,
             fmt: TextFormat) -> None:
        """Write (or overwrite) an entry atomically. Raises OSError (SaveError)."""
        atomic_write_bytes(self.folder / f"{entry_id}.txt", text.encode("utf-8", "surrogatepass"))
        meta = {
            "format_version": FORMAT_VERSION, "session": self.session, "title": title,
            "source": str(source) if source else None, "encoding": fmt.encoding, "bom": fmt.bom,
            "newline": fmt.newline, "saved_at": time.time(),
        }
        atomic_write_bytes(self.folder / f"{entry_id}.json", json.dumps(meta, indent=1).encode())

    def discard(self, entry_id: str) -> None:
        for suffix in (".json", ".txt"):
            try:
                (self.folder / f"{entry_id}{suffix}").unlink()
            except FileNotFoundError:
                pass

    def orphans(self) -> list[RecoveryEntry]:
        """Entries left by sessions that are no longer running, newest first."""
        live: dict[str, bool] = {}
        found = []
        for entry in self._entries():
            if entry.session == self.session:
                continue
            if entry.session not in live:
                live[entry.session] = is_locked(self.folder / "sessions" / f"{entry.session}.lock")
            if not live[entry.session]:
                found.append(entry)
        return sorted(found, key=lambda e: e.saved_at, reverse=True)

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
        if not self.folder.is_dir():
            return entries
        for meta_path in self.folder.glob("*.json"):
            text_path = meta_path.with_suffix(".txt")
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                if meta.get("format_version") != FORMAT_VERSION or not text_path.is_file():
                    continue
                source = meta.get("source")
                entries.append(RecoveryEntry(
                    entry_id=meta_path.stem, session=str(meta["session"]),
                    source=Path(source) if source else None,
                    title=str(meta.get("title", "Untitled")),
                    fmt=TextFormat(str(meta["encoding"]), bool(meta["bom"]), str(meta["newline"])),
                    saved_at=float(meta["saved_at"]), text_path=text_path,
                ))
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a half-written or foreign file: not ours to interpret
        return entries

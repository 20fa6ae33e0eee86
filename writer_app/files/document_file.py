"""Reading and writing a document's file, and noticing when someone else changed it.

``read_document`` refuses what the editor cannot hold (binary data, unknown encodings,
files over ``MAX_OPEN_BYTES``) and says when saving the text unedited would not give
back the file's bytes (``FileFacts.problem``); ``write_document`` saves atomically
in the file's own encoding; a FileStamp taken at open/save time tells whether the file
on disk was changed since (device, inode, size, modification and change times first,
then a content hash, so a mere ``touch`` is not a change but a same-size, same-mtime
replacement is).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
from pathlib import Path

from writer_app.files.atomic_write import atomic_write_bytes, target_path
from writer_app.files.encoding_guess import guessed_encoding
from writer_app.files.path_state import PathState, lookup, path_state
from writer_app.files.text_codec import (
    DecodeError,
    TextFormat,
    decode_as,
    decode_bytes,
    encode_text,
    round_trip_problem,
)

# Larger files are refused with a message rather than risking memory and a frozen window.
MAX_OPEN_BYTES = 64 * 1024 * 1024


class OpenError(Exception):
    """A file cannot be opened; ``str(err)`` is a sentence for the user."""


@dataclasses.dataclass(frozen=True)
class FileStamp:
    """What the file on disk looked like when we last read or wrote it (sizes in bytes,
    times in ns since the epoch; ``sha256`` of the bytes, hex)."""

    size: int
    mtime_ns: int
    sha256: str
    dev: int = 0
    ino: int = 0
    ctime_ns: int = 0

    @classmethod
    def of_bytes(cls, path: Path, data: bytes) -> FileStamp:
        st = os.stat(path)
        return cls(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest(),
                   st.st_dev, st.st_ino, st.st_ctime_ns)

    @classmethod
    def unknown(cls) -> FileStamp:
        """A stamp that matches no file (``changed_on_disk`` is True for every path): for
        text whose base version is not known, so saving over the file asks first."""
        return cls(-1, 0, "")

    @classmethod
    def absent(cls) -> FileStamp:
        """The stamp of a file that does not exist yet (a new file named on the command
        line): ``changed_on_disk`` is True once anything is at its path, so a save that
        would replace what another program put there asks first."""
        return cls(-2, 0, "")

    def to_json(self) -> dict[str, int | str]:
        """The fields as a JSON-ready dict (``from_json`` reads it back)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: object) -> FileStamp:
        """A stamp from ``to_json``'s dict. Raises TypeError or ValueError if malformed."""
        if not isinstance(data, dict):
            raise TypeError(f"a file stamp is a JSON object, not {type(data).__name__}")
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: (str(v) if k == "sha256" else int(v))
                      for k, v in data.items() if k in names})

    def same_stat(self, st: os.stat_result) -> bool:
        """True when ``st`` is the very file as stamped: same inode, size, mtime and
        ctime (which every write and ``utime`` moves on, and no user can set back)."""
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) == (
            self.dev, self.ino, self.size, self.mtime_ns, self.ctime_ns)


@dataclasses.dataclass(frozen=True)
class FileFacts:
    """What reading (or last saving) a file established that saving over it depends on:
    its format, its stamp (None: not known), why saving the text unedited would not give
    back its bytes (``problem``, a sentence; None when it would) and whether its encoding
    was a guess from few characters (``guessed``). The one definition a window's file
    state, an open (``LoadedDocument``) and a recovery entry share, so restored
    text is saved under the questions the file asked when opened."""

    fmt: TextFormat = TextFormat()
    stamp: FileStamp | None = None
    problem: str | None = None
    guessed: bool = False


@dataclasses.dataclass(frozen=True)
class LoadedDocument:
    """A file as read: its text and what the read established about it (FileFacts)."""

    text: str
    facts: FileFacts


def _human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def read_document(path: Path, max_bytes: int | None = None, encoding: str | None = None) -> LoadedDocument:
    """Read and decode ``path`` (at most ``max_bytes``, default MAX_OPEN_BYTES), in the
    detected encoding or in ``encoding`` when given (File → Reopen with Encoding). Only a
    regular file (after symbolic links) is opened: a named pipe, a device or a socket is
    refused before it is opened (its open or read could block or never end).

    Raises OpenError with a readable reason.
    """
    path = Path(path)
    max_bytes = MAX_OPEN_BYTES if max_bytes is None else max_bytes
    try:
        data = _read_regular_file(path, max_bytes)
    except OpenError:
        raise
    except FileNotFoundError:
        folder = next((p for p in path.parents if path_state(p) is PathState.FOLDER), None)
        if folder is not None and folder != path.parent:  # a first-day tester's mistyped folder
            raise OpenError(f"{path} does not exist: there is no folder {path.parent} "
                            f"(the nearest folder that exists is {folder}).") from None
        raise OpenError(f"{path} does not exist.") from None
    except PermissionError:
        raise OpenError(f"You do not have permission to read {path.name}.") from None
    except OSError as exc:
        raise OpenError(f"Could not read {path.name}: {exc.strerror or exc}.") from exc
    try:
        text, fmt = decode_bytes(data) if encoding is None else decode_as(data, encoding)
    except DecodeError as exc:
        raise OpenError(f"Cannot open {path.name}: {exc}") from exc
    return LoadedDocument(text, FileFacts(fmt, FileStamp.of_bytes(path, data), round_trip_problem(data, text, fmt),
                                          guessed=encoding is None and guessed_encoding(text, fmt)))


_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
                (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _refuse_unless_regular(path: Path, st: os.stat_result) -> None:
    """Raise OpenError unless ``st`` (of ``path``) is a regular file."""
    if stat.S_ISDIR(st.st_mode):
        raise OpenError(f"{path.name} is a folder, not a file.")
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _NOT_REGULAR if test(st.st_mode)), "not a file on disk")
        raise OpenError(f"{path.name} is not a regular file ({kind}); Inkling opens text files.")


def _read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path`` (st_size says nothing of a device's: /dev/zero
    is 0 and never ends). Opened without blocking and checked again once open, so a named
    pipe put at the path meanwhile is refused too. Raises OpenError or OSError."""
    st = os.stat(path)
    _refuse_unless_regular(path, st)
    if st.st_size > max_bytes:
        raise _too_big(path, _human_size(st.st_size), max_bytes)
    with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as f:
        _refuse_unless_regular(path, os.fstat(f.fileno()))
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew meanwhile
        raise _too_big(path, "over " + _human_size(max_bytes), max_bytes)
    return data


def _too_big(path: Path, size: str, max_bytes: int) -> OpenError:
    return OpenError(f"{path.name} is {size}; this editor opens files of up to {_human_size(max_bytes)}.")


def write_document(path: Path, text: str, fmt: TextFormat) -> FileStamp:
    """Encode and save atomically; returns the new stamp.

    Raises UnencodableTextError (nothing written) or SaveError (old file intact).
    """
    data = encode_text(text, fmt)
    atomic_write_bytes(path, data)
    return FileStamp.of_bytes(target_path(Path(path)), data)


def changed_on_disk(path: Path, stamp: FileStamp | None) -> bool:
    """True if ``path`` differs from ``stamp`` (also when it was deleted or its bytes
    cannot be read; for FileStamp.absent(), when anything is there now). False when
    ``stamp`` is None, or when it cannot be told whether anything is there (a folder on
    the way cannot be entered): nothing is known to have changed, and a save there fails
    and says why."""
    if stamp is None:
        return False
    state, st = lookup(path)
    if st is None:
        return state is PathState.MISSING and stamp != FileStamp.absent()
    if stamp == FileStamp.absent():
        return True
    if stamp.same_stat(st):
        return False
    if st.st_size != stamp.size or not stat.S_ISREG(st.st_mode):  # a pipe there now: not read
        return True
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() != stamp.sha256
    except OSError:
        return True


def on_read_only_file_system(path: Path) -> bool:
    """True when the folder of ``path`` is on a file system mounted read-only (statvfs's
    ST_RDONLY flag): nothing can be saved there, whatever the file's permissions say.
    False where that cannot be told (no such folder; a system without statvfs)."""
    try:
        return bool(os.statvfs(Path(path).parent).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def is_read_only(path: Path) -> bool:
    """True when ``path`` is a file that should not be overwritten without asking: no
    write bit is set for anyone, or this process may not write it (``os.access``). The
    first test is vim's and holds for root too, whom ``os.access`` always allows. False
    for a missing file."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_mode & 0o222 == 0 or not os.access(path, os.W_OK)

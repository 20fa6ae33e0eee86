"""Atomic file replacement: a save either fully happens or leaves the old file as it was.

The bytes go to a temporary file in the target's folder (same file system, so the
rename is atomic), which is flushed and fsync'ed, given the original's permission bits,
and moved over the target with ``os.replace``; the folder is fsync'ed so the rename
survives a power cut. On any failure the temporary file is removed and SaveError says
why in words. The pattern is novelWriter's (and most editors').
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "you do not have permission to write in that folder",
    errno.EPERM: "the operating system does not allow writing there",
    errno.EROFS: "the folder is on a read-only file system",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.EISDIR: "a folder of that name is in the way",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EIO: "the disk reported an input/output error",
}


class SaveError(OSError):
    """A save failed; ``str(err)`` is a sentence for the user. The old file is intact."""

    def __init__(self, path: Path, cause: OSError) -> None:
        reason = _REASONS.get(cause.errno or 0, cause.strerror or str(cause))
        super().__init__(cause.errno, f"Could not save {path.name}: {reason}.")
        self.path, self.cause = path, cause

    def __str__(self) -> str:
        return str(self.strerror)


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte (os.write may write fewer than asked)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform (Windows); the data itself is synced
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def target_path(path: Path) -> Path:
    """Where the bytes really go: a symlink is followed so that the link survives."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permission bits.

    Raises SaveError (an OSError) with a readable message; the original file is then
    untouched and no temporary file is left behind.
    """
    path = Path(path)
    target = target_path(path)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise SaveError(path, exc) from exc
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise SaveError(path, exc) from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    _fsync_dir(target.parent)

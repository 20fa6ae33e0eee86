"""Locks held for the life of a process, on top of the ``filelock`` package.

``filelock.FileLock`` takes the operating system's lock on the file (``fcntl.flock`` on
Unix, ``LockFileEx`` on Windows), which the kernel drops when the process dies, even by
``kill -9``; so "can I take this lock?" tells reliably (no pid-reuse problem) whether the
session or training run that owns some folder is still running.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

__all__ = ["FileLock", "Timeout", "is_locked", "process_lock"]


def process_lock(path: Path) -> FileLock:
    """A non-blocking exclusive lock on ``path``, for any thread of this process.

    ``acquire()`` raises ``filelock.Timeout`` at once if another holder (another process,
    or another lock object in this one) has it, and ``OSError`` if the file cannot be
    created (make its folder first). The file is created with mode 0o600.
    """
    return FileLock(path, timeout=0, mode=0o600, thread_local=False)


def is_locked(path: Path) -> bool:
    """True if a live process holds the lock on ``path``; False if the file is missing
    or its holder is gone (the probe takes the lock and gives it back at once).
    Raises OSError if the file cannot be opened."""
    path = Path(path)
    if not path.exists():
        return False
    probe = FileLock(path, timeout=0, thread_local=False)
    try:
        probe.acquire()
    except Timeout:
        return True
    probe.release()
    return False

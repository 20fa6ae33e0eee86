"""A folder the writer cannot enter (mode 000), for tests that also run as root.

A tester ran the app under ``unshare -U``, so that root's permission bypass was gone, and
a folder with mode 000 refused every look inside it: Python 3.11's ``Path.exists()`` then
raises PermissionError. Root (CI) ignores the mode, so there the OS's answer is injected
instead: each call that looks inside the folder (``os.stat``, ``os.lstat``, ``os.open``,
``open``, ``os.access``, ``os.statvfs``) or lists it (``os.scandir``, ``os.listdir``)
fails with EACCES, as it does for a normal user.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

_INSIDE = ("stat", "lstat", "open", "statvfs")  # os functions that look at a path inside
_LISTING = ("scandir", "listdir")  # os functions that read the folder itself


@contextmanager
def sealed(folder: Path) -> Iterator[Path]:
    """``folder`` with mode 000 while the block runs (755 again after it)."""
    folder.chmod(0)
    try:
        with pytest.MonkeyPatch.context() as monkeypatch:
            if _can_list(folder):  # root: the mode alone refuses nothing
                _inject_refusals(folder, monkeypatch)
            yield folder
    finally:
        folder.chmod(0o755)


def _can_list(folder: Path) -> bool:
    try:
        os.listdir(folder)
    except PermissionError:
        return False
    return True


def _inject_refusals(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    top = os.path.abspath(folder)

    def inside(path: object) -> bool:
        if isinstance(path, int):
            return False  # a file descriptor: already open
        name = os.path.abspath(os.fsdecode(path))  # type: ignore[arg-type]
        return name.startswith(top + os.sep)

    def refusing(real: Callable[..., object], refused: Callable[[object], bool]) -> Callable[..., object]:
        def call(path: object = ".", *args: object, **kwargs: object) -> object:
            if refused(path):
                raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
            return real(path, *args, **kwargs)
        return call

    for name in _INSIDE:
        monkeypatch.setattr(os, name, refusing(getattr(os, name), inside))
    for name in _LISTING:
        monkeypatch.setattr(os, name, refusing(getattr(os, name),
                                               lambda p: not isinstance(p, int) and (
                                                   inside(p) or os.path.abspath(os.fsdecode(p)) == top)))
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, *a, **k: not inside(path) and real_access(path, mode, *a, **k))
    opener = refusing(builtins.open, inside)
    monkeypatch.setattr(builtins, "open", opener)
    monkeypatch.setattr(io, "open", opener)

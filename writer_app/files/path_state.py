"""What is at a path the writer named: a file, a folder, nothing, or "cannot tell".

Python 3.11's ``Path.exists()``, ``is_file()`` and ``is_dir()`` answer False only when the
path is not found; any other error raises. A folder on the way that the writer cannot
enter (mode 000) raises PermissionError: a tester's Save As there failed without a word
and a file argument there stopped the app from starting. ``os.path.exists()`` answers
False instead, which is as wrong: a name that cannot be looked at is not a free name.
So the open, save and recovery paths ask ``path_state``, which keeps "cannot tell"
(``UNREACHABLE``) apart from "nothing there" (``MISSING``); the read or write that
follows an UNREACHABLE then fails and says why in the OS's own terms.
"""

from __future__ import annotations

import errno
import os
import stat
from enum import Enum
from pathlib import Path

_NOT_FOUND = (errno.ENOENT, errno.ENOTDIR)  # nothing there, or a part of the path is a file


class PathState(Enum):
    """What ``path_state`` found at a path."""

    MISSING = "missing"  # nothing there (no such file, or a part of the path is not a folder)
    FILE = "file"  # something that is not a folder: a file, a pipe, a device (links followed)
    FOLDER = "folder"
    UNREACHABLE = "unreachable"  # cannot tell: a folder on the way cannot be entered, an I/O error...

    @property
    def exists(self) -> bool:
        """Something is known to be there (a file or a folder)."""
        return self in (PathState.FILE, PathState.FOLDER)


def lookup(path: Path | str) -> tuple[PathState, os.stat_result | None]:
    """What is at ``path`` (symbolic links followed) and its ``os.stat`` (None unless
    FILE or FOLDER). Never raises: a path that cannot be looked at is UNREACHABLE; a
    name Python cannot pass to the OS (a NUL in it) is MISSING, as pathlib has it."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return (PathState.MISSING if exc.errno in _NOT_FOUND else PathState.UNREACHABLE), None
    except ValueError:
        return PathState.MISSING, None
    return (PathState.FOLDER if stat.S_ISDIR(st.st_mode) else PathState.FILE), st


def path_state(path: Path | str) -> PathState:
    """What is at ``path`` (lookup's first part). Never raises."""
    return lookup(path)[0]

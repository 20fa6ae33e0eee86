"""Noticing, while a file is open, that another program changed, replaced or removed it.

Saving already asks before it would replace another program's version
(``files.document_file.changed_on_disk``); this says so when it happens, as text editors
do, so the writer is not surprised at Save. QFileSystemWatcher (inotify on Linux) reports
the events; a rename over the file (how most programs save) ends the watch of the old
file, so the path is watched again after each event; while the file is gone its folder is
watched instead, so a file put back (restored, saved again by another program) is
noticed too. A file whose name Qt cannot hold (bytes that are not UTF-8: names.shown_name)
is watched through its folder: a replacement or removal is noticed, a rewrite in place
only at Save, which asks. Events are coalesced for
``SETTLE_MS`` and each state of the file on disk is reported once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from writer_app.files.document_file import FileStamp, changed_on_disk
from writer_app.files.names import shown_name
from writer_app.files.path_state import PathState, path_state

SETTLE_MS = 300  # another program's save is often several events (write, rename, chmod)
_NOTHING = object()  # no state reported yet (a file gone is the state None)


class DiskWatch(QObject):
    """Watches the file ``current()`` names (path, the stamp of the version this window
    holds); ``changed(sentence)`` when the file on disk no longer matches the stamp. Call
    ``follow()`` whenever the path or the stamp changes (open, save, restore)."""

    changed = Signal(object)  # a str: a Qt string would drop a name's undecodable bytes (names.py)

    def __init__(self, current: Callable[[], tuple[Path | None, FileStamp | None]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._current = current
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda _path: self._settle.start())
        self._watcher.directoryChanged.connect(lambda _path: self._settle.start())
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.check)
        self._reported: object = _NOTHING  # the disk state last reported (None: gone)

    def follow(self) -> None:
        """Watch the current path (again), forgetting what was reported: the window now
        holds a version of its own (opened, saved or restored)."""
        self._reported = _NOTHING
        self._rewatch()

    def stop(self) -> None:
        """Watch nothing (the window closed)."""
        self._settle.stop()
        self._unwatch()

    def _unwatch(self) -> None:
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)

    def _rewatch(self) -> None:
        """Watch the current path afresh (a watch of a file renamed over is a watch of the
        old file), or its folder while the file is gone."""
        self._unwatch()
        path, _stamp = self._current()
        if path is None:
            return
        if path_state(path).exists and shown_name(str(path)) == str(path):
            self._watcher.addPath(str(path))
        elif path_state(path.parent) is PathState.FOLDER:
            self._watcher.addPath(str(path.parent))

    def check(self) -> None:
        """Compare the file on disk with the stamp; say so once per new state of it."""
        self._rewatch()
        path, stamp = self._current()
        if path is None or stamp is None or stamp == FileStamp.absent() or not changed_on_disk(path, stamp):
            return
        state = _disk_state(path)
        if state == self._reported:
            return
        self._reported = state
        if state is None and path_state(path.parent) is not PathState.FOLDER:
            self.changed.emit(f"{path.name} and its folder were moved or deleted by another program. "
                              "Your text here stays as it is; Save asks where to put it.")
        elif state is None:
            self.changed.emit(f"{path.name} was moved or deleted by another program. Your text "
                              "here stays as it is; Save writes it there again.")
        else:
            self.changed.emit(f"{path.name} was changed on disk by another program. Your text "
                              "here stays as it is; Save asks before replacing that version.")


def _disk_state(path: Path) -> tuple[int, int, int] | None:
    """(size, mtime in ns, inode) of ``path``, None when it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino

"""Opening big files without freezing the window.

Reading and decoding run on a worker thread; the text then goes into the editor in
slices, one per event-loop turn, so the window keeps painting and answering input
while a file of tens of MB loads. Small files take the direct path (one call).
The whole text is decoded before the first slice goes in, so whether it has a line too
long to edit (it will open read-only) is known, and said (``too_long``), at the start,
not minutes later when the last slice is in.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QTextCursor

from writer_app.editor.ghost_editor import GhostTextEdit
from writer_app.editor.long_lines import too_long_to_edit
from writer_app.files.document_file import LoadedDocument, OpenError, read_document

# Files above this size are read on a worker thread and inserted in slices.
ASYNC_BYTES = 1024 * 1024
# Characters inserted per event-loop turn: ~10 ms of layout work on a slow machine.
SLICE_CHARS = 256 * 1024


class _ReadJob(QRunnable):
    def __init__(self, path: Path, sink: _ReadSignals) -> None:
        super().__init__()
        self._path, self._sink = path, sink

    def run(self) -> None:
        try:
            try:
                doc = read_document(self._path)
            except OpenError as exc:
                self._sink.failed.emit(str(exc))
            except Exception as exc:  # an unexpected error must still reach the user
                self._sink.failed.emit(f"Could not open {self._path.name}: {exc}")
            else:
                self._sink.read.emit((doc, too_long_to_edit(doc.text)))  # measured here, off the UI thread
        except RuntimeError:
            pass  # the window closed while reading


class _ReadSignals(QObject):
    read = Signal(object)  # (LoadedDocument, too_long_to_edit of its text)
    failed = Signal(object)  # str (object: see DiskWatch.changed)


class FileLoader(QObject):
    """Loads one file into one editor. Signals: ``progress(percent)``,
    ``too_long(characters)`` once the file is read, before its text goes in, when its
    longest line is too long to edit (long_lines.too_long_to_edit: it will open read-only),
    ``finished(LoadedDocument)``, ``failed(message)``."""

    progress = Signal(int)
    too_long = Signal(int)
    finished = Signal(object)
    failed = Signal(object)  # str (object: see DiskWatch.changed)

    def __init__(self, editor: GhostTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._signals = _ReadSignals()
        self._signals.read.connect(self._on_read)
        self._signals.failed.connect(self.failed)
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._insert_slice)
        self._doc: LoadedDocument | None = None
        self._offset = 0
        self.slices = 0
        self.busy = False

    def start(self, path: Path) -> None:
        """Read ``path`` on a worker thread, then fill the editor slice by slice."""
        self.busy = True
        self.editor.dismiss_ghost()
        self.editor.setReadOnly(True)  # what is typed now would be replaced by the file
        QThreadPool.globalInstance().start(_ReadJob(Path(path), self._signals))

    def cancel(self) -> None:
        self._timer.stop()
        self._doc = None
        if self.busy:
            self.busy = False
            self.editor.setReadOnly(False)

    def _on_read(self, read: tuple[LoadedDocument, int | None]) -> None:
        doc, too_long = read
        if not self.busy:
            return
        editor = self.editor
        editor.set_document_text("")
        editor.setReadOnly(True)
        editor.document().setUndoRedoEnabled(False)
        self._doc, self._offset, self.slices = doc, 0, 0
        self._timer.start()
        if too_long is not None:
            self.too_long.emit(too_long)  # last: its message may be modal, the slices go on meanwhile

    def _insert_slice(self) -> None:
        doc = self._doc
        if doc is None:
            self._timer.stop()
            return
        end = min(len(doc.text), self._offset + SLICE_CHARS)
        cursor = QTextCursor(self.editor.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(doc.text[self._offset : end])
        self._offset = end
        self.slices += 1
        self.progress.emit(int(100 * end / max(1, len(doc.text))))
        if end >= len(doc.text):
            self._timer.stop()
            self._doc, self.busy = None, False
            qdoc = self.editor.document()
            qdoc.setUndoRedoEnabled(True)
            qdoc.setModified(False)
            self.editor.setReadOnly(False)
            self.editor.moveCursor(QTextCursor.MoveOperation.Start)
            self.finished.emit(doc)

"""Loading a model folder on a worker thread, so the window opens at once.

Success hands over the engine and its display name; failure hands over a sentence
saying why suggestions are off (the editor keeps working without them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from writer_app.core.engine import SuggestionEngine

LoadFn = Callable[[Path], SuggestionEngine]


def load_suggester(folder: Path) -> SuggestionEngine:
    """The real engine. Raises ModelLoadError (or another error) with a reason."""
    from writer_app.inference import Suggester

    return Suggester.load(folder)


def engine_name(engine: object, folder: Path) -> str:
    name = getattr(engine, "name", None)
    return name if isinstance(name, str) and name else folder.name


class _LoadSignals(QObject):
    loaded = Signal(object, str, object)  # engine, name, folder
    failed = Signal(str, object)  # reason, folder


class _LoadJob(QRunnable):
    def __init__(self, folder: Path, load: LoadFn, sink: _LoadSignals) -> None:
        super().__init__()
        self._folder, self._load, self._sink = folder, load, sink

    def run(self) -> None:
        try:
            engine = self._load(self._folder)
        except Exception as exc:  # ModelLoadError and anything unexpected: say why
            reason = str(exc) or type(exc).__name__
            try:
                self._sink.failed.emit(reason, self._folder)
            except RuntimeError:
                pass
            return
        try:
            self._sink.loaded.emit(engine, engine_name(engine, self._folder), self._folder)
        except RuntimeError:
            pass


class ModelLoader(QObject):
    """``load(folder)`` -> ``loaded(engine, name, folder)`` or ``failed(reason, folder)``.

    Only the most recent request counts: a slower earlier load that finishes later is
    ignored.
    """

    loaded = Signal(object, str, object)
    failed = Signal(str, object)

    def __init__(self, load: LoadFn = load_suggester, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._load = load
        self._latest: Path | None = None
        self._sink = _LoadSignals()
        self._sink.loaded.connect(self._on_loaded)
        self._sink.failed.connect(self._on_failed)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def load(self, folder: Path) -> None:
        self._latest = Path(folder)
        self._pool.start(_LoadJob(Path(folder), self._load, self._sink))

    def wait(self, timeout_ms: int = 30000) -> bool:
        return self._pool.waitForDone(timeout_ms)

    def _on_loaded(self, engine: SuggestionEngine, name: str, folder: Path) -> None:
        if folder == self._latest:
            self.loaded.emit(engine, name, folder)

    def _on_failed(self, reason: str, folder: Path) -> None:
        if folder == self._latest:
            self.failed.emit(reason, folder)

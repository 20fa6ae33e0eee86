"""Loading a model folder on a worker thread, so the window opens at once.

Success hands over the engine and its display name; failure hands over a sentence
saying why suggestions are off (the editor keeps working without them).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from writer_app.core.engine import SuggestionEngine, close_engine

log = logging.getLogger(__name__)

LoadFn = Callable[[Path], SuggestionEngine]


def load_suggester(folder: Path) -> SuggestionEngine:
    """The real engine in a child process (see core/engine_process.py); with
    INKLING_ENGINE=thread, in this process. Raises an error whose message says why."""
    if os.environ.get("INKLING_ENGINE") == "thread":
        from writer_app.inference import Suggester

        return Suggester.load(folder)
    from writer_app.core.engine_process import EngineLoadError, EngineProcessError, ProcessEngine

    try:
        return ProcessEngine.start(folder)
    except EngineLoadError:
        raise
    except EngineProcessError as exc:  # e.g. a frozen build that cannot run "python -m"
        log.warning("engine process unavailable (%s); running the model in this process", exc)
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
        else:
            close_engine(engine)  # a newer request superseded this one

    def _on_failed(self, reason: str, folder: Path) -> None:
        if folder == self._latest:
            self.failed.emit(reason, folder)

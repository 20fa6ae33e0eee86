"""Starting the engine and loading a model folder on a worker thread, so the window opens
at once.

The engine holds several models (core/model_set.py): the first load starts it (a child
process; in this process as a fallback), later loads add a model to the running engine.
Success hands over the engine, the model's display name and whether the engine is new;
failure hands over a sentence saying why that model is unusable, and the engine when one
is running (it can still serve other models; the editor keeps working either way).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from writer_app.core.engine import SuggestionEngine, close_engine

log = logging.getLogger(__name__)

StartFn = Callable[[], SuggestionEngine]


def start_engine() -> SuggestionEngine:
    """A running engine with no model loaded yet: a child process (see
    core/engine_process.py), or with INKLING_ENGINE=thread, a ModelSet in this process."""
    from writer_app.core.model_set import ModelSet

    if os.environ.get("INKLING_ENGINE") == "thread":
        return ModelSet()
    from writer_app.core.engine_process import EngineProcessError, ProcessEngine

    try:
        return ProcessEngine.start()
    except EngineProcessError as exc:  # e.g. a frozen build that cannot run "python -m"
        log.warning("engine process unavailable (%s); running the model in this process", exc)
        return ModelSet()


def load_suggester(folder: Path) -> SuggestionEngine:
    """An engine with ``folder`` loaded (benchmarks and scripts). Raises an error whose
    message says why."""
    engine = start_engine()
    try:
        engine.load(folder)  # type: ignore[attr-defined]
    except Exception:
        close_engine(engine)
        raise
    return engine


def engine_name(engine: object, folder: Path) -> str:
    name = getattr(engine, "name", None)
    return name if isinstance(name, str) and name else folder.name


def can_load(engine: object) -> bool:
    """True for an engine that loads further models itself (ModelSet, ProcessEngine)."""
    return callable(getattr(engine, "load", None))


class _LoadSignals(QObject):
    loaded = Signal(object, str, object, bool)  # engine, name, folder, fresh
    failed = Signal(str, object, object)  # reason, folder, engine or None


class _LoadJob(QRunnable):
    def __init__(self, folder: Path, engine: object, start: StartFn, sink: _LoadSignals) -> None:
        super().__init__()
        self._folder, self._engine, self._start, self._sink = folder, engine, start, sink

    def run(self) -> None:
        engine, fresh = self._engine, False
        try:
            if engine is None or not can_load(engine):
                engine, fresh = self._start(), True
            name = str(engine.load(self._folder) or "")  # type: ignore[attr-defined]
        except Exception as exc:  # ModelLoadError and anything unexpected: say why
            reason = getattr(exc, "reason", None) or str(exc) or type(exc).__name__
            try:
                self._sink.failed.emit(reason, self._folder, engine if fresh else None)
            except RuntimeError:  # the app is gone
                if fresh and engine is not None:
                    close_engine(engine)
            return
        try:
            self._sink.loaded.emit(engine, name or self._folder.name, self._folder, fresh)
        except RuntimeError:
            if fresh:
                close_engine(engine)


class ModelLoader(QObject):
    """``load(folder, engine)`` -> ``loaded(engine, name, folder, fresh)`` or
    ``failed(reason, folder, engine_or_None)``; ``fresh`` (or a non-None engine in
    ``failed``) means a new engine was started for it.

    ``engine``: the running engine to load into; None, or one that cannot load models
    (a test double), starts a new one. Only the most recent request counts: a slower
    earlier load that finishes later is ignored (and a new engine it started is closed).
    """

    loaded = Signal(object, str, object, bool)
    failed = Signal(str, object, object)

    def __init__(self, start: StartFn = start_engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._start = start
        self._latest: Path | None = None
        self._sink = _LoadSignals()
        self._sink.loaded.connect(self._on_loaded)
        self._sink.failed.connect(self._on_failed)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    def load(self, folder: Path, engine: object = None) -> None:
        self._latest = Path(folder)
        self._pool.start(_LoadJob(Path(folder), engine, self._start, self._sink))

    def wait(self, timeout_ms: int = 30000) -> bool:
        return self._pool.waitForDone(timeout_ms)

    def _on_loaded(self, engine: SuggestionEngine, name: str, folder: Path, fresh: bool) -> None:
        if folder == self._latest:
            self.loaded.emit(engine, name, folder, fresh)
        elif fresh:
            close_engine(engine)  # a newer request superseded this one

    def _on_failed(self, reason: str, folder: Path, engine: object) -> None:
        if folder == self._latest:
            self.failed.emit(reason, folder, engine)
        elif engine is not None:
            close_engine(engine)

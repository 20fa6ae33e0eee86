"""Runs the suggestion engine off the GUI thread, one request at a time.

Each editor talks to the service through its own SuggestionChannel. A channel holds at
most one pending request: a newer request replaces an older one that has not started,
so a burst of keystrokes costs one model call, not one per key. Jobs run on a private
QThreadPool with a single thread (the engine and its state cache are not thread-safe),
and results come back to the GUI thread as a queued signal on the channel.

Several models: the service also holds the ModelRouter (core/model_choice.py) that maps
the language detected near each editor's cursor to a model folder, and remembers which
folders the engine has loaded and which could not be loaded (with the reason), so that a
broken Chinese model is reported once and never retried on every keystroke while English
keeps working. Changing the router (the Model menu, a retrained model) costs no restart:
the next request names the new folder and the engine loads it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from writer_app.core.engine import (
    SuggestionEngine,
    SuggestionRequest,
    SuggestionResult,
    apply_config,
    close_engine,
    load_model,
    serves_several_models,
    suggest_with_model,
)
from writer_app.core.model_choice import ModelRoute, ModelRouter
from writer_app.core.model_set import ModelUnavailableError
from writer_app.inference.types import DecodingConfig


class SuggestionChannel(QObject):
    """One editor's mailbox; ``result_ready(SuggestionResult)`` arrives on the GUI thread."""

    result_ready = Signal(object)


class _Job(QRunnable):
    def __init__(self, service: SuggestionService, channel: SuggestionChannel) -> None:
        super().__init__()
        self._service, self._channel = service, channel

    def run(self) -> None:
        self._service._run_pending(self._channel)


class _PreloadJob(QRunnable):
    def __init__(self, service: SuggestionService, engine: object, folder: Path) -> None:
        super().__init__()
        self._service, self._engine, self._folder = service, engine, folder

    def run(self) -> None:
        self._service._run_preload(self._engine, self._folder)


class _CloseJob(QRunnable):
    def __init__(self, engine: object) -> None:
        super().__init__()
        self._engine = engine

    def run(self) -> None:
        close_engine(self._engine)


class SuggestionService(QObject):
    """Owns the engine (or None: suggestions unavailable) and the worker thread.

    ``engine_changed(str)`` carries the model name ('' when there is no engine);
    ``routes_changed()`` says the router changed (another model choice).
    """

    engine_changed = Signal(str)
    routes_changed = Signal()
    model_state_changed = Signal()  # a preload finished: a model is ready or unavailable

    def __init__(self, engine: SuggestionEngine | None = None, model_name: str = "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._lock = threading.Lock()
        self._pending: dict[SuggestionChannel, SuggestionRequest] = {}
        self._engine = engine
        self._model_name = model_name if engine is not None else ""
        self._applied: tuple[int, DecodingConfig] | None = None
        self._closed = False
        self._router: ModelRouter | None = None
        self._ready: set[Path] = set()  # folders the engine has loaded
        self._unavailable: dict[Path, str] = {}  # folder -> why it could not be loaded
        self._preloading: set[Path] = set()

    @property
    def available(self) -> bool:
        return self._engine is not None and not self._closed

    @property
    def model_name(self) -> str:
        return self._model_name

    @property
    def engine(self) -> SuggestionEngine | None:
        return self._engine

    @property
    def several_models(self) -> bool:
        """True when requests name their model (the engine holds several)."""
        return self._engine is not None and serves_several_models(self._engine)

    # ------------------------------------------------------------------ models

    @property
    def router(self) -> ModelRouter | None:
        return self._router

    def set_router(self, router: ModelRouter | None) -> None:
        """Use ``router`` for the next requests; models that failed are tried again."""
        with self._lock:
            self._router = router
            self._unavailable.clear()
        self.routes_changed.emit()

    def route(self, language: str) -> ModelRoute | None:
        """The model for text detected as ``language``; None without a router or with an
        engine that has a single model (it answers everything)."""
        router = self._router
        if router is None or not self.several_models:
            return None
        return router.route(language)

    def mark_ready(self, folder: Path) -> None:
        with self._lock:
            self._ready.add(Path(folder))
            self._unavailable.pop(Path(folder), None)

    def mark_unavailable(self, folder: Path, reason: str) -> None:
        with self._lock:
            self._unavailable[Path(folder)] = reason

    def model_state(self, folder: Path) -> tuple[str, str]:
        """("ready" | "loading" | "unavailable", reason) of ``folder`` in this engine
        ("loading": not loaded yet; it loads on the next request that needs it)."""
        with self._lock:
            if Path(folder) in self._unavailable:
                return "unavailable", self._unavailable[Path(folder)]
            return ("ready" if Path(folder) in self._ready else "loading"), ""

    def set_engine(self, engine: SuggestionEngine | None, model_name: str = "") -> None:
        """Swap the engine. A job already running finishes on the old one, which is
        closed afterwards (on the worker thread, so never under a running job)."""
        with self._lock:
            old, self._engine = self._engine, engine
            self._model_name = model_name if engine is not None else ""
            self._applied = None
            if old is not engine:
                self._ready.clear()
                self._unavailable.clear()
        if old is not None and old is not engine:
            self._pool.start(_CloseJob(old))
        self.engine_changed.emit(self._model_name)

    def submit(self, channel: SuggestionChannel, request: SuggestionRequest) -> None:
        """Queue ``request``; it replaces the channel's request if that has not started."""
        if not self.available:
            return
        with self._lock:
            self._pending[channel] = request
        self._pool.start(_Job(self, channel))

    def preload(self, folder: Path) -> None:
        """Load ``folder`` on the worker thread now (the cursor is in text of its language),
        so the first suggestion from it does not wait for the load; model_state_changed
        follows. Nothing happens for a folder loaded, failed or loading already, or for an
        engine with a single model."""
        folder = Path(folder)
        with self._lock:
            engine = self._engine
            if (engine is None or self._closed or not serves_several_models(engine)
                    or folder in self._ready or folder in self._unavailable
                    or folder in self._preloading):
                return
            self._preloading.add(folder)
        self._pool.start(_PreloadJob(self, engine, folder))

    def cancel(self, channel: SuggestionChannel) -> None:
        """Forget the channel's pending request (its editor is closing)."""
        with self._lock:
            self._pending.pop(channel, None)

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Drop pending work, wait for a running job, close the engine (before exit)."""
        with self._lock:
            self._closed = True
            self._pending.clear()
            engine, self._engine = self._engine, None
        self._pool.waitForDone(timeout_ms)
        if engine is not None:
            close_engine(engine)

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Block until no job runs (tests and shutdown)."""
        return self._pool.waitForDone(timeout_ms)

    # ------------------------------------------------------------- worker thread

    def _run_preload(self, engine: object, folder: Path) -> None:
        problem = None
        try:
            load_model(engine, folder)
        except ModelUnavailableError as exc:
            problem = exc.reason
        except Exception as exc:  # an engine bug must not take the editor down
            problem = f"{type(exc).__name__}: {exc}"
        with self._lock:
            self._preloading.discard(folder)
            if self._engine is not engine or self._closed:
                return
            if problem is None:
                self._ready.add(folder)
            else:
                self._unavailable[folder] = problem
        try:
            self.model_state_changed.emit()
        except RuntimeError:
            pass  # the service is being destroyed

    def _run_pending(self, channel: SuggestionChannel) -> None:
        with self._lock:
            request = self._pending.pop(channel, None)
            engine = self._engine
            if request is None or engine is None or self._closed:
                return  # a newer job took it, or nothing to run it on
            model = request.model if serves_several_models(engine) else None
            if model is not None and model in self._unavailable:
                return  # said once already (the status bar shows why)
            if self._applied != (id(engine), request.config):
                apply_config(engine, request.config)
                self._applied = (id(engine), request.config)
        start = time.perf_counter()
        suggestion, error, problem = None, None, None
        try:
            suggestion = suggest_with_model(engine, model, request.context)
        except ModelUnavailableError as exc:
            problem = exc.reason
        except Exception as exc:  # an engine bug must not take the editor down
            error = f"{type(exc).__name__}: {exc}"
        latency_ms = (time.perf_counter() - start) * 1000.0
        if model is not None:
            with self._lock:
                if self._engine is engine:
                    if problem is not None:
                        self._unavailable[model] = problem
                    elif error is None:
                        self._ready.add(model)
        try:
            channel.result_ready.emit(SuggestionResult(request, suggestion, latency_ms, error, problem))
        except RuntimeError:
            pass  # the channel's C++ object is gone: its window closed meanwhile

"""Runs the suggestion engine off the GUI thread, one request at a time.

Each editor talks to the service through its own SuggestionChannel. A channel holds at
most one pending request: a newer request replaces an older one that has not started,
so a burst of keystrokes costs one model call, not one per key. Jobs run on a private
QThreadPool with a single thread (the engine and its state cache are not thread-safe),
and results come back to the GUI thread as a queued signal on the channel.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from writer_app.core.engine import (
    SuggestionEngine,
    SuggestionRequest,
    SuggestionResult,
    apply_config,
    close_engine,
)
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


class _CloseJob(QRunnable):
    def __init__(self, engine: object) -> None:
        super().__init__()
        self._engine = engine

    def run(self) -> None:
        close_engine(self._engine)


class SuggestionService(QObject):
    """Owns the engine (or None: suggestions unavailable) and the worker thread.

    ``engine_changed(str)`` carries the model name ('' when there is no engine).
    """

    engine_changed = Signal(str)

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

    @property
    def available(self) -> bool:
        return self._engine is not None and not self._closed

    @property
    def model_name(self) -> str:
        return self._model_name

    def set_engine(self, engine: SuggestionEngine | None, model_name: str = "") -> None:
        """Swap the engine. A job already running finishes on the old one, which is
        closed afterwards (on the worker thread, so never under a running job)."""
        with self._lock:
            old, self._engine = self._engine, engine
            self._model_name = model_name if engine is not None else ""
            self._applied = None
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

    def _run_pending(self, channel: SuggestionChannel) -> None:
        with self._lock:
            request = self._pending.pop(channel, None)
            engine = self._engine
            if request is None or engine is None or self._closed:
                return  # a newer job took it, or nothing to run it on
            if self._applied != (id(engine), request.config):
                apply_config(engine, request.config)
                self._applied = (id(engine), request.config)
        start = time.perf_counter()
        try:
            suggestion = engine.suggest(request.context)
            error = None
        except Exception as exc:  # an engine bug must not take the editor down
            suggestion, error = None, f"{type(exc).__name__}: {exc}"
        latency_ms = (time.perf_counter() - start) * 1000.0
        try:
            channel.result_ready.emit(SuggestionResult(request, suggestion, latency_ms, error))
        except RuntimeError:
            pass  # the channel's C++ object is gone: its window closed meanwhile

"""Owns the suggestion engine and drives it from ONE worker thread.

Everything that touches the engine (start, load, preload, suggest, close) runs as a job
on a private QThreadPool with a single thread, in the order asked: the engine and its
state cache are never used by two threads, and a load never races a suggestion.

Each editor talks to the service through its own SuggestionChannel. A channel holds at
most one pending request: a newer request replaces an older one that has not started,
so a burst of keystrokes costs one model call, not one per key. Results come back to the
GUI thread as a queued signal on the channel.

Several models: the service holds the ModelRouter (engine/model_choice.py) that maps a
language to a model folder, and the state of each folder in this engine (ready, loading,
or failed with the loader's reason), so that a broken Chinese model is reported once and
never retried on every keystroke while English keeps working. Changing the router (the
Model menu, a retrained model) costs no restart: the next request names the new folder
and the engine loads it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from writer_app.engine.interface import (
    DocumentOutOfStepError,
    Engine,
    ModelUnavailableError,
    SuggestionRequest,
    SuggestionResult,
)
from writer_app.engine.model_choice import ModelRoute, ModelRouter
from writer_app.inference.doc_cache import DocumentEdit

log = logging.getLogger(__name__)

StartFn = Callable[[], Engine]
Status = Literal["ready", "loading", "failed"]


@dataclass(frozen=True)
class ModelState:
    """A model folder in this engine: "ready" (loaded), "loading" (not loaded yet: it loads
    now or on the next request that needs it) or "failed" (``reason`` says why)."""

    status: Status
    reason: str = ""


LOADING = ModelState("loading")


class SuggestionChannel(QObject):
    """One editor's mailbox; ``result_ready(SuggestionResult)`` arrives on the GUI thread."""

    result_ready = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        self._work()


class SuggestionService(QObject):
    """Owns the engine (or None: suggestions unavailable), its models' states and the
    worker thread.

    ``engine_changed(str)`` carries the model name ('' when there is no engine);
    ``routes_changed()`` says the router changed (another model choice);
    ``model_state_changed()`` says a folder became ready or failed;
    ``load_finished(folder, name, reason)`` answers ``load()`` (reason '' on success);
    ``document_out_of_step(document)`` says an edit did not fit the engine's copy of a
    document: its editor sends the whole text again.
    """

    engine_changed = Signal(str)
    routes_changed = Signal()
    model_state_changed = Signal()
    load_finished = Signal(object, str, str)
    document_out_of_step = Signal(int)  # from the worker thread (queued to the editor's)
    _load_done = Signal(object, str, str, bool, bool)  # worker -> GUI thread (queued)

    def __init__(self, engine: Engine | None = None, model_name: str = "",
                 parent: QObject | None = None, *, start_engine: StartFn | None = None,
                 router: ModelRouter | None = None) -> None:
        """``engine``: one already running (tests, scripts); ``start_engine``: how to
        start one when ``load`` needs it (None: only ``engine`` is ever used)."""
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._lock = threading.Lock()
        self._pending: dict[SuggestionChannel, SuggestionRequest] = {}
        self._edits: dict[int, list[DocumentEdit]] = {}  # by document, not yet sent
        self._engine = engine
        self._start = start_engine
        self._model_name = model_name if engine is not None else ""
        self._closed = False
        self._router = router
        self._states: dict[Path, ModelState] = {}
        self._load_done.connect(self._on_load_done)

    @property
    def available(self) -> bool:
        return self._engine is not None and not self._closed

    @property
    def model_name(self) -> str:
        return self._model_name

    @property
    def engine(self) -> Engine | None:
        return self._engine

    # ------------------------------------------------------------------ models

    @property
    def router(self) -> ModelRouter | None:
        return self._router

    def set_router(self, router: ModelRouter | None) -> None:
        """Use ``router`` for the next requests; models that failed are tried again."""
        with self._lock:
            self._router = router
            self._states = {f: s for f, s in self._states.items() if s.status == "ready"}
        self.routes_changed.emit()

    def route(self, language: str) -> ModelRoute | None:
        """The model for text detected as ``language`` (None without a router)."""
        router = self._router
        return router.route(language) if router is not None else None

    def model_state(self, folder: Path) -> ModelState:
        """The state of ``folder`` in this engine ("loading" until it is loaded)."""
        with self._lock:
            return self._states.get(Path(folder), LOADING)

    def set_engine(self, engine: Engine | None, model_name: str = "") -> None:
        """Swap the engine. A job already running finishes on the old one, which is
        closed afterwards (on the worker thread, so never under a running job)."""
        with self._lock:
            old, self._engine = self._engine, engine
            self._model_name = model_name if engine is not None else ""
            if old is not engine:
                self._states.clear()
        if old is not None and old is not engine:
            self._pool.start(_Job(old.close))
        self.engine_changed.emit(self._model_name)

    def load(self, folder: Path) -> None:
        """Load ``folder`` on the worker thread, starting the engine first if there is
        none; ``load_finished(folder, name, reason)`` follows (then model_state_changed)."""
        folder = Path(folder)
        with self._lock:
            if self._closed:
                return
            if self._states.get(folder, LOADING).status != "ready":
                self._states[folder] = LOADING
        self._pool.start(_Job(lambda: self._run_load(folder, report=True)))

    def preload(self, folder: Path) -> None:
        """Load ``folder`` on the worker thread now (the cursor is in text of its language),
        so the first suggestion from it does not wait for the load; model_state_changed
        follows. Nothing happens for a folder ready, failed or loading already (a folder
        nobody asked for yet is "loading" too, but not queued: it is queued here once)."""
        folder = Path(folder)
        with self._lock:
            if self._engine is None or self._closed or folder in self._states:
                return
            self._states[folder] = LOADING
        self._pool.start(_Job(lambda: self._run_load(folder, report=False)))

    def submit(self, channel: SuggestionChannel, request: SuggestionRequest) -> None:
        """Queue ``request``; it replaces the channel's request if that has not started."""
        if not self.available:
            return
        with self._lock:
            self._pending[channel] = request
        self._pool.start(_Job(lambda: self._run_pending(channel)))

    def update_document(self, document: int, edit: DocumentEdit) -> None:
        """Queue an editor's edit for the engine's cache of ``document`` (any id the
        editor chose). Edits are sent in order by one background job (a file just opened
        is counted at once, not at the first keystroke), and before that document's
        next request at the latest; edits made while the job waits go with it."""
        if not self.available:
            return
        with self._lock:
            queued = self._edits.setdefault(document, [])
            queued.append(edit)
            first = len(queued) == 1
        if first:
            self._pool.start(_Job(lambda: self._send_edits(document)))

    def forget_document(self, document: int) -> None:
        """The engine drops ``document`` (its editor closed, or it is sent again under a new
        id): edits still queued for it are dropped and one job tells the engine, after the
        jobs already queued."""
        with self._lock:
            self._edits.pop(document, None)
            if self._engine is None or self._closed:
                return
        self._pool.start(_Job(lambda: self._forget(document)))

    def _forget(self, document: int) -> None:
        with self._lock:
            self._edits.pop(document, None)  # queued after the forget was asked: stale too
            engine = self._engine
            if engine is None or self._closed:
                return
        try:
            engine.forget_document(document)
        except Exception as exc:  # the cache is only an aid
            log.warning("the engine could not drop document %s: %s", document, exc)

    def _send_edits(self, document: int) -> None:
        with self._lock:
            edits = self._edits.pop(document, None)
            engine = self._engine
            if not edits or engine is None or self._closed:
                return
        try:
            engine.update_document(document, edits)
        except DocumentOutOfStepError:  # edits it missed: the editor sends it all again
            self.document_out_of_step.emit(document)
        except Exception as exc:  # the cache is only an aid: suggestions go on without it
            log.warning("the engine could not follow document %s: %s", document, exc)

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
            engine.close()

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Block until no job runs (tests and shutdown)."""
        return self._pool.waitForDone(timeout_ms)

    # ------------------------------------------------------------- worker thread

    def _emit(self, signal: Signal, *args: object) -> None:
        try:
            signal.emit(*args)  # type: ignore[attr-defined]
        except RuntimeError:
            pass  # the service is being destroyed

    def _run_load(self, folder: Path, report: bool) -> None:
        with self._lock:
            engine, closed = self._engine, self._closed
        fresh = engine is None and not closed and self._start is not None
        name, problem = "", ""
        try:
            if fresh:
                assert self._start is not None
                engine = self._start()
            if engine is None:
                problem = "No suggestion engine is running."
            else:
                name = str(engine.load(folder) or "") or folder.name
        except ModelUnavailableError as exc:
            problem = exc.reason
        except Exception as exc:  # an engine bug must not take the editor down
            problem = f"{type(exc).__name__}: {exc}"
        started = fresh and engine is not None
        with self._lock:
            if started and self._closed:
                assert engine is not None
                engine.close()
                return
            if started:
                self._engine = engine
            elif self._engine is not engine:
                return  # swapped meanwhile: this answer is about an engine that is gone
            self._states[folder] = ModelState("failed", problem) if problem else ModelState("ready")
            named = not problem and not self._model_name
            if named:
                self._model_name = name
        self._emit(self._load_done, folder, name, problem, started or named, report)

    def _on_load_done(self, folder: Path, name: str, problem: str, named: bool, report: bool) -> None:
        # On the GUI thread: listeners may be plain functions.
        if named:
            self.engine_changed.emit(self._model_name)
        if report:
            self.load_finished.emit(folder, name, problem)
        self.model_state_changed.emit()

    def _run_pending(self, channel: SuggestionChannel) -> None:
        with self._lock:
            request = self._pending.pop(channel, None)
            engine = self._engine
            if request is None or engine is None or self._closed:
                return  # a newer job took it, or nothing to run it on
            if self._states.get(request.model, LOADING).status == "failed":
                return  # said once already (the status bar shows why)
        start = time.perf_counter()
        if request.document is not None:
            self._send_edits(request.document)  # normally sent already, by their own job
        suggestion, error, problem = None, None, None
        try:
            suggestion = engine.suggest(request.model, request.context, request.config,
                                        document=request.document, after=request.after)
        except ModelUnavailableError as exc:
            problem = exc.reason
        except Exception as exc:  # an engine bug must not take the editor down
            error = f"{type(exc).__name__}: {exc}"
        latency_ms = (time.perf_counter() - start) * 1000.0
        with self._lock:
            if self._engine is engine:
                if problem is not None:
                    self._states[request.model] = ModelState("failed", problem)
                elif error is None:
                    self._states[request.model] = ModelState("ready")
        try:
            channel.result_ready.emit(SuggestionResult(request, suggestion, latency_ms, error, problem))
        except RuntimeError:
            pass  # the channel's C++ object is gone: its window closed meanwhile

"""The engine child: the Engine interface (engine/interface.py) served by a ModelSet in a child
process.

Why a process and not just a thread: the engine's decoding loop is Python code that
holds the GIL, and onnxruntime keeps the CPU busy. In the editor's process that made
the GUI thread wait for the GIL or the CPU often enough to miss a frame (measured:
docs/UI_NOTES.md). In a child process there is no GIL to share, and the child lowers
its own scheduling priority (nice), so on a 2-core laptop typing always wins.

The child is a ``multiprocessing`` process of the *spawn* context (a fresh interpreter:
no copy of the editor's Qt state; it finds this package on the parent's ``sys.path``) and
talks over a ``Pipe``: each request is a small frozen dataclass (``_Load``, ``_Suggest``)
answered by a ``_Reply``. It exits when the editor goes, even after a kill -9: it waits
on its end of the pipe and on multiprocessing's parent sentinel, and either one ending
ends the child. onnxruntime's telemetry stays off in the child: it inherits the parent's
environment, and unpickling its entry point imports ``writer_app`` (which sets
ORT_DISABLE_TELEMETRY) before onnxruntime is imported.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path

from writer_app.engine.interface import DocumentOutOfStepError, ModelUnavailableError
from writer_app.inference.doc_cache import DocumentEdit
from writer_app.inference.types import DecodingConfig, Suggestion

START_TIMEOUT_S = 60.0  # a cold start on a loaded laptop takes about a second


class EngineProcessError(RuntimeError):
    """The engine process failed or exited; the message says how."""


class EngineLoadError(EngineProcessError, ModelUnavailableError):
    """The model could not be loaded; the message is the engine's own (user-readable).
    The engine itself keeps serving its other models."""

    def __init__(self, reason: str, folder: Path | None = None) -> None:
        ModelUnavailableError.__init__(self, reason, folder)


@dataclass(frozen=True)
class _Load:
    folder: str


@dataclass(frozen=True)
class _Suggest:
    folder: str
    text: str
    config: DecodingConfig
    document: int | None = None
    after: str = ""


@dataclass(frozen=True)
class _Update:
    document: int
    edits: tuple[DocumentEdit, ...]


@dataclass(frozen=True)
class _Forget:
    document: int


@dataclass(frozen=True)
class _Reply:
    value: object = None
    unavailable: str | None = None  # ModelUnavailableError's reason
    out_of_step: str | None = None  # DocumentOutOfStepError's message
    error: str | None = None  # any other exception, as "Type: message"


def default_threads() -> int:
    """onnxruntime threads for the child: leave at least one core to the editor."""
    return max(1, min(2, (os.cpu_count() or 2) - 1))


class ProcessEngine:
    """An Engine whose models run in a child process. Thread-safe (calls are serialised).
    Every call raises EngineProcessError if the child died."""

    def __init__(self, process: multiprocessing.process.BaseProcess, conn: Connection) -> None:
        self._process = process
        self._conn = conn
        self._lock = threading.Lock()
        self.name = ""  # the first model's name, once loaded

    @classmethod
    def start(cls, model_dir: Path | None = None, threads: int | None = None,
              nice: int = 5) -> ProcessEngine:
        """Start a child (``threads`` onnxruntime intra-op threads, default
        default_threads(); ``nice``: how much lower its priority is) and, given
        ``model_dir``, load it there (blocks until loaded).

        Raises EngineLoadError with the engine's message when the model cannot be
        loaded, EngineProcessError if the child cannot start.
        """
        ctx = multiprocessing.get_context("spawn")
        ours, theirs = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(theirs, threads or default_threads(), nice),
                              name="inkling-engine", daemon=True)
        try:
            process.start()
        except (OSError, RuntimeError) as exc:
            raise EngineProcessError(f"Cannot start the engine process: {exc}") from exc
        finally:
            theirs.close()  # the child's end lives in the child: its exit is our EOF
        engine = cls(process, ours)
        try:
            if not ours.poll(START_TIMEOUT_S):
                raise EngineProcessError("The engine process did not start in time")
            engine._receive()  # "ready"
            if model_dir is not None:
                engine.load(Path(model_dir))
        except EngineProcessError:
            engine.close()
            raise
        return engine

    def _receive(self) -> object:
        try:
            reply = self._conn.recv()
        except (EOFError, OSError) as exc:
            code = self._process.exitcode
            raise EngineProcessError(
                f"the engine process stopped (exit code {code})" if code is not None
                else f"lost contact with the engine process: {exc}") from None
        assert isinstance(reply, _Reply)
        if reply.error is not None:
            raise EngineProcessError(reply.error)
        return reply

    def _call(self, request: _Load | _Suggest | _Update | _Forget) -> object:
        with self._lock:
            try:
                self._conn.send(request)
            except (OSError, ValueError) as exc:
                self._process.join(0.1)
                code = self._process.exitcode
                raise EngineProcessError(
                    f"the engine process stopped (exit code {code})" if code is not None
                    else f"lost contact with the engine process: {exc}") from None
            reply = self._receive()
        assert isinstance(reply, _Reply)
        if reply.unavailable is not None:
            raise EngineLoadError(reply.unavailable, Path(getattr(request, "folder", "")))
        if reply.out_of_step is not None:
            raise DocumentOutOfStepError(reply.out_of_step)
        return reply.value

    def load(self, folder: Path) -> str:
        """Load ``folder`` now (if not yet loaded) and return its model's name. Raises
        EngineLoadError (a ModelUnavailableError) when it cannot be loaded; the engine
        keeps serving."""
        name = str(self._call(_Load(str(Path(folder).absolute()))))
        if not self.name:
            self.name = name
        return name

    def suggest(
        self, folder: Path, text: str, config: DecodingConfig, document: int | None = None,
        after: str = "",
    ) -> Suggestion | None:
        """``text`` continued by the model in ``folder`` (loaded first if needed) under
        ``config``, with ``document``'s cache, fitted to ``after`` (the text after the
        cursor). Raises EngineLoadError when the model cannot be loaded and
        EngineProcessError carrying the engine's ValueError for a bad config."""
        value = self._call(_Suggest(str(Path(folder).absolute()), text, config, document, after))
        assert value is None or isinstance(value, Suggestion)
        return value

    def update_document(self, document: int, edits: Sequence[DocumentEdit]) -> None:
        """Send an editor's edits to the child's document caches (ModelSet.update_document).
        Raises DocumentOutOfStepError for an edit that does not fit the child's copy."""
        self._call(_Update(document, tuple(edits)))

    def forget_document(self, document: int) -> None:
        """Drop an editor's document from the child (ModelSet.forget_document): its window
        closed. Unknown ids are ignored."""
        self._call(_Forget(document))

    @property
    def pid(self) -> int:
        assert self._process.pid is not None
        return self._process.pid

    def close(self, timeout_s: float = 2.0) -> None:
        """Ask the child to exit (close our end of the pipe); kill it if it does not."""
        with self._lock:
            self._conn.close()
            self._process.join(timeout_s)
            if self._process.exitcode is None:
                self._process.kill()
                self._process.join()


def _serve(conn: Connection, threads: int, nice: int) -> None:
    """The child's main loop: answer requests until the pipe or the parent goes."""
    if nice and hasattr(os, "nice"):
        try:
            os.nice(nice)
        except OSError:
            pass
    from writer_app.engine.model_set import ModelSet, load_in_process

    parent = multiprocessing.parent_process()
    watched: list[object] = [conn] + ([parent.sentinel] if parent is not None else [])
    engine = ModelSet(partial(load_in_process, threads=threads))
    conn.send(_Reply("ready"))
    while True:
        if conn not in wait(watched):  # type: ignore[arg-type]
            return  # the parent died (kill -9): nobody will ask again
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return  # the parent closed the pipe or died
        try:
            if isinstance(request, _Suggest):
                reply = _Reply(engine.suggest(request.folder, request.text, request.config,
                                              request.document, request.after))
            elif isinstance(request, _Update):
                reply = _Reply(engine.update_document(request.document, request.edits))
            elif isinstance(request, _Forget):
                reply = _Reply(engine.forget_document(request.document))
            elif isinstance(request, _Load):
                reply = _Reply(engine.load(request.folder))
            else:
                reply = _Reply(error=f"unknown request {request!r}")
        except ModelUnavailableError as exc:
            reply = _Reply(unavailable=exc.reason)
        except DocumentOutOfStepError as exc:
            reply = _Reply(out_of_step=str(exc))
        except Exception as exc:  # report, keep serving
            reply = _Reply(error=f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return

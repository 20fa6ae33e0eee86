"""The suggestion engine in a child process, behind the same ``suggest()`` interface.

Why a process and not just a thread: the engine's decoding loop is Python code that
holds the GIL, and onnxruntime keeps the CPU busy. In the editor's process that made
the GUI thread wait for the GIL or the CPU often enough to miss a frame (measured:
docs/UI_NOTES.md). In a child process there is no GIL to share, and the child lowers
its own scheduling priority (nice), so on a 2-core laptop typing always wins.

Protocol: length-prefixed pickles over the child's stdin/stdout (its own stdout is
redirected to stderr so that stray prints cannot corrupt the stream). The child exits
when its stdin closes, so it never outlives the editor, even after a kill -9.

Several models: the child holds a ModelSet (core/model_set.py). ``suggest_with(folder,
text)`` names the model for each request and the child loads a folder the first time it
is asked for, so switching between the English and the Chinese model costs no restart.

Run as ``python -m writer_app.core.engine_process MODEL_DIR THREADS NICE`` (MODEL_DIR may be
empty: start with no model loaded).
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from writer_app.core.model_set import ModelUnavailableError
from writer_app.inference.types import DecodingConfig, Suggestion

_HEADER = struct.Struct("<I")


class EngineProcessError(RuntimeError):
    """The engine process failed or exited; the message says how."""


class EngineLoadError(EngineProcessError, ModelUnavailableError):
    """The model could not be loaded; the message is the engine's own (user-readable).
    The engine itself keeps serving its other models."""

    def __init__(self, reason: str, folder: Path | None = None) -> None:
        ModelUnavailableError.__init__(self, reason, folder)


def _send(stream: IO[bytes], obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _recv(stream: IO[bytes]) -> Any:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # noqa: S301 (our own child process over a private pipe)


def default_threads() -> int:
    """onnxruntime threads for the child: leave at least one core to the editor."""
    return max(1, min(2, (os.cpu_count() or 2) - 1))


class ProcessEngine:
    """A SuggestionEngine whose model runs in a child process. Thread-safe (calls are
    serialised). ``suggest`` raises EngineProcessError if the child died."""

    def __init__(self, proc: subprocess.Popen[bytes], name: str) -> None:
        self._proc = proc
        self.name = name
        self._lock = threading.Lock()
        assert proc.stdin is not None and proc.stdout is not None
        self._out, self._in = proc.stdin, proc.stdout

    @classmethod
    def start(cls, model_dir: Path | None = None, threads: int | None = None,
              nice: int = 5) -> ProcessEngine:
        """Start a child and load ``model_dir`` in it (blocks until loaded); with None,
        start it with no model (models load on first use or by ``load``).

        Raises EngineLoadError with the engine's message when the model cannot be
        loaded, EngineProcessError if the child cannot start.
        """
        folder = str(Path(model_dir).absolute()) if model_dir is not None else ""
        cmd = [sys.executable, "-m", "writer_app.core.engine_process",
               folder, str(threads or default_threads()), str(nice)]
        # The child imports this package from wherever the parent found it.
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": package_root + (os.pathsep + path if path else "")}
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        except OSError as exc:
            raise EngineProcessError(f"Cannot start the engine process: {exc}") from exc
        assert proc.stdout is not None
        try:
            reply = _recv(proc.stdout)
        except EOFError:
            proc.wait()
            raise EngineProcessError(
                f"The engine process exited while loading the model (exit code {proc.returncode})"
            ) from None
        if reply[0] != "ready":
            proc.wait()
            raise EngineLoadError(reply[1], Path(model_dir) if model_dir is not None else None)
        return cls(proc, reply[1])

    def _call(self, request: tuple[Any, ...]) -> Any:
        with self._lock:
            try:
                _send(self._out, request)
                status, value = _recv(self._in)
            except (EOFError, OSError, pickle.UnpicklingError) as exc:
                code = self._proc.poll()
                raise EngineProcessError(
                    f"the engine process stopped (exit code {code})" if code is not None
                    else f"lost contact with the engine process: {exc}") from None
        if status == "fail":
            raise EngineProcessError(value)
        if status == "unavailable":
            reason, folder = value
            raise EngineLoadError(reason, Path(folder) if folder else None)
        return value

    def suggest(self, text: str) -> Suggestion | None:
        """With the first model loaded."""
        return self._call(("suggest", text))

    def suggest_with(self, folder: Path, text: str) -> Suggestion | None:
        """With the model in ``folder``, loaded first if needed. Raises EngineLoadError
        (a ModelUnavailableError) when it cannot be loaded; the engine keeps serving."""
        return self._call(("suggest_with", str(folder), text))

    def load(self, folder: Path) -> str:
        """Load ``folder`` now (if not yet loaded) and return its model's name. Raises
        EngineLoadError when it cannot be loaded; the engine keeps serving."""
        name = self._call(("load", str(folder)))
        if not self.name:
            self.name = name
        return name

    def set_config(self, config: DecodingConfig) -> None:
        """Raises EngineProcessError (carrying the engine's ValueError) for a bad config."""
        self._call(("config", config))

    @property
    def pid(self) -> int:
        return self._proc.pid

    def close(self, timeout_s: float = 2.0) -> None:
        """Ask the child to exit; kill it if it does not."""
        with self._lock:
            try:
                self._out.close()  # EOF on its stdin: it exits
            except OSError:
                pass
            try:
                self._proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._in.close()


def _serve(model_dir: str, threads: int, nice: int) -> int:
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # print() from any library now goes to stderr, not into the protocol
    inp = sys.stdin.buffer
    if nice and hasattr(os, "nice"):
        try:
            os.nice(nice)
        except OSError:
            pass
    from writer_app.core.model_set import ModelSet, load_in_process

    engine = ModelSet(lambda folder: load_in_process(folder, threads))
    try:
        name = engine.load(model_dir) if model_dir else ""
    except ModelUnavailableError as exc:
        _send(out, ("error", exc.reason))
        return 1
    _send(out, ("ready", name))
    while True:
        try:
            request = _recv(inp)
        except EOFError:
            return 0
        try:
            if request[0] == "suggest_with":
                _send(out, ("ok", engine.suggest_with(request[1], request[2])))
            elif request[0] == "suggest":
                _send(out, ("ok", engine.suggest(request[1])))
            elif request[0] == "load":
                _send(out, ("ok", engine.load(request[1])))
            elif request[0] == "config":
                engine.set_config(request[1])
                _send(out, ("ok", None))
            else:
                _send(out, ("fail", f"unknown request {request[0]!r}"))
        except ModelUnavailableError as exc:
            _send(out, ("unavailable", (exc.reason, str(exc.folder or ""))))
        except Exception as exc:  # report, keep serving
            _send(out, ("fail", f"{type(exc).__name__}: {exc}"))


if __name__ == "__main__":
    sys.exit(_serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))

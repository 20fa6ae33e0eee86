"""Runs ``python -m training retrain`` as a child process and reports its events.

The child gets its own session (process group), so Cancel reaches everything it
started: SIGTERM first (the run removes its staging folder and exits within a training
step), SIGKILL after ``kill_after_ms`` if it has not exited; ``stop`` does the same and
waits, for the app's quit. Once done, done: after the
run's "done" event (the new model is installed; the process may take seconds more to
exit) Cancel does nothing and the outcome is "done" however the process ends. The GUI
process never imports torch.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from writer_app.retrain.job import RetrainState, parse_event

STDERR_LINES = 40  # kept to explain a crash


class RetrainRunner(QObject):
    """One run at a time. ``event(dict)`` for every progress line; then exactly one
    ``finished(outcome, message)`` with outcome "done", "error", "cancelled" or
    "crashed" (killed from outside, e.g. kill -9, or Python died)."""

    event = Signal(object)
    finished = Signal(str, str)

    def __init__(self, kill_after_ms: int = 1500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kill_after_ms = kill_after_ms
        self.state = RetrainState()
        self.stderr_tail: list[str] = []
        self._proc: QProcess | None = None
        self._buffer = b""
        self._cancelling = False
        self._reported = False

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.state() != QProcess.ProcessState.NotRunning

    @property
    def can_cancel(self) -> bool:
        """True while the run is going and has not installed its model yet."""
        return self.running and self.state.outcome != "done"

    def pid(self) -> int:
        return int(self._proc.processId()) if self._proc is not None else 0

    def start(self, argv: Sequence[str], cwd: Path | None = None,
              env: dict[str, str] | None = None) -> None:
        """Start ``argv`` (argv[0] is the program). Raises RuntimeError if one runs."""
        if self.running:
            raise RuntimeError("a retraining run is already in progress")
        self.state, self.stderr_tail = RetrainState(), []
        self._buffer, self._cancelling, self._reported = b"", False, False
        proc = QProcess(self)
        proc.setProgram(argv[0])
        proc.setArguments(list(argv[1:]))
        if cwd is not None:
            proc.setWorkingDirectory(str(cwd))
        if env is not None:
            from PySide6.QtCore import QProcessEnvironment

            qenv = QProcessEnvironment()
            for k, v in env.items():
                qenv.insert(k, v)
            proc.setProcessEnvironment(qenv)
        if sys.platform != "win32":
            proc.setUnixProcessParameters(QProcess.UnixProcessFlag.CreateNewSession)
        proc.readyReadStandardOutput.connect(self._read_stdout)
        proc.readyReadStandardError.connect(self._read_stderr)
        proc.finished.connect(self._on_finished)
        proc.errorOccurred.connect(self._on_error)
        self._proc = proc
        proc.start()

    def cancel(self) -> None:
        """Stop the run: SIGTERM to its process group now, SIGKILL if still alive later.
        Does nothing once the run is done (its model is installed) or over."""
        if not self.can_cancel:
            return
        self._cancelling = True
        self._signal(kill=False)
        QTimer.singleShot(self.kill_after_ms, self._kill_if_running)

    def stop(self, wait_ms: int = 3000) -> None:
        """End the run and wait for its process to end (the app quits: a QProcess destroyed
        while its process runs kills it with no time to clean up). SIGTERM to its process
        group, as Cancel (the run removes its staging folder and exits), then SIGKILL if it
        has not ended within ``wait_ms``. A run that said "done" is only waited for (then
        killed). ``finished`` is emitted before this returns."""
        if not self.running:
            return
        if self.can_cancel:
            self._cancelling = True
            self._signal(kill=False)
        if not self.wait(wait_ms):
            self._signal(kill=True)
            self.wait(5000)

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until the process ends (tests, shutdown). True if it ended."""
        if self._proc is None:
            return True
        return self._proc.state() == QProcess.ProcessState.NotRunning or \
            self._proc.waitForFinished(timeout_ms)

    # ----------------------------------------------------------------- internals

    def _signal(self, kill: bool) -> None:
        """SIGTERM (or SIGKILL when ``kill``) to the child's process group."""
        proc, pid = self._proc, self.pid()
        if proc is None or pid <= 0:
            return
        if sys.platform == "win32":
            if kill:
                proc.kill()
            else:
                proc.terminate()
            return
        sig = signal.SIGKILL if kill else signal.SIGTERM
        try:
            os.killpg(pid, sig)  # the child leads its own session: pgid == pid
        except OSError:
            try:
                os.kill(pid, sig)
            except OSError:
                pass

    def _kill_if_running(self) -> None:
        if self.can_cancel:  # a run that said "done" is only exiting: let it
            self._signal(kill=True)

    def _read_stdout(self) -> None:
        assert self._proc is not None
        self._buffer += bytes(self._proc.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for raw in lines:
            ev = parse_event(raw.decode("utf-8", "replace"))
            if ev is not None:
                self._dispatch(ev)

    def _dispatch(self, ev: dict[str, Any]) -> None:
        self.state.apply(ev)
        self.event.emit(ev)

    def _read_stderr(self) -> None:
        assert self._proc is not None
        text = bytes(self._proc.readAllStandardError().data()).decode("utf-8", "replace")
        self.stderr_tail = (self.stderr_tail + [ln for ln in text.splitlines() if ln.strip()])[
            -STDERR_LINES:]

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._proc is not None:
            why = self._proc.errorString()
            self._finish("error", f"Could not start the training process: {why}")

    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read_stdout()
        if self._buffer.strip():
            ev = parse_event(self._buffer.decode("utf-8", "replace"))
            self._buffer = b""
            if ev is not None:
                self._dispatch(ev)
        st = self.state
        if st.outcome == "done":  # installed, whatever happened while the process exited
            self._finish("done", st.name)
        elif self._cancelling or st.outcome == "cancelled":
            self._finish("cancelled", "Cancelled")
        elif st.outcome == "error":
            self._finish("error", st.error)
        elif status == QProcess.ExitStatus.CrashExit:
            self._finish("crashed", "The training process stopped unexpectedly (it was killed or "
                         "crashed)" + self._stderr_hint())
        else:
            self._finish("error", f"The training process exited with status {code}"
                         + self._stderr_hint())

    def _stderr_hint(self) -> str:
        return f": {self.stderr_tail[-1]}" if self.stderr_tail else ""

    def _finish(self, outcome: str, message: str) -> None:
        if self._reported:
            return
        self._reported = True
        self.finished.emit(outcome, message)

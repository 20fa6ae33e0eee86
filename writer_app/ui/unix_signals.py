"""Unix signals (SIGTERM at logout or shutdown, SIGHUP) delivered into the Qt event loop.

Python runs a signal handler only when the interpreter next executes Python code; while
Qt's event loop waits in C++ for events, that may be never (until a key or timer). The
standard remedy (Python docs, ``signal.set_wakeup_fd``; Qt docs, "Calling Qt Functions
From Unix Signal Handlers") is a socket pair: the C-level handler writes the signal number
to one end, a ``QSocketNotifier`` on the other end wakes the loop, and the slot runs on the
GUI thread, where Qt may be used.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Iterable

from PySide6.QtCore import QObject, QSocketNotifier, Signal

# What the session manager sends: SIGTERM at logout and shutdown, SIGHUP when the terminal
# goes away. (SIGINT stays Python's KeyboardInterrupt.) Windows has neither hang-up nor a
# TERM that reaches a GUI process.
QUIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


class SignalWatcher(QObject):
    """Emits ``received(signum)`` on the GUI thread for each of ``signals`` delivered to
    the process, instead of the default action (for SIGTERM: dying at once). Create it on
    the main thread; ``close()`` restores the previous handlers. Raises ValueError off the
    main thread (``signal.signal``'s rule)."""

    received = Signal(int)

    def __init__(self, signals: Iterable[int] = QUIT_SIGNALS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._wanted = set(signals)
        self._old_fd = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        # A Python-level handler is needed so the default action (termination) is not taken;
        # the work is done in _drain, on the event loop.
        self._old = {signum: signal.signal(signum, _note) for signum in self._wanted}
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _drain(self) -> None:
        try:
            data = self._read.recv(256)
        except OSError:  # BlockingIOError: nothing (left) to read
            return
        for signum in data:  # one byte per delivered signal: its number
            if signum in self._wanted:
                self.received.emit(signum)

    def close(self) -> None:
        """Give the signals their previous handlers back and stop watching."""
        self._notifier.setEnabled(False)
        for signum, old in self._old.items():
            signal.signal(signum, old)
        self._old.clear()
        signal.set_wakeup_fd(self._old_fd)
        self._read.close()
        self._write.close()


def _note(_signum: int, _frame: object) -> None:
    """The Python-level handler: nothing to do here (``SignalWatcher._drain`` acts)."""

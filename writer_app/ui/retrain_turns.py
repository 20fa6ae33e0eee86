"""One retraining at a time per app: each window has its own Retrain dialog
(ui/retrain_dialog.py), and this module knows them all, by the app (``host``) they serve.

A tester started a second run from File → New's window while the first ran: both trained
on the same CPU, each from the same base model, and both result pages said "Now using …",
though only the one that finished last was. So a dialog asked to show while another of
the same app runs (or is open, showing its result) shows that one instead, and a dialog
open when another starts says why it cannot start (``why_not_now``). A run of another
Inkling process is seen in the model store (a staging folder its training process holds
locked): a tester's second instance trained beside the first, twice as slowly, and the two
disagreed about which model was in use.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QTimer
from shiboken6 import isValid

OTHER_PROCESS_POLL_MS = 3000  # how often a dialog kept waiting by another Inkling's run looks again


class _Runner(Protocol):
    @property
    def running(self) -> bool: ...


class RetrainWindow(Protocol):
    """What this module reads of a Retrain dialog."""

    host: object
    runner: _Runner

    def isVisible(self) -> bool: ...  # noqa: N802 (Qt's name)

    def refresh(self) -> None: ...


_dialogs: list[RetrainWindow] = []  # every Retrain dialog alive, of any app


def register(dialog: RetrainWindow) -> None:
    """Count ``dialog`` among its app's Retrain dialogs (until Qt deletes it)."""
    _dialogs.append(dialog)


def others(dialog: RetrainWindow) -> list[RetrainWindow]:
    """The other Retrain dialogs alive of ``dialog``'s app."""
    _dialogs[:] = [d for d in _dialogs if isValid(d)]  # a window closed takes its dialog
    return [d for d in _dialogs if d is not dialog and d.host is dialog.host]


def running_elsewhere(dialog: RetrainWindow) -> RetrainWindow | None:
    """The dialog of another window of ``dialog``'s app whose run is going, if any."""
    return next((d for d in others(dialog) if d.runner.running), None)


class _Store(Protocol):
    def runs_in_progress(self) -> int: ...


_ONE_AT_A_TIME = ("Inkling runs one at a time (two would slow each other, and the later would "
                  "replace the earlier's model): start this one once it is done.")


def why_not_now(dialog: RetrainWindow, store: _Store) -> str:
    """Why ``dialog`` cannot start a run now, '' when it can: a run of another window of
    its app, or of another Inkling process in ``store`` (none while its own run goes)."""
    if dialog.runner.running:
        return ""
    if running_elsewhere(dialog) is not None:
        return f"A retraining started in another window is running. {_ONE_AT_A_TIME}"
    if store.runs_in_progress():
        if dialog.isVisible():  # no signal comes from another process: look again in a while
            _look_again(dialog)
        return f"A retraining started in another Inkling is running. {_ONE_AT_A_TIME}"
    return ""


_waiting: list[RetrainWindow] = []  # dialogs with a look again pending (one each)


def _look_again(dialog: RetrainWindow) -> None:
    """``dialog.refresh()`` in OTHER_PROCESS_POLL_MS, once however often this is asked."""
    if any(d is dialog for d in _waiting):
        return
    _waiting.append(dialog)

    def look() -> None:
        _waiting[:] = [d for d in _waiting if d is not dialog]
        if isValid(dialog):
            dialog.refresh()

    QTimer.singleShot(OTHER_PROCESS_POLL_MS, look)


def open_elsewhere(dialog: RetrainWindow) -> RetrainWindow | None:
    """The dialog to show when ``dialog`` is asked to: another of its app whose run is
    going, else (``dialog`` not shown already) another shown (its result, say); None:
    ``dialog`` itself."""
    running = running_elsewhere(dialog)
    if running is not None or dialog.isVisible():
        return running
    return next((d for d in others(dialog) if d.isVisible()), None)

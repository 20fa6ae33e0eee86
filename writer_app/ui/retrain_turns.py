"""One retraining at a time per app: each window has its own Retrain dialog
(ui/retrain_dialog.py), and this module knows them all, by the app (``host``) they serve.

A tester started a second run from File → New's window while the first ran: both trained
on the same CPU, each from the same base model, and both result pages said "Now using …",
though only the one that finished last was. So a dialog asked to show while another of
the same app runs (or is open, showing its result) shows that one instead, and a dialog
open when another starts says why it cannot start (``running_elsewhere``).
"""

from __future__ import annotations

from typing import Protocol

from shiboken6 import isValid


class _Runner(Protocol):
    @property
    def running(self) -> bool: ...


class RetrainWindow(Protocol):
    """What this module reads of a Retrain dialog."""

    host: object
    runner: _Runner

    def isVisible(self) -> bool: ...  # noqa: N802 (Qt's name)


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


def open_elsewhere(dialog: RetrainWindow) -> RetrainWindow | None:
    """The dialog to show when ``dialog`` is asked to: another of its app whose run is
    going, else (``dialog`` not shown already) another shown (its result, say); None:
    ``dialog`` itself."""
    running = running_elsewhere(dialog)
    if running is not None or dialog.isVisible():
        return running
    return next((d for d in others(dialog) if d.isVisible()), None)

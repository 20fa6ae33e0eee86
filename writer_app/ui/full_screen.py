"""View → Full Screen (F11): the window over the whole screen, its menus and status bar kept.

F11 again leaves it, as in Notepad++, VS Code and browsers; Esc does not, since Esc
dismisses a suggestion (ghost_keys.GHOST_KEYS). A window that was maximized before is
maximized again after.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget


class FullScreen(QObject):
    """Switches ``window`` into and out of full screen (``toggle``), and keeps ``action``
    (made checkable) checked exactly while the window is full screen, however it got there
    or left (the window manager's own key too)."""

    def __init__(self, window: QWidget, action: QAction) -> None:
        super().__init__(window)
        self._window, self._action = window, action
        action.setCheckable(True)
        action.setChecked(window.isFullScreen())
        window.installEventFilter(self)

    def toggle(self) -> None:
        """Full screen if the window is not, else back to its state before (maximized or not)."""
        self._window.setWindowState(self._window.windowState() ^ Qt.WindowState.WindowFullScreen)
        self._action.setChecked(self._window.isFullScreen())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.WindowStateChange:
            self._action.setChecked(self._window.isFullScreen())
        return False

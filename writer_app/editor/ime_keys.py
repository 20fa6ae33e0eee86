"""Key presses on their way to an input method, seen before Qt hands them over (X11 only).

On X11 Qt gives every key press to the input-method plugin before anything else (IBus:
asynchronously, over D-Bus). A key the input method keeps never becomes a QKeyEvent, and
an input method that does not embed its preedit in the editor (IBus with
embed-preedit-text off) sends no QInputMethodEvent while composing either: the X key press
itself is the only trace of the composition. A native event filter sees it first.

Other platforms (Wayland, Windows, macOS, offscreen) give no such trace; there the editor
relies on the input-method events alone (editor/composition.py).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray
from PySide6.QtGui import QGuiApplication

_XCB_EVENT = b"xcb_generic_event_t"
_XCB_KEY_PRESS = 2  # xproto.h XCB_KEY_PRESS; the high bit of response_type marks SendEvent
# Key presses with these held are commands, never composition keys: Control, Mod1 (Alt),
# Mod4 (Super) in the X core protocol's state mask.
_COMMAND_MASK = 0x4 | 0x8 | 0x40


class _XcbKeyPress(ctypes.Structure):
    """xcb_key_press_event_t (xcb/xproto.h), 32 bytes."""

    _fields_ = [
        ("response_type", ctypes.c_uint8), ("detail", ctypes.c_uint8),
        ("sequence", ctypes.c_uint16), ("time", ctypes.c_uint32),
        ("root", ctypes.c_uint32), ("event", ctypes.c_uint32), ("child", ctypes.c_uint32),
        ("root_x", ctypes.c_int16), ("root_y", ctypes.c_int16),
        ("event_x", ctypes.c_int16), ("event_y", ctypes.c_int16),
        ("state", ctypes.c_uint16), ("same_screen", ctypes.c_uint8), ("pad0", ctypes.c_uint8),
    ]


class X11KeyWatcher(QAbstractNativeEventFilter):
    """Calls ``on_key(time)`` for each plain key press (no Ctrl/Alt/Super) that X delivers
    to the window ``window_id()`` returns; ``time`` is the X server time in ms, the same
    value as the QKeyEvent.timestamp() of that press if it ever reaches a widget.
    Never consumes an event."""

    def __init__(self, window_id: Callable[[], int], on_key: Callable[[int], None]) -> None:
        super().__init__()
        self._window_id, self._on_key = window_id, on_key

    @staticmethod
    def available() -> bool:
        """True where this watcher sees anything: Qt's xcb platform."""
        return QGuiApplication.platformName() == "xcb"

    def nativeEventFilter(self, event_type: QByteArray | bytes, message: object) -> tuple[bool, int]:  # noqa: N802
        # ``message`` is a shiboken VoidPtr of unknown size (so falsy): only int() reads it.
        address = int(message)  # type: ignore[call-overload]
        if address and bytes(event_type) == _XCB_EVENT:
            if ctypes.c_uint8.from_address(address).value & 0x7F == _XCB_KEY_PRESS:
                press = _XcbKeyPress.from_address(address)
                if not press.state & _COMMAND_MASK and press.event == self._window_id():
                    self._on_key(press.time)
        return False, 0

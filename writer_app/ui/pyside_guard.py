"""Work around a PySide6 6.12 reference-count bug that crashes Python 3.11.

Measured here (PySide6-Essentials 6.12.0, abi3 wheel, CPython 3.11): every call of a
wrapped C++ method that returns void hands back ``None`` without taking a reference,
and ``SignalInstance.emit()`` does the same with ``True``. Python then releases a
reference it never got, so after a few thousand calls the count of ``None`` reaches
zero and the interpreter aborts ("Fatal Python error: none_dealloc"). On Python 3.12+
``None``/``True``/``False`` are immortal (PEP 683) and the bug is harmless.

The guard probes for the bug and, only on CPython < 3.12 where it is present, gives
those three objects a reference count so large that it cannot reach zero, which is what
3.12 does for them. Importing ``writer_app.ui`` applies it.
"""

from __future__ import annotations

import ctypes
import platform
import sys

# 2**40 leaked releases is ~35 years of 1000 void calls per second.
_RESERVE = 1 << 40
_PROBE_CALLS = 64


def void_call_drops_none() -> bool:
    """True if calling a void Qt method releases a reference to None (the bug)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        probe.setObjectName("probe")
    return sys.getrefcount(None) <= before - _PROBE_CALLS // 2


def emit_drops_true() -> bool:
    """True if ``Signal.emit()`` releases a reference to True (the bug)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBE_CALLS):
        probe.ping.emit()
    return sys.getrefcount(True) <= before - _PROBE_CALLS // 2


def _reserve_refs(obj: object) -> None:
    # CPython < 3.12 (non-debug): ob_refcnt is the first field, a Py_ssize_t.
    ctypes.c_ssize_t.from_address(id(obj)).value += _RESERVE


_applied = False


def apply() -> bool:
    """Protect this process if it needs it; returns True if the guard was applied."""
    global _applied
    if _applied:
        return True
    if platform.python_implementation() != "CPython" or sys.version_info >= (3, 12):
        return False
    if hasattr(sys, "gettotalrefcount"):  # debug build: different object layout
        return False
    if not (void_call_drops_none() or emit_drops_true()):
        return False
    for obj in (None, True, False):
        _reserve_refs(obj)
    _applied = True
    return True

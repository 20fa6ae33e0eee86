"""Ctrl+mouse wheel zooms the text as Format → Zoom In / Out do: through the window's zoom
(Settings.zoom, saved), never QPlainTextEdit's own wheel zoom, which changed the font on
screen only (and scrolled a page instead while the text was editable)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea

NOTCH = 120  # angleDelta units of one wheel notch (Qt's eighths of a degree: 15 degrees)


class WheelZoom(QObject):
    """Watches ``area``'s viewport: Ctrl+wheel calls ``zoom(steps)``, one step (a point, in
    the window's zoom) a notch, + turned away from the writer, - towards; a touchpad's
    small deltas are added up to whole notches. Other wheel events pass on (they scroll)."""

    def __init__(self, area: QAbstractScrollArea, zoom: Callable[[int], None]) -> None:
        super().__init__(area)
        self._zoom = zoom
        self._pending = 0  # angleDelta not yet a whole notch
        area.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.Wheel or not isinstance(event, QWheelEvent):
            return False
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        delta = event.angleDelta().y()
        if delta * self._pending < 0:  # turned the other way: start again
            self._pending = 0
        self._pending += delta
        steps = int(self._pending / NOTCH)  # towards zero, as the pending rest keeps its sign
        self._pending -= steps * NOTCH
        if steps:
            self._zoom(steps)
        event.accept()
        return True

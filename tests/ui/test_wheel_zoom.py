"""Ctrl+mouse wheel zooms as Zoom In / Out do: the window's zoom, saved."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from writer_app.settings.app_settings import SettingsStore, shown_font_size

from .conftest import AppFactory


def _wheel(editor, delta: int, ctrl: bool = True) -> None:  # noqa: ANN001
    """A wheel turned over the text (+ away from the writer), as the window system sends it."""
    viewport = editor.viewport()
    at = QPointF(40, 40)
    mods = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(viewport, QWheelEvent(
        at, QPointF(viewport.mapToGlobal(at.toPoint())), QPoint(), QPoint(0, delta),
        Qt.MouseButton.NoButton, mods, Qt.ScrollPhase.NoScrollPhase, False))


def test_ctrl_wheel_zooms_and_the_zoom_is_saved(qtbot, make_app: AppFactory) -> None:
    app = make_app()
    w = app.windows[0]
    w.editor.set_document_text("words\n" * 200)
    start = w.editor.font().pointSizeF()
    _wheel(w.editor, 120)
    assert app.settings.zoom == 1.0 and w.editor.font().pointSizeF() == start + 1
    for _ in range(4):  # a touchpad: small deltas, whole notches only
        _wheel(w.editor, 60)
    assert app.settings.zoom == 3.0
    _wheel(w.editor, -120)
    assert app.settings.zoom == 2.0
    assert w.editor.font().pointSizeF() == shown_font_size(app.settings) == start + 2
    assert w.editor.verticalScrollBar().value() == 0  # zoomed, not scrolled a page
    assert SettingsStore(app.settings_store.path).load().zoom == 2.0  # kept for the next session
    w.act_zoom_reset.trigger()  # Ctrl+0 undoes a wheel's zoom as it does the keys'
    assert w.editor.font().pointSizeF() == start and app.settings.zoom == 0.0


def test_ctrl_wheel_over_read_only_text_zooms_the_same_way(qtbot, make_app: AppFactory) -> None:
    """Read-only, QPlainTextEdit zoomed its font itself, shown but never saved."""
    app = make_app()
    w = app.windows[0]
    w.editor.setReadOnly(True)
    start = w.editor.font().pointSizeF()
    _wheel(w.editor, -120)
    assert app.settings.zoom == -1.0 and w.editor.font().pointSizeF() == start - 1
    assert SettingsStore(app.settings_store.path).load().zoom == -1.0


def test_the_wheel_without_ctrl_still_scrolls(qtbot, make_app: AppFactory) -> None:
    app = make_app()
    w = app.windows[0]
    w.editor.set_document_text("words\n" * 200)
    _wheel(w.editor, -120, ctrl=False)
    assert w.editor.verticalScrollBar().value() > 0 and app.settings.zoom == 0.0

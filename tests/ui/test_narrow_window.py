"""A narrow window: the status bar lays out at any width without re-entering itself."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from writer_app.ui.status_bar import EditorStatusBar

from .conftest import AppFactory
from .test_window_keys import LONG_MESSAGE, _is_whole, _message_room

WIDTHS = (350, 320, 300, 160)  # a tester's xdotool windowsize: each crashed (endless resizeEvent)


@pytest.fixture
def entries(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The depth of each _make_room call (1: not inside another); a re-entered call goes no
    deeper, so the old endless recursion shows as a 2 instead of a crash."""
    depths: list[int] = []
    active = [0]
    make_room = EditorStatusBar._make_room

    def counted(self: EditorStatusBar) -> None:
        active[0] += 1
        depths.append(active[0])
        try:
            if active[0] == 1:
                make_room(self)
        finally:
            active[0] -= 1

    monkeypatch.setattr(EditorStatusBar, "_make_room", counted)
    return depths


def _labels_inside(status) -> bool:  # noqa: ANN001
    """Every label shown lies within the bar, right of the message's room."""
    shown = [w for w in status.findChildren(QLabel) if w.isVisible()]
    return all(0 <= w.x() and w.geometry().right() < status.width() for w in shown) and (
        _message_room(status) >= 0)


def test_a_window_narrowed_below_its_labels_lays_out_once(qtbot, make_app: AppFactory,
                                                          entries: list[int]) -> None:
    """As xdotool or a window manager ignoring the minimum size narrows it: the status bar
    is as wide as the window, its labels step aside, the message stays readable."""
    w = make_app().windows[0]
    w.setMinimumSize(1, 1)  # the window system's size, not Qt's minimum
    status = w.status
    status.set_counts(123_456, 765_432)
    message = "Suggestions come at the end of a paragraph"
    status.showMessage(message, 60000)
    for width in WIDTHS:
        entries.clear()
        w.resize(width, 500)
        qtbot.waitUntil(lambda width=width: w.width() == width)
        QApplication.processEvents()
        assert entries and max(entries) == 1, f"re-entered at {width} px"
        assert status.width() == width
        assert status.currentMessage() == message and _is_whole(status, message)
        assert _labels_inside(status)


def test_the_window_may_be_made_that_narrow(qtbot, make_app: AppFactory) -> None:
    """The status bar's minimum does not follow its labels (it held the window at 440 px)."""
    w = make_app().windows[0]
    w.status.set_counts(123_456, 765_432)
    for width in WIDTHS:
        w.resize(width, 500)
        qtbot.waitUntil(lambda width=width: w.width() == width)
        QApplication.processEvents()
        assert w.status.width() == width and _labels_inside(w.status)
    w.resize(1280, 500)  # and every label comes back when there is room
    qtbot.waitUntil(lambda: w.width() == 1280)
    QApplication.processEvents()
    assert all(label.isVisible() for label in (w.status.model_label, w.status.latency_label,
                                               w.status.encoding_label, w.status.count_label))


@pytest.mark.parametrize("width", (350, 160))
def test_a_long_message_beside_the_autosave_indicator_is_readable(qtbot, make_app: AppFactory,
                                                                  width: int) -> None:
    """Both want the room: the indicator is cut (or steps aside while the message lasts)
    and the message gets at least 30 characters of its one line, cut with "…"."""
    w = make_app().windows[0]
    status = w.status
    w.resize(width, 500)
    qtbot.waitUntil(lambda: w.width() == width)
    status.set_autosave_problem("Autosave is off: cannot use /home/writer/.local/share/inkling/"
                                "recovery: [Errno 13] Permission denied")
    status.showMessage(LONG_MESSAGE, 60000)
    QApplication.processEvents()
    assert _is_whole(status, LONG_MESSAGE) and _labels_inside(status)
    assert _message_room(status) >= min(width - 40, 30 * status.fontMetrics().averageCharWidth())
    assert status.height() < 40
    status.clearMessage()  # the indicator is back, as wide as the bar allows
    QApplication.processEvents()
    assert status.autosave_label.isVisible() and _labels_inside(status)
    assert status.height() < 40

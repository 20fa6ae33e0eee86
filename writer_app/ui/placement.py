"""Where a window goes on the screen, and how big it may be there: within the screen's
available area (QScreen.availableGeometry: the screen less panels and docks), its
frame (title bar, borders) included. All sizes and positions in logical pixels."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QWidget

CASCADE_PX = 28  # a new window's offset from the last one opened, so it does not hide it
# A frame not known yet (a window never shown): a title bar and borders as window
# managers commonly draw them, so a window fitted before it is shown still fits after.
FRAME_GUESS = QSize(16, 48)


def frame_size(window: QWidget) -> QSize:
    """What the frame adds to ``window``'s size: measured once it is shown, else at
    least FRAME_GUESS."""
    measured = window.frameGeometry().size() - window.size()
    if window.isVisible():
        return measured
    return measured.expandedTo(FRAME_GUESS)


def fitted_size(size: QSize, frame: QSize, free: QRect) -> QSize:
    """``size``, made smaller where it and ``frame`` would not fit in ``free``."""
    return size.boundedTo(free.size() - frame)


def fit_on_screen(window: QWidget, size: QSize) -> None:
    """Resize ``window`` to ``size``, or less where its screen's available area is smaller
    (a large default on a small or scaled screen: QT_SCALE_FACTOR=2 put a 900x640 window's
    status bar off a 1400x900 screen). A window placed by the app (moved) is then moved,
    where it must be, so that all of it is on that area; one never placed is left to the
    window system, which places a window that fits."""
    screen = window.screen()
    if screen is None:
        window.resize(size)
        return
    free, frame = screen.availableGeometry(), frame_size(window)
    window.resize(fitted_size(size, frame, free))
    if window.testAttribute(Qt.WidgetAttribute.WA_Moved):
        window.move(_inside(QRect(window.pos(), window.size() + frame), free))


def _inside(rect: QRect, free: QRect) -> QPoint:
    """The top left nearest to ``rect``'s that puts it inside ``free`` (its top left,
    where it is bigger)."""
    x = max(free.left(), min(rect.left(), free.right() + 1 - rect.width()))
    y = max(free.top(), min(rect.top(), free.bottom() + 1 - rect.height()))
    return QPoint(x, y)


def cascade(window: QWidget, last: QWidget) -> None:
    """Place ``window`` down and right of ``last``; at the top left of the screen's free
    area instead where it fits there but not down and right (as editors cascade new
    windows)."""
    pos = last.pos() + QPoint(CASCADE_PX, CASCADE_PX)
    screen = last.screen()
    if screen is not None:
        frame = last.frameGeometry().size() - last.size()  # title bar and borders, as last has them
        free, size = screen.availableGeometry(), window.size() + frame
        fits = size.width() <= free.width() and size.height() <= free.height()
        if fits and not free.contains(QRect(pos, size)):
            pos = free.topLeft()
    window.move(pos)

"""A window's size and place fit the screen's available area (a scaled or small screen)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QApplication, QWidget

from writer_app.ui.placement import CASCADE_PX, FRAME_GUESS, cascade, fit_on_screen, fitted_size

from .conftest import AppFactory


def test_the_first_window_fits_the_available_screen(qtbot, make_app: AppFactory) -> None:
    """The offscreen screen is 800 px wide: the 900 px default went past its edge, as
    900x640 went past a 1400x900 screen at QT_SCALE_FACTOR=2 (status bar off-screen)."""
    w = make_app().windows[0]
    QApplication.processEvents()
    free = w.screen().availableGeometry()
    assert free.contains(w.frameGeometry()), (w.frameGeometry(), free)
    assert w.status.isVisible() and free.contains(w.status.geometry().translated(w.geometry().topLeft()))
    assert w.height() == 640  # only what does not fit is made smaller


def test_a_size_is_bounded_by_the_free_area_less_the_frame() -> None:
    half_of_1400x900 = QRect(0, 0, 700, 450)  # QT_SCALE_FACTOR=2 on a 1400x900 screen
    assert fitted_size(QSize(900, 640), QSize(16, 48), half_of_1400x900) == QSize(684, 402)
    assert fitted_size(QSize(600, 300), QSize(16, 48), half_of_1400x900) == QSize(600, 300)


def test_a_placed_window_is_moved_onto_the_screen(qtbot) -> None:
    """A window moved (cascaded, restored) where it would stick out comes back on screen,
    as big as the screen allows."""
    window = QWidget()
    qtbot.addWidget(window)
    free = window.screen().availableGeometry()
    window.move(free.right() - 50, free.bottom() - 50)
    fit_on_screen(window, QSize(5000, 5000))
    assert window.size() == free.size() - FRAME_GUESS
    assert free.contains(QRect(window.pos(), window.size() + FRAME_GUESS))
    window.show()
    qtbot.waitExposed(window)
    fit_on_screen(window, QSize(300, 200))  # shown: its own frame is measured
    assert window.size() == QSize(300, 200) and free.contains(window.frameGeometry())


def test_a_new_window_is_cascaded_from_the_last_on_screen(make_app: AppFactory) -> None:
    app = make_app()
    first = app.windows[0]
    free = first.screen().availableGeometry()
    first.move(40, 40)
    second = app.new_window()  # as wide as the 800 px screen allows: no room down and right
    assert second.pos() == free.topLeft() != first.pos()
    assert free.contains(second.frameGeometry())
    small, last = QWidget(), QWidget()
    small.resize(200, 150)
    last.move(40, 40)
    cascade(small, last)
    assert small.pos() == QPoint(40 + CASCADE_PX, 40 + CASCADE_PX)  # not on top of it
    last.move(free.right() - 100, free.bottom() - 100)  # no room down and right: the top left
    cascade(small, last)
    assert small.pos() == free.topLeft()

"""The editor's watch on its input method: may it hold uncommitted input, and keep the
preedit it shows when the editor loses it.

GhostTextEdit shows no suggestion while ``InputMethodWatch.busy``. The watch feeds
editor/composition.py's rules with what reaches the editor: every input-method event, the
key presses handed to the input method (X11 only, editor/ime_keys.py), those keys coming
back as key events, and a timer for the ones it kept. It also watches the top-level
window: when the window is about to lose focus, the editor commits the preedit shown
before Qt's IBus plugin would drop it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWindow
from PySide6.QtWidgets import QWidget

from writer_app.editor.composition import KEY_KEPT_AFTER_S, CompositionTracker, KeysAtInputMethod
from writer_app.editor.ghost_keys import MODIFIER_KEYS, is_plain
from writer_app.editor.ime_keys import X11KeyWatcher


class InputMethodWatch(QObject):
    """Whether an input method may hold uncommitted input for ``editor`` (a child of it).

    ``on_kept()`` is called when keys handed to the input method were kept by it (the writer
    is composing); ``on_window_leaving()`` when the editor has focus and its window is
    about to lose it.
    """

    def __init__(self, editor: QWidget, on_kept: Callable[[], None],
                 on_window_leaving: Callable[[], None]) -> None:
        super().__init__(editor)
        self._editor = editor
        self._on_kept, self._on_window_leaving = on_kept, on_window_leaving
        self._tracker = CompositionTracker()
        self._keys = KeysAtInputMethod()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check_kept_keys)
        self._window: QWindow | None = None  # the top-level window, for its focus changes
        if X11KeyWatcher.available():
            app = QGuiApplication.instance()
            watcher = X11KeyWatcher(lambda: int(editor.window().internalWinId()), self.key_sent)
            app.installNativeEventFilter(watcher)
            self._key_watcher = watcher  # kept alive with the editor, removed with it
            editor.destroyed.connect(lambda _obj=None, w=watcher: app.removeNativeEventFilter(w))

    @property
    def busy(self) -> bool:
        """True while an input method may hold uncommitted input: a preedit is shown, or
        it kept keys or hid its preedit with no sign that the composition ended, or a key
        is on its way through it (editor/composition.py)."""
        return self._tracker.busy or bool(self._keys)

    @property
    def visible_preedit(self) -> str:
        """The preedit the input method shows in the editor ('' for none)."""
        return self._tracker.visible_preedit

    def input_method_event(self, commit: str, preedit: str) -> None:
        """The editor received a QInputMethodEvent: its commit and preedit strings."""
        self._keys.answered()  # the input method answered the keys it was given
        self._tracker.on_input_method(commit, preedit)

    def composition_ended(self) -> None:
        """The editor committed the preedit itself: the input method is reset to forget it."""
        self._tracker.reset()
        self._keys.answered()
        QGuiApplication.inputMethod().reset()

    def text_replaced(self) -> None:
        """The editor's whole text was replaced: a composition does not survive it."""
        if self._tracker.busy:
            self._tracker.reset()
            QGuiApplication.inputMethod().reset()
        self._keys.answered()

    def key_sent(self, x_time: int) -> None:
        """A plain key press (X server time ``x_time``, ms) was handed to the input method
        for the editor's window (editor/ime_keys.py). Until it comes back as a key event or
        the input method answers with an event, the watch is busy; if neither happens
        within KEY_KEPT_AFTER_S the input method kept it: it is composing."""
        if not self._editor.hasFocus():
            return
        self._tracker.on_key_sent()
        self._keys.sent(x_time, time.monotonic())
        if not self._timer.isActive():
            self._timer.start(round(KEY_KEPT_AFTER_S * 1000))

    def key_came_back(self, event: QKeyEvent) -> bool:
        """Note a key event (a ShortcutOverride or KeyPress) back from the input method;
        False if it is not one of the keys handed to it while others are still out."""
        ours, kept = self._keys.came_back(event.timestamp())
        if kept:
            self._tracker.on_key_swallowed()
        return ours

    def key_delivered(self, event: QKeyEvent) -> None:
        """A KeyPress reached the editor: a plain one the input method let through means
        it holds nothing."""
        if self.key_came_back(event) and is_plain(event) and event.key() not in MODIFIER_KEYS:
            self._tracker.on_key_delivered()

    def _check_kept_keys(self) -> None:
        now = time.monotonic()
        if self._keys.take_kept(now):
            self._tracker.on_key_swallowed()
            self._on_kept()
        due = self._keys.next_check_in(now)
        if due is not None:
            self._timer.start(max(1, round(due * 1000)))

    def watch_window(self, handle: QWindow | None) -> None:
        """Watch ``handle`` (the editor's top-level window, once shown) for focus changes."""
        if handle is not None and handle is not self._window:
            if self._window is not None:
                self._window.removeEventFilter(self)
            handle.installEventFilter(self)
            self._window = handle

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (watched is self._window and event.type() == QEvent.Type.FocusAboutToChange
                and self._editor.hasFocus()):
            # The window is losing focus: Qt's window asks the input method to commit before
            # the editor hears of it, and IBus's plugin then only clears the preedit.
            self._on_window_leaving()
        return super().eventFilter(watched, event)

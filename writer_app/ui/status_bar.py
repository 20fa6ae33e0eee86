"""The status bar: autosave trouble, model state, last suggestion latency, encoding,
word/char counts."""

from __future__ import annotations

import html
import os
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizeGrip, QSizePolicy, QStatusBar, QToolTip, QWidget

from writer_app.editor.ghost_text import GhostText
from writer_app.engine.model_choice import ModelRoute
from writer_app.files.names import shown_name
from writer_app.inference.card_file import without_advice

_ONE_LINE = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine
MODEL_LABEL_CHARS = 80  # the model label asks for this much room at most; longer text is elided
# Where a model that cannot be used is said, and what it offers (delete it, go back to
# the bundled model): the model label and its message name it.
MODELS_PLACE = "Model → Manage Models…"
AUTOSAVE_LABEL_CHARS = 160  # whole at 1280 px: the other labels step aside (_make_room)
READABLE_CHARS = 30  # a message beside the autosave indicator gets at least this much a line
_ANY_WIDTH = (1 << 24) - 1  # QWIDGETSIZE_MAX: no maximum width
AUTOSAVE_ADVICE = ("Your text is still in this window. Save it (Save As to another disk if "
                   "this one is full); autosave tries again every few seconds.")


# Shown with a window's suggestions until the writer takes one; short, so that the
# encoding and count labels need not step aside for it (a tester missed the encoding).
HOW_TO_TAKE = "Grey text is a suggestion: Tab takes it, Ctrl+Right a word, Esc leaves it"

class ElidedLabel(QLabel):
    """A label that never asks for more than ``max_chars`` average characters of width and
    shows a long text cut with "…" (the whole text stays in text() and the tooltip), so
    a long message cannot widen the window past the screen."""

    def __init__(self, max_chars: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # names as typed: a model named "<b>draft</b>" was bold
        self._full = ""
        self._max_width = self.fontMetrics().averageCharWidth() * max_chars
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 12)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text
        self.updateGeometry()
        self._elide()

    def text(self) -> str:
        """The whole text, as set (what is shown may be cut)."""
        return self._full

    def sizeHint(self):  # noqa: ANN201, N802
        hint = super().sizeHint()
        m = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + m.left() + m.right() + 8
        hint.setWidth(min(width, self._max_width))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        m = self.contentsMargins()
        room = max(0, self.width() - m.left() - m.right())
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room))


class EditorStatusBar(QStatusBar):
    """Permanent labels on the right; transient messages on the left.

    Every text is current and on one line: a message that needs the room gets it (the
    latency, encoding, count and model labels step aside, in that order, until it is gone;
    in a narrow window the autosave indicator too); a message longer than that is cut with
    "…", its whole text in the bar's tooltip and shown by a click on it (a long model error
    wrapped over 3-4 lines and took them from the editor); the model label is a short
    state, with the reason in its tooltip and, when a model becomes unusable, shown once as
    a message; for a model that cannot be used both name MODELS_PLACE first, the message
    before the reason, so that a cut one still says where to go (a tester's start-up
    message lost its advice at the window's edge); the latency shown is always the named
    model's (it resets when another model is named).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Shown only while autosave fails; stays until an autosave succeeds (not a
        # transient message that a later note would push away).
        self.autosave_label = ElidedLabel(AUTOSAVE_LABEL_CHARS)
        self.autosave_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.autosave_label.setContentsMargins(8, 0, 8, 0)
        self.addPermanentWidget(self.autosave_label)
        self.autosave_label.hide()
        self.model_label = ElidedLabel(MODEL_LABEL_CHARS)
        self.latency_label = QLabel()
        self.encoding_label = QLabel()
        self.count_label = QLabel()
        for label in (self.model_label, self.latency_label, self.encoding_label, self.count_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.addPermanentWidget(label)
        # Room for the widest value, so the bar does not jump while typing.
        metrics = self.latency_label.fontMetrics()
        self.latency_label.setMinimumWidth(metrics.horizontalAdvance("Latency: 9999 ms") + 16)
        self.set_latency(None)
        self.set_counts(0, 0)
        self._model_key: object = None  # what the model label names (latency belongs to it)
        self._reported = ""  # the unusable-model reason last shown as a message
        self._foreign: tuple[object, str] | None = None  # the model and text language last said to differ
        self._progress = ""  # the progress message shown, if any (show_progress)
        self._ghost: GhostText | None = None  # the ghost shown (show_alternative)
        self._alternative = ""  # the "Suggestion 2 of 4" message shown, if any
        self._here = ""  # the note about the cursor's place shown, if any (note_here)
        self._how = ""  # HOW_TO_TAKE while it is shown
        self._taken = False  # the writer took a suggestion in this window: no more HOW_TO_TAKE
        self._elided = False  # the message is longer than its room: cut with "…" (message_tip)
        self.messageChanged.connect(lambda _text: self._make_room())

    # ----------------------------------------------------------------- messages

    def showMessage(self, text: str, timeout: int = 0) -> None:  # noqa: N802 (Qt's name)
        """Show ``text`` on the left for ``timeout`` ms (0: until replaced), whole: the
        labels that would cut it off step aside while it is shown (a file name in it as
        names.shown_name has it)."""
        super().showMessage(shown_name(text), timeout)
        self._make_room()

    def show_progress(self, text: str) -> None:
        """A message that lasts until ``end_progress`` (or another message replaces it)."""
        self._progress = text
        self.showMessage(text)

    def end_progress(self) -> None:
        """Clear the progress message if it is still the one shown (never a later note)."""
        self._progress = self._clear_own(self._progress)

    def note_here(self, text: str) -> None:
        """A note about the cursor's place ("Suggestions come at the end of a paragraph"), for 6 s
        at most: it goes when the cursor moves on (moved_on) or a suggestion is shown."""
        self._here = text
        self.showMessage(text, 6000)

    def moved_on(self) -> None:
        """The cursor moved: a note about where it was (note_here) is not about here."""
        self._here = self._clear_own(self._here)

    def show_alternative(self, ghost: GhostText | None) -> None:
        """Follow the ghost shown (None: none): when Alt+] / Alt+[ shows another of the same
        suggestion's alternatives, say which ("Suggestion 2 of 4", for 3 s); when the
        suggestion goes (accepted, dismissed), so does that message. A suggestion shown
        ends a note that none comes here (note_here)."""
        last, self._ghost = self._ghost, ghost
        if ghost is None:
            self._alternative = self._clear_own(self._alternative)
            self._how = self._clear_own(self._how)
            return
        self._here = self._clear_own(self._here)
        if not self._taken and last is None and not self.currentMessage():
            self._how = HOW_TO_TAKE  # until the writer takes one (a first-day tester's "what
            self.showMessage(HOW_TO_TAKE, 8000)  # is the grey text?")
        if ghost.count > 1 and last is not None and replace(last, index=ghost.index) == ghost != last:
            self._alternative = f"Suggestion {ghost.index + 1} of {ghost.count}"
            self.showMessage(self._alternative, 3000)

    def suggestion_taken(self) -> None:
        """The writer took a suggestion: they know how; HOW_TO_TAKE is not shown again."""
        self._taken = True
        self._how = self._clear_own(self._how)

    def _clear_own(self, message: str) -> str:
        """Clear ``message`` if it is still the one shown (never a later one); "" to forget it."""
        if message and self.currentMessage() == shown_name(message):
            self.clearMessage()
        return ""

    def message_room(self) -> int:
        """Pixels the message area has now: what QStatusBar draws the message in (from 6 px
        to 2 px before the first visible permanent widget, or the size grip)."""
        grip = self.findChild(QSizeGrip)
        right = grip.x() if grip is not None and grip.isVisible() else self.width() - 12
        permanent = (self.autosave_label, self.model_label, self.latency_label, self.encoding_label,
                     self.count_label)  # not findChildren: a tooltip's label is a child too
        labels = (w for w in permanent if w.isVisible())
        right = min([right] + [w.x() - 2 for w in labels])
        return right - 6

    @property
    def message_elided(self) -> bool:
        """True while the message is longer than its room and drawn cut with "…" (its
        whole text: the bar's tooltip, and a click on it)."""
        return self._elided

    def message_rect(self) -> QRect:
        """Where the message is drawn, on one line."""
        return QRect(6, 0, self.message_room(), self.height())

    def show_whole_message(self) -> None:
        """Show the whole of a cut message beside it, as its tooltip (what a click on it does)."""
        if self._elided:
            rect = self.message_rect()
            QToolTip.showText(self.mapToGlobal(rect.topLeft()), self.toolTip(), self, rect)

    def _make_room(self) -> None:
        """Whole texts where the width allows: the message and the autosave indicator get
        the room they need; the latency, encoding, count and model labels step aside for
        them, in that order, and come back when it is free again. Where the message would
        still get less than READABLE_CHARS a line (or what it needs, if less), the
        indicator is cut (elided) to leave it that, or steps aside while the message lasts
        where even its minimum leaves less (a narrow window); a message longer than its
        room is cut with "…" on its one line, whole in the bar's tooltip. Only the labels
        change: the bar's width is the window's (minimumSizeHint), so this never resizes
        the bar, and its height is one line's."""
        yielding = (self.latency_label, self.encoding_label, self.count_label, self.model_label)
        message = self.currentMessage()
        autosave = self.autosave_label
        autosave.setMaximumWidth(_ANY_WIDTH)
        autosave.setVisible(bool(autosave.text()))
        for label in yielding:
            label.setVisible(True)
        self._set_elided(False, message)
        if not self.isVisible():
            return
        needed = self.fontMetrics().horizontalAdvance(message) + 4 if message else 0

        def whole() -> bool:
            self.layout().activate()
            cut = any(label.isVisible() and QLabel.text(label) != label.text()
                      for label in (autosave, self.model_label))
            return not cut and self.message_room() >= needed

        for label in yielding:
            if whole():
                break
            label.setVisible(False)
        self.layout().activate()
        readable = min(needed, self.fontMetrics().averageCharWidth() * READABLE_CHARS)
        if autosave.isVisible() and self.message_room() < readable:
            self._cut_autosave(readable)
        self._set_elided(bool(message) and self.message_room() < needed, message)
        self.update()

    def _set_elided(self, elided: bool, message: str) -> None:
        """Cut (``elided``) or not: the bar's tooltip and cursor say the whole text is there."""
        self._elided = elided
        self.setToolTip(f"<p>{html.escape(message)}</p>" if elided else "")  # rich text: wrapped
        if elided:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.unsetCursor()

    def _cut_autosave(self, readable: int) -> None:
        """Narrow the autosave indicator (not below its minimum) so the message gets
        ``readable`` pixels a line; hide it while the message lasts if it still does not."""
        autosave = self.autosave_label
        autosave.setMaximumWidth(max(autosave.minimumWidth(),
                                     autosave.width() - (readable - self.message_room())))
        self.layout().activate()
        if self.message_room() < readable:
            autosave.setVisible(False)
            self.layout().activate()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if not (self._elided and self.currentMessage()):
            super().paintEvent(event)
            return
        rect = self.message_rect()
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        cut = self.fontMetrics().elidedText(self.currentMessage(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, _ONE_LINE, cut)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """A click on a cut message shows it whole (show_whole_message; on the release, since
        a tooltip goes at any press or release)."""
        if self._elided and self.message_rect().contains(event.position().toPoint()):
            self.show_whole_message()
            return
        super().mouseReleaseEvent(event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """No minimum width: at any width the labels step aside or are cut (_make_room).
        QStatusBar's own minimum is its visible labels' widths, which _make_room changes:
        the window then grew or shrank to it and resized the bar, whose resizeEvent made
        room again, without end when the window system kept the window narrower (a window
        narrowed to 350 px crashed)."""
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # the room depends on the width alone
            self._make_room()

    # ------------------------------------------------------------------- labels

    def _naming(self, key: object) -> None:
        """The model label names ``key`` now: a latency measured for another is stale."""
        if key != self._model_key:
            self._model_key = key
            self.set_latency(None)

    def _report_unusable(self, text: str) -> None:
        if text != self._reported:
            self._reported = text
            self.showMessage(text, 10000)

    def set_model(self, name: str, enabled: bool, reason: str = "", loading: bool = False) -> None:
        """``name`` empty means no model; ``reason`` then says why suggestions are off (in
        the tooltip, and once as a message after MODELS_PLACE, without the reason's own
        advice: the label says only that it cannot be used, and where to see to it)."""
        self._naming(None if loading else name)
        if loading:
            self.model_label.setText("Loading model…")
            self.model_label.setToolTip("")
        elif not name:
            self.model_label.setText(f"Suggestions off: the model cannot be used ({MODELS_PLACE})"
                                     if reason else "No model")
            self.model_label.setToolTip(reason)
            if reason:
                self._report_unusable(f"Suggestions off ({MODELS_PLACE}): {without_advice(reason)}")
        elif not enabled:
            self.model_label.setText(f"Model: {name} (suggestions off)")
            self.model_label.setToolTip("Turn suggestions on in the Suggestions menu.")
        else:
            self.model_label.setText(f"Model: {name}")
            self.model_label.setToolTip("")

    def set_route(self, route: ModelRoute, state: str, reason: str, enabled: bool) -> None:
        """The model the text near the cursor goes to. ``state``: "ready", "loading" (loads
        on the next request) or "failed" (``reason`` says why: whole in the label's tooltip;
        the label says "its model is damaged" or "missing", as Manage Models lists it, and
        MODELS_PLACE, and so does the message once, before the reason)."""
        how = (f"Chosen by the script of the text before the cursor ({route.language_name}); "
               "the Model menu fixes one model." if route.automatic else "Chosen in the Model menu.")
        self._naming(route.folder)
        if state == "failed":
            who = f"{route.language_name} suggestions off" if route.automatic else "Suggestions off"
            state = "missing" if not route.folder.exists() else "damaged"  # as Manage Models lists it
            self.model_label.setText(f"{who}: its model is {state} ({MODELS_PLACE})")
            others = "\nText in other languages still gets suggestions." if route.automatic else ""
            self.model_label.setToolTip(f"{route.name} ({route.folder}) cannot be used: {reason}{others}")
            why = without_advice(_within(reason, route.folder))
            self._report_unusable(f"{who}: {route.name} is {state} ({MODELS_PLACE}): {why}")
            return
        if not enabled:
            self.model_label.setText(f"Model: {route.name} (suggestions off)")
            self.model_label.setToolTip("Turn suggestions on in the Suggestions menu.")
        elif state == "loading":
            self.model_label.setText(f"Loading {route.name}…")
            self.model_label.setToolTip(how)
        else:
            self.model_label.setText(f"Model: {route.name}" + (" (auto)" if route.automatic else ""))
            self.model_label.setToolTip(f"{route.folder}\n{how}")
        self._say_foreign(route if enabled else None)

    def _say_foreign(self, route: ModelRoute | None) -> None:
        """Say so when a fixed choice sends the text to a model of another language
        (ModelRoute.foreign_text): in the label, and once as a message (a tester's Chinese
        text got "THTOYTO" from the English model he had fixed by a misclick)."""
        foreign = route.foreign_text if route is not None else ""
        if route is None or not foreign:
            self._foreign = None
            return
        key = (route.folder, foreign)
        self.model_label.setText(f"Model: {route.name}, for {foreign} text too")
        self.model_label.setToolTip(f"{route.folder}\nChosen in the Model menu for all text. "
                                    "Model → Automatic (by script of the text) gives each "
                                    "language its own model.")
        if key != self._foreign:
            self._foreign = key
            self.showMessage(f"{foreign} text is going to the {route.language_name} model "
                             f"{route.name}, chosen for all text: Model → Automatic (by script "
                             f"of the text) gives it the {foreign} model.", 10000)

    def set_autosave_problem(self, problem: str) -> None:
        """Show why autosave fails (a sentence naming the document) until called with ""."""
        self.autosave_label.setText(shown_name(problem))
        self.autosave_label.setToolTip(f"{shown_name(problem)}\n{AUTOSAVE_ADVICE}" if problem else "")
        self._make_room()  # shows it (or has it step aside for a message in a narrow window)

    def set_latency(self, ms: float | None) -> None:
        self.latency_label.setText("Latency: –" if ms is None else f"Latency: {ms:.0f} ms")

    def set_counts(self, words: int, chars: int, selected: tuple[int, int] | None = None) -> None:
        """The document's counts, and a selection's before them ("12 of 340 words")."""
        w = "word" if words == 1 and selected is None else "words"
        c = "character" if chars == 1 and selected is None else "characters"
        if selected is None:
            self.count_label.setText(f"{words:,} {w} · {chars:,} {c}")
        else:
            self.count_label.setText(f"{selected[0]:,} of {words:,} {w} · {selected[1]:,} of {chars:,} {c}")

    def set_encoding(self, label: str) -> None:
        self.encoding_label.setText(label)


def _within(reason: str, folder: Path) -> str:
    """``reason`` with the model folder's paths shortened to what is in it ("model.json")
    and its own to its name: the status bar has one line, and a tester's saw only the
    folder's path, elided before the cause (the label's tooltip keeps the whole)."""
    return reason.replace(f"{folder}{os.sep}", "").replace(str(folder), folder.name)

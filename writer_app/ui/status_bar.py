"""The status bar: autosave trouble, model state, last suggestion latency, encoding,
word/char counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget

from writer_app.core.model_choice import ModelRoute

MODEL_LABEL_CHARS = 60  # the model label asks for this much room at most; longer text is elided
AUTOSAVE_LABEL_CHARS = 48
AUTOSAVE_ADVICE = ("Your text is still in this window. Save it (Save As to another disk if "
                   "this one is full); autosave tries again every few seconds.")


class ElidedLabel(QLabel):
    """A label that never asks for more than ``max_chars`` average characters of width and
    shows a long text cut with "…" (the whole text stays in text() and the tooltip), so
    a long message cannot widen the window past the screen."""

    def __init__(self, max_chars: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
    """Permanent labels on the right; transient messages on the left."""

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

    def set_model(self, name: str, enabled: bool, reason: str = "", loading: bool = False) -> None:
        """``name`` empty means no model; ``reason`` then says why suggestions are off."""
        if loading:
            self.model_label.setText("Loading model…")
            self.model_label.setToolTip("")
        elif not name:
            self.model_label.setText(f"Suggestions off: {reason}" if reason else "No model")
            self.model_label.setToolTip(reason)
        elif not enabled:
            self.model_label.setText(f"Model: {name} (suggestions off)")
            self.model_label.setToolTip("Turn suggestions on in the Suggestions menu.")
        else:
            self.model_label.setText(f"Model: {name}")
            self.model_label.setToolTip("")

    def set_route(self, route: ModelRoute, state: str, reason: str, enabled: bool) -> None:
        """The model the text near the cursor goes to. ``state``: "ready", "loading" (loads
        on the next request) or "unavailable" (``reason`` says why)."""
        how = (f"Chosen by the script of the text before the cursor ({route.language_name}); "
               "the Model menu fixes one model." if route.automatic else "Chosen in the Model menu.")
        if state == "unavailable":
            who = f"{route.language_name} suggestions off" if route.automatic else "Suggestions off"
            self.model_label.setText(f"{who}: {reason}")
            others = "\nText in other languages still gets suggestions." if route.automatic else ""
            self.model_label.setToolTip(f"{route.name} ({route.folder}) cannot be used: {reason}{others}")
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

    def set_autosave_problem(self, problem: str) -> None:
        """Show why autosave fails (a sentence naming the document) until called with ""."""
        self.autosave_label.setText(problem)
        self.autosave_label.setToolTip(f"{problem}\n{AUTOSAVE_ADVICE}" if problem else "")
        self.autosave_label.setVisible(bool(problem))

    def set_latency(self, ms: float | None) -> None:
        self.latency_label.setText("Latency: –" if ms is None else f"Latency: {ms:.0f} ms")

    def set_counts(self, words: int, chars: int) -> None:
        w = "word" if words == 1 else "words"
        c = "character" if chars == 1 else "characters"
        self.count_label.setText(f"{words:,} {w} · {chars:,} {c}")

    def set_encoding(self, label: str) -> None:
        self.encoding_label.setText(label)

"""The status bar: model state, last suggestion latency, encoding, word/char counts."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from writer_app.core.model_choice import ModelRoute


class EditorStatusBar(QStatusBar):
    """Permanent labels on the right; transient messages on the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_label = QLabel()
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

    def set_latency(self, ms: float | None) -> None:
        self.latency_label.setText("Latency: –" if ms is None else f"Latency: {ms:.0f} ms")

    def set_counts(self, words: int, chars: int) -> None:
        w = "word" if words == 1 else "words"
        c = "character" if chars == 1 else "characters"
        self.count_label.setText(f"{words:,} {w} · {chars:,} {c}")

    def set_encoding(self, label: str) -> None:
        self.encoding_label.setText(label)

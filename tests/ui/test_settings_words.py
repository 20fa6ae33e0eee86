"""Settings in a writer's words and units: a writer with no machine-learning background did
not know "tokens", "beam width" or "confidence threshold"; each row's label and tooltip are
its option's own (one definition, writer_app.settings.options), the decoder's term only in
brackets at the end of the tooltip, and the numbers in seconds, per cent and words."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QLabel, QPushButton

from writer_app.settings.app_settings import Settings
from writer_app.settings.options import option_info
from writer_app.ui.settings_dialog import SettingsDialog

from .conftest import FakePrompter

JARGON = re.compile(r"token|beam|threshold|debounce|logit|top.?k|temperature|greedy|probabilit|"
                    r"\bms\b|model card|inference", re.IGNORECASE)
ROWS = {"debounce": "debounce_ms", "max_tokens": "max_tokens", "beam_width": "beam_width",
        "threshold": "threshold", "autosave": "autosave_idle_s", "ask_now": "ask_now_key"}


def make(qtbot, settings: Settings | None = None) -> SettingsDialog:  # noqa: ANN001
    dialog = SettingsDialog(settings or Settings(), FakePrompter(), Path("/nonexistent/models/en"))
    qtbot.addWidget(dialog)
    return dialog


def shown_texts(dialog: SettingsDialog) -> list[str]:
    """Every text the dialog shows without hovering: labels, boxes, buttons, numbers."""
    texts = [w.text() for kind in (QLabel, QCheckBox, QPushButton) for w in dialog.findChildren(kind)]
    return texts + [w.text() for w in dialog.findChildren(QAbstractSpinBox)]


def test_no_label_or_number_shown_speaks_machine_learning(qtbot) -> None:  # noqa: ANN001
    dialog = make(qtbot, Settings(threshold=0.4, beam_width=3))
    texts = shown_texts(dialog)
    assert "Suggestion length:" in texts and "How sure before showing:" in texts
    assert [t for t in texts if JARGON.search(t)] == []
    for box in (dialog.debounce, dialog.max_tokens, dialog.beam_width, dialog.threshold, dialog.enabled):
        first_part = box.toolTip().split("(")[0]  # the decoder's term may follow, in brackets
        assert not JARGON.search(first_part), box.toolTip()
    assert "(beam width)" in dialog.beam_width.toolTip()
    assert "(confidence threshold)" in dialog.threshold.toolTip()


def test_each_label_and_tooltip_is_its_options_own(qtbot) -> None:  # noqa: ANN001
    dialog = make(qtbot)
    form = dialog.layout().itemAt(0).layout()
    for box, name in ROWS.items():
        widget = getattr(dialog, box)
        info = option_info(Settings, name)
        label = form.labelForField(widget) or form.labelForField(widget.parentWidget())
        if label is None:  # in a row of its own with its note (the suggestion length)
            label = next(form.itemAt(i, form.ItemRole.LabelRole).widget() for i in range(form.rowCount())
                         if form.itemAt(i, form.ItemRole.FieldRole).layout() is not None
                         and form.itemAt(i, form.ItemRole.FieldRole).layout().indexOf(widget) >= 0)
        assert label.text() == info.label + ":"
        assert widget.toolTip().startswith(info.help)
    for box, name in (("enabled", "suggestions_enabled"), ("document_cache", "document_cache")):
        info = option_info(Settings, name)
        assert (getattr(dialog, box).text(), getattr(dialog, box).toolTip()) == (info.label, info.help)


def test_numbers_are_shown_in_seconds_per_cent_and_words(qtbot) -> None:  # noqa: ANN001
    edited = Settings(debounce_ms=250, threshold=0.45, max_tokens=6, beam_width=2, autosave_idle_s=2.5)
    dialog = make(qtbot, edited)
    assert (dialog.debounce.text(), dialog.threshold.text(), dialog.autosave.text()) == ("0.25 s", "45 %", "2.5 s")
    assert dialog.length_note.text() == "up to about 4 English words or 6 Chinese characters"
    assert dialog.values() == edited  # shown and read back: nothing changed unasked
    applied: list[dict] = []
    dialog.applied.connect(applied.append)
    dialog.apply()
    assert applied == [{}]
    dialog.load(Settings())
    assert (dialog.debounce.text(), dialog.threshold.text()) == ("0.12 s", "Automatic")
    assert dialog.values() == Settings()
    dialog.max_tokens.setValue(20)
    assert dialog.length_note.text() == "up to about 12 English words or 19 Chinese characters"

    for box, typed in ((dialog.threshold, "30"), (dialog.debounce, "0.5")):
        box.lineEdit().selectAll()
        qtbot.keyClicks(box, typed)
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert (dialog.values().threshold, dialog.values().debounce_ms) == (0.3, 500)
    dialog.threshold.stepDown()  # 25 %, and down from 0 % the next is Automatic (-1)
    assert dialog.values().threshold == 0.25
    dialog.threshold.set_setting(0.0)
    dialog.threshold.stepDown()
    assert dialog.threshold.text() == "Automatic" and dialog.values().threshold == -1.0

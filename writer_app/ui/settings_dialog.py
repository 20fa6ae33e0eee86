"""The settings dialog: suggestions on/off, the wait after typing, the suggestion's
length, the wordings compared, how sure before showing, the Suggest Now key, the writer's
own model of each language, autosave. Each row's label and tooltip are its option's
(writer_app.settings.options: the Settings fields), in a writer's words and units. OK and
Apply emit ``applied(dict)``, the fields edited; the app saves them and applies them to
every window at once."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

from PySide6.QtCore import QKeyCombination, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from writer_app.editor.ghost_keys import MODIFIER_KEYS
from writer_app.engine.model_choice import LANGUAGE_NAMES
from writer_app.engine.own_models import own_model_of, with_own_model
from writer_app.settings.app_settings import Settings
from writer_app.settings.options import option_info
from writer_app.ui.model_folder_row import ModelFolderRow
from writer_app.ui.option_spin import length_in_words, option_spin
from writer_app.ui.prompts import Prompter
from writer_app.ui.window_keys import ask_now_problem

_PORTABLE = QKeySequence.SequenceFormat.PortableText


_SHIFT, _KEYPAD = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.KeypadModifier
# The keys that leave a key field as they leave any field, never recorded as the key: Tab
# and Shift+Tab (Qt's Backtab) move the focus on, Esc cancels the dialog, Enter presses OK.
LEAVING_KEYS = (
    QKeyCombination(Qt.Key.Key_Tab), QKeyCombination(Qt.Key.Key_Backtab), QKeyCombination(_SHIFT, Qt.Key.Key_Backtab),
    QKeyCombination(Qt.Key.Key_Escape), QKeyCombination(Qt.Key.Key_Return), QKeyCombination(Qt.Key.Key_Enter),
    QKeyCombination(_KEYPAD, Qt.Key.Key_Enter),
)


class KeyField(QKeySequenceEdit):
    """A field that records one key as it is pressed, but for LEAVING_KEYS: each ends the
    entry and then does what it does in any field (QKeySequenceEdit took Tab, Shift+Tab and
    Esc as keys, so the keyboard could not leave the field, and Enter did not press OK).
    ``keySequenceChanged`` says the key chosen once an entry ends (and for a key set or
    cleared); the key shown stays until another key is pressed."""

    def __init__(self) -> None:
        super().__init__()
        self.setMaximumSequenceLength(1)
        self.setClearButtonEnabled(True)
        # Finishing keys reach QWidget.event, which moves the focus on Tab and Shift+Tab
        self.setFinishingKeyCombinations(list(LEAVING_KEYS))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in MODIFIER_KEYS:
            return  # Qt cleared the key shown at the Shift of Shift+Tab, which then left it empty
        if event.keyCombination() in LEAVING_KEYS:
            super().keyPressEvent(event)  # ends the entry
            event.ignore()  # on to the dialog: Esc is Cancel, Enter its default button
            return
        with QSignalBlocker(self):  # Qt clears the key shown before it records the one pressed
            super().keyPressEvent(event)


def _label(name: str) -> str:
    """The form's label of Settings field ``name``: its option's ("Wait after typing:")."""
    return option_info(Settings, name).label + ":"


def _check_box(name: str) -> QCheckBox:
    """A check box for the bool Settings field ``name``: its option's label and help."""
    info = option_info(Settings, name)
    box = QCheckBox(info.label)
    box.setToolTip(info.help)
    return box


class SettingsDialog(QDialog):
    applied = Signal(dict)  # {Settings field: value}, the fields edited (apply)

    def __init__(self, settings: Settings, prompter: Prompter, default_model_dir: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._base, self._prompter = settings, prompter
        self.enabled = _check_box("suggestions_enabled")
        self.debounce = option_spin("debounce_ms", scale=0.001, decimals=2, step=0.01, suffix=" s")
        self.max_tokens = option_spin("max_tokens")
        self.length_note = QLabel()  # the length in words
        self.max_tokens.valueChanged.connect(lambda n: self.length_note.setText(length_in_words(n)))
        self.length_note.setText(length_in_words(self.max_tokens.value()))
        self.beam_width = option_spin("beam_width", special="Automatic")  # for 0, the minimum
        self.threshold = option_spin("threshold", scale=100, step=5, suffix=" %",
                                     special="Automatic")  # for -1 (AUTO_THRESHOLD), the minimum
        # Between Automatic (-100 %) and 0 % there is nothing to choose: a step from either lands on the other.
        self.threshold.valueChanged.connect(
            lambda v: -100 < v < 0 and self.threshold.setValue(0 if v < -50 else -100))
        self.document_cache = _check_box("document_cache")
        self.ask_now = KeyField()
        self.ask_now.setToolTip(option_info(Settings, "ask_now_key").help)
        self.ask_now_note = QLabel()
        self.ask_now_note.setWordWrap(True)
        self.ask_now_note.hide()
        self.ask_now.keySequenceChanged.connect(self._check_ask_now)
        # The writer's own model of each language, one row each ("Your English model")
        self.model_rows = {language: ModelFolderRow(language, prompter, default_model_dir.parent, self._fit_later)
                           for language in LANGUAGE_NAMES}
        self.autosave = option_spin("autosave_idle_s", decimals=1, step=0.5, suffix=" s")

        form = QFormLayout()
        form.addRow(self.enabled)
        length = QHBoxLayout()
        length.addWidget(self.max_tokens)
        length.addWidget(self.length_note, 1)
        for name, widget in (("debounce_ms", self.debounce), ("max_tokens", length),
                            ("beam_width", self.beam_width), ("threshold", self.threshold)):
            form.addRow(_label(name), widget)
        form.addRow(self.document_cache)
        form.addRow(_label("ask_now_key"), self.ask_now)
        form.addRow(self.ask_now_note)
        for row in self.model_rows.values():
            form.addRow(row.label, row.layout)
            form.addRow(row.note)
        form.addRow(_label("autosave_idle_s"), self.autosave)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Apply
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.load(settings)

    def load(self, s: Settings) -> None:
        self._base = s
        self.enabled.setChecked(s.suggestions_enabled)
        for spin, value in ((self.debounce, s.debounce_ms), (self.max_tokens, s.max_tokens),
                            (self.beam_width, s.beam_width), (self.threshold, s.threshold),
                            (self.autosave, s.autosave_idle_s)):
            spin.set_setting(value)
        self._ask_now_kept = s.ask_now_key  # what a refused key gives back
        self.ask_now.setKeySequence(QKeySequence.fromString(s.ask_now_key, _PORTABLE))
        for language, row in self.model_rows.items():
            row.load(own_model_of(s.model_dirs, language))
        self.document_cache.setChecked(s.document_cache)

    def values(self) -> Settings:
        """The settings as edited (fields not in the dialog keep their values)."""
        return replace(
            self._base, suggestions_enabled=self.enabled.isChecked(),
            debounce_ms=self.debounce.setting(), max_tokens=self.max_tokens.setting(),
            beam_width=self.beam_width.setting(), threshold=round(self.threshold.setting(), 2),
            model_dirs=self._model_dirs(), autosave_idle_s=self.autosave.setting(),
            document_cache=self.document_cache.isChecked(),
            ask_now_key=self._ask_now_key(),
        )

    def _model_dirs(self) -> dict[str, str]:
        """The writer's own models as entered: each row whose folder changed replaces only
        its language's entry ("": the bundled model); a folder that cannot be used is never
        taken (ModelFolderRow.choose)."""
        dirs = self._base.model_dirs
        for language, row in self.model_rows.items():
            folder = row.value()
            if folder != row.loaded:
                dirs = with_own_model(dirs, folder, language, is_bundled=not folder)
        return dirs

    def _ask_now_key(self) -> str:
        """The key entered, as portable text; the saved one if the entry cannot be used."""
        seq = self.ask_now.keySequence()
        if ask_now_problem(seq) is not None:
            return self._base.ask_now_key
        return seq.toString(_PORTABLE)

    def _check_ask_now(self, seq: QKeySequence) -> None:
        """A key pressed in the field: refused (ask_now_problem) with a note under the field,
        which shows again the key it held before (the one just chosen, not the saved one: a
        tester's F5 was lost), or kept."""
        problem = ask_now_problem(seq)
        if problem is not None:
            self.ask_now_note.setText(f"{problem}; the key stays as it was. Press another key "
                                      "with Ctrl or Alt, or a function key.")
            self.ask_now_note.show()
            with QSignalBlocker(self.ask_now):  # the field shows the key kept, not the one refused
                self.ask_now.setKeySequence(QKeySequence.fromString(self._ask_now_kept, _PORTABLE))
            self.adjustSize()  # room for the wrapped note (it was cut off at the bottom)
            return
        self._ask_now_kept = seq.toString(_PORTABLE)
        if not self.ask_now_note.isHidden():
            self.ask_now_note.hide()
            self.adjustSize()  # no gap where the note was (a tester's click on OK missed)

    def apply(self) -> None:
        """Emit ``applied`` with the fields edited since the dialog was loaded or last
        applied ({name: value}): the app applies them to its settings as they are now, so
        what changed meanwhile elsewhere (another window's wrap or font, a model chosen in
        the Model menu) is not set back to what the dialog was opened with."""
        edited = self.values()
        changes = {f.name: getattr(edited, f.name) for f in fields(Settings)
                   if getattr(edited, f.name) != getattr(self._base, f.name)}
        self._base = edited
        for row in self.model_rows.values():
            row.loaded = row.value()  # now the saved one
        self.applied.emit(changes)

    def _fit_later(self) -> None:
        """Fit the dialog to a row's note once the layout has wrapped it (fitted at once, a
        note shown as the dialog opened was cut to its first line)."""
        QTimer.singleShot(0, self, self.adjustSize)

    def _ok(self) -> None:
        self.apply()
        self.accept()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Check the model folders when the dialog is shown (it hashes the models' files:
        not on every settings change that reloads a hidden dialog)."""
        for row in self.model_rows.values():
            row.forget_checks()  # the folder's files may have changed meanwhile
            row.check()
        super().showEvent(event)

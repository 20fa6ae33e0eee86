"""The question at start-up after a crash: which autosaved documents to restore.

Each entry is listed with its name, folder, when it was saved and what changed
(RecoveryEntry.describe_parts). With one entry the question is as it always was: Restore /
Discard / Not now. With several, each has a checkbox, checked to begin with: Restore and
Discard act on the checked ones and the others stay in the recovery folder, offered again
at the next start, as all of them are after Not now (a tester with two windows' entries of
one file and an old one of another could not restore one and discard another). Discard
asks once more, naming what would be lost, with Cancel the default: the autosave may be the
only copy of the writer's words, and a discarded one cannot be brought back. Typing on
as it comes up answers nothing (typing_guard.TypingGuard).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from writer_app.files.names import shown_name
from writer_app.files.recovery import RecoveryEntry
from writer_app.ui.typing_guard import QuestionBox, TypingGuard, give_access_keys

RESTORE_LISTED = 10  # entries with a checkbox of their own; one more stands for the rest
INTRO = "Inkling did not close normally while this work was unsaved. It was kept for:"


class RestoreChoice(Enum):
    RESTORE = "restore"
    DISCARD = "discard"
    LATER = "later"


@dataclass(frozen=True)
class RestoreAnswer:
    """The answer to the recovery question: ``choice`` for the entries ``chosen`` (the
    ones checked; the only one when there is one). The others stay in the recovery folder
    for the next start; LATER chooses none."""

    choice: RestoreChoice
    chosen: tuple[RecoveryEntry, ...] = ()


class RecoveryQuestion(TypingGuard, QDialog):
    """The question itself (module docstring); ``exec()`` it, then read ``answer()``.
    ``now`` (seconds since the epoch) decides whether dates are shown (describe_parts)."""

    def __init__(self, entries: Sequence[RecoveryEntry], parent: QWidget | None = None,
                 now: float | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self._entries = list(entries)
        self._checks: list[tuple[QCheckBox, list[RecoveryEntry]]] = []
        self._clicked: QAbstractButton | None = None
        column = QVBoxLayout()
        column.setSpacing(10)
        if len(self._entries) == 1:
            listed = ": ".join(self._entries[0].describe_parts(now))
            column.addWidget(self._label(f"{INTRO}\n\n  • {listed}\n\nRestore it now?"))
        else:
            column.addWidget(self._label(INTRO))
            column.addLayout(self._check_column(now))
            column.addWidget(self._label("Restore the checked ones now? Each restores into its own "
                                         "window; those not checked are kept for the next start."))
        self._note = self._label("")
        self._note.hide()
        column.addWidget(self._note)
        self._box = QDialogButtonBox()
        self.restore_button = self._box.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = self._box.addButton("Discard", QDialogButtonBox.ButtonRole.DestructiveRole)
        self._box.addButton("Not now", QDialogButtonBox.ButtonRole.RejectRole)
        give_access_keys(self._box)
        for button in self._box.buttons():  # focus passing through does not make one the default:
            button.setAutoDefault(False)   # a tester's click on a checkbox made Discard it
        self.restore_button.setDefault(True)  # Return keeps the work
        self._box.clicked.connect(self._answer)
        self._lay_out(column)
        self.restore_button.setFocus()  # not the first checkbox: typed Space would uncheck it

    def _label(self, text: str) -> QLabel:
        label = QLabel(shown_name(text))
        label.setTextFormat(Qt.TextFormat.PlainText)  # the words of a file, never markup
        label.setWordWrap(True)
        return label

    def _check_column(self, now: float | None) -> QVBoxLayout:
        """A checkbox per entry (checked) naming it, with what changed under it."""
        listed, rest = self._entries[:RESTORE_LISTED], self._entries[RESTORE_LISTED:]
        groups = [(*e.describe_parts(now), [e]) for e in listed]
        if rest:
            groups.append((f"and {len(rest)} more", "", rest))
        indent = sum(self.style().pixelMetric(m) for m in (
            QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_CheckBoxLabelSpacing))
        column = QVBoxLayout()
        column.setContentsMargins(12, 4, 0, 4)
        column.setSpacing(2)
        for where, what, group in groups:
            check = QCheckBox(shown_name(where).replace("&", "&&"))  # a "&" in a name is no access key
            check.setChecked(True)
            check.toggled.connect(self._checked_changed)
            self._checks.append((check, group))
            column.addWidget(check)
            if what:
                change = self._label(what)
                change.setWordWrap(False)  # a short quote (PREVIEW_CHARS): one line, never cut short
                change.setContentsMargins(indent, 0, 0, 0)
                column.addWidget(change)
            column.addSpacing(6)
        return column

    def _lay_out(self, column: QVBoxLayout) -> None:
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxQuestion).pixmap(size))
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(16)
        grid.setSizeConstraint(QGridLayout.SizeConstraint.SetMinimumSize)  # no entry squeezed
        grid.addWidget(icon, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(column, 0, 1)
        grid.addWidget(self._box, 1, 0, 1, 2)
        grid.setColumnStretch(1, 1)

    def checkboxes(self) -> list[QCheckBox]:
        """One per listed entry (and one for the rest), in the order listed; none for one entry."""
        return [check for check, _group in self._checks]

    def buttons(self) -> list[QAbstractButton]:
        """Restore, Discard and Not now (the buttons TypingGuard keeps typing from)."""
        return self._box.buttons()

    def setInformativeText(self, text: str) -> None:  # noqa: N802 (QMessageBox's name, for TypingGuard)
        self._note.setText(text)
        self._note.setVisible(bool(text))

    def _chosen(self) -> tuple[RecoveryEntry, ...]:
        if not self._checks:
            return tuple(self._entries)
        return tuple(e for check, group in self._checks if check.isChecked() for e in group)

    def _checked_changed(self) -> None:
        """Restore and Discard act on the checked entries: with none checked, neither can."""
        some = bool(self._chosen())
        self.restore_button.setEnabled(some)
        self.discard_button.setEnabled(some)

    def _answer(self, button: QAbstractButton) -> None:
        if button is self.discard_button and not self._confirm_discard():
            return  # back to the question, nothing chosen
        self._clicked = button
        self.accept()

    def _confirm_discard(self) -> bool:
        """Ask whether the checked entries' unsaved work is to be thrown away for good;
        True only for the Discard button (Cancel, Esc and closing keep it)."""
        titles = sorted({e.title for e in self._chosen()})
        named = titles[0] if len(titles) == 1 else f"{len(self._chosen())} documents"
        box = QuestionBox(QMessageBox.Icon.Warning, "Discard unsaved work?",
                          f"Discard the unsaved work of {named}? It is deleted for good and "
                          "cannot be recovered later.", parent=self)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        give_access_keys(box)
        box.exec()
        return box.clickedButton() is discard

    def answer(self) -> RestoreAnswer:
        """What was answered: Not now, Esc or closing the window is LATER."""
        if self._clicked is self.restore_button:
            return RestoreAnswer(RestoreChoice.RESTORE, self._chosen())
        if self._clicked is self.discard_button:
            return RestoreAnswer(RestoreChoice.DISCARD, self._chosen())
        return RestoreAnswer(RestoreChoice.LATER)


def ask_restore(parent: QWidget | None, entries: Sequence[RecoveryEntry]) -> RestoreAnswer:
    """Show the recovery question for ``entries`` (newest first), modal to ``parent``,
    and wait for the answer."""
    question = RecoveryQuestion(entries, parent)
    question.exec()
    return question.answer()

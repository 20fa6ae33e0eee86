"""Every question the app asks the user, behind one interface.

Windows call a Prompter instead of QMessageBox/QFileDialog directly, so tests inject a
scripted one and never block on a modal dialog. QtPrompter is the real thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFileDialog, QFontDialog, QInputDialog, QMessageBox, QWidget

from writer_app.files.path_state import PathState, path_state
from writer_app.files.recovery import RecoveryEntry
from writer_app.ui.recovery_question import RestoreAnswer, ask_restore
from writer_app.ui.recovery_question import RestoreChoice as RestoreChoice  # the Prompter's answers, as before
from writer_app.ui.typing_guard import QuestionBox as QuestionBox  # where every question came from before
from writer_app.ui.typing_guard import give_access_keys

FILE_FILTERS = "Text and Markdown (*.txt *.md *.markdown *.text);;All files (*)"


class CloseChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class OverwriteChoice(Enum):
    """The answer to "this file is read-only / would change: overwrite it?"."""

    OVERWRITE = "overwrite"
    SAVE_ELSEWHERE = "save elsewhere"
    CANCEL = "cancel"


class Prompter(Protocol):
    def error(self, title: str, message: str) -> None: ...

    def ask_save_changes(self, name: str, before: str = "closing", gone: bool = False) -> CloseChoice: ...

    def ask_save_all(self, names: Sequence[str]) -> CloseChoice: ...

    def ask_overwrite_changed(self, path: Path) -> bool: ...

    def ask_save_as_utf8(self, message: str, chosen: bool = False) -> bool: ...

    def ask_overwrite_read_only(self, path: Path) -> OverwriteChoice: ...

    def ask_overwrite_inexact(self, path: Path, problem: str) -> OverwriteChoice: ...

    def ask_restore(self, entries: Sequence[RecoveryEntry]) -> RestoreAnswer:
        """The recovery question (ui/recovery_question.py): what to do, and with which entries."""

    def open_paths(self, start: Path | None) -> list[Path]: ...

    def save_path(self, suggested: Path | None) -> Path | None: ...

    def choose_font(self, current: QFont) -> QFont | None: ...

    def choose_folder(self, title: str, start: Path | None) -> Path | None: ...

    def confirm(self, title: str, message: str, action: str, keep: str = "") -> bool: ...


def existing_folder(folder: Path | None) -> Path:
    """Where a file dialog starts for ``folder``: it, or the nearest folder above it that
    exists, or the home folder (Qt starts in the working directory, which a tester's Save
    As of a file whose folder was deleted showed: the app's own checkout)."""
    for candidate in ([folder, *folder.parents] if folder is not None else []):
        if candidate.is_absolute() and path_state(candidate) is PathState.FOLDER:
            return candidate
    return Path.home()


_Btn = QMessageBox.StandardButton


def _ask(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
         buttons: QMessageBox.StandardButton, default: QMessageBox.StandardButton) -> QMessageBox.StandardButton:
    """QMessageBox.question/warning with access keys on its buttons; the button pressed."""
    box = QuestionBox(icon, title, text, buttons, parent)
    box.setDefaultButton(default)
    give_access_keys(box)
    box.exec()
    return box.standardButton(box.clickedButton())


def _three_way(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
               accept: str, destructive: str, reject: str | None = None) -> int:
    """A question with an accepting button (the default), a destructive one and a rejecting
    one (labelled ``reject``, or Cancel), with access keys; 0, 1 or 2 for the one pressed
    (2 also for Esc)."""
    box = QuestionBox(icon, title, text, parent=parent)
    buttons = [box.addButton(accept, QMessageBox.ButtonRole.AcceptRole),
               box.addButton(destructive, QMessageBox.ButtonRole.DestructiveRole),
               box.addButton(reject, QMessageBox.ButtonRole.RejectRole) if reject
               else box.addButton(QMessageBox.StandardButton.Cancel)]
    box.setDefaultButton(buttons[0])
    give_access_keys(box)
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else 2


class QtPrompter:
    """Prompter with real dialogs, modal to ``parent``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def error(self, title: str, message: str) -> None:
        box = QuestionBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self.parent)
        box.exec()  # typing on does not dismiss it unread (a tester's did)

    def ask_save_changes(self, name: str, before: str = "closing", gone: bool = False) -> CloseChoice:
        """Save / Discard / Cancel; ``before`` names what follows ("closing", "reopening");
        ``gone``: the file was deleted or moved on disk, so Save writes it there again (said
        here, not asked again by the save: a tester was asked twice)."""
        text = (f"{name} was deleted or moved on disk since this window opened or saved it.\n\n"
                f"Save your text there again before {before}?" if gone
                else f"Save the changes to {name} before {before}?")
        answer = _ask(self.parent, QMessageBox.Icon.Question, "Unsaved changes", text,
                      _Btn.Save | _Btn.Discard | _Btn.Cancel, _Btn.Save)
        return {_Btn.Save: CloseChoice.SAVE, _Btn.Discard: CloseChoice.DISCARD}.get(
            answer, CloseChoice.CANCEL)

    def ask_save_all(self, names: Sequence[str]) -> CloseChoice:
        """Before quitting with several unsaved documents: Save All / Discard All / Cancel."""
        listed = "\n".join(f"  • {n}" for n in names)
        return (CloseChoice.SAVE, CloseChoice.DISCARD, CloseChoice.CANCEL)[_three_way(
            self.parent, QMessageBox.Icon.Question, "Unsaved changes",
            f"{len(names)} documents have unsaved changes:\n\n{listed}\n\nSave them all before quitting?",
            "Save All", "Discard All")]

    def ask_overwrite_changed(self, path: Path) -> bool:
        if path_state(path) is PathState.MISSING:
            answer = _ask(
                self.parent, QMessageBox.Icon.Warning, "File deleted on disk",
                f"{path.name} was deleted or moved since this window opened or saved it.\n\n"
                "Save your text there again?", _Btn.Save | _Btn.Cancel, _Btn.Save)
            return answer == _Btn.Save
        answer = _ask(
            self.parent, QMessageBox.Icon.Warning, "File changed on disk",
            f"{path.name} was changed on disk (by another program, or Inkling in another "
            "window) since this window opened or saved it.\n\n"
            "Overwrite it with your version? (Cancel keeps both: use Save As to save yours "
            "under another name.)",
            _Btn.Save | _Btn.Cancel, _Btn.Cancel,
        )
        return answer == _Btn.Save

    def ask_save_as_utf8(self, message: str, chosen: bool = False) -> bool:
        """``chosen``: the writer chose the encoding (Save with Encoding), so it was not a
        misreading of the file's own."""
        misread = ("" if chosen else "If the file's own text shows wrongly, it was read in the wrong "
                   "encoding: Cancel, then File → Reopen with Encoding. ")
        answer = _ask(
            self.parent, QMessageBox.Icon.Question, "Cannot save in this encoding",
            f"{message}.\n\nSave the file as UTF-8 instead?\n\n{misread}To save in another "
            "encoding: Cancel, then File → Save with Encoding.",
            _Btn.Yes | _Btn.Cancel, _Btn.Yes,
        )
        return answer == _Btn.Yes

    def _ask_overwrite(self, title: str, message: str) -> OverwriteChoice:
        return (OverwriteChoice.SAVE_ELSEWHERE, OverwriteChoice.OVERWRITE, OverwriteChoice.CANCEL)[
            _three_way(self.parent, QMessageBox.Icon.Warning, title, message,
                       "Save Elsewhere…", "Overwrite Anyway")]

    def ask_overwrite_read_only(self, path: Path) -> OverwriteChoice:
        return self._ask_overwrite(
            "File is read-only",
            f"{path.name} is read-only: its permissions say it should not be changed.\n\n"
            "Save your text under another name, or overwrite the file anyway (it stays "
            "read-only afterwards)?")

    def ask_overwrite_inexact(self, path: Path, problem: str) -> OverwriteChoice:
        return self._ask_overwrite(
            "Saving would change more than your edits",
            f"Saving {path.name} would also change parts of it you did not edit. {problem}\n\n"
            "Save your text under another name, or overwrite the file anyway?")

    def ask_restore(self, entries: Sequence[RecoveryEntry]) -> RestoreAnswer:
        return ask_restore(self.parent, entries)  # a checkbox per entry when there are several

    def open_paths(self, start: Path | None) -> list[Path]:
        files, _ = QFileDialog.getOpenFileNames(self.parent, "Open", str(existing_folder(start)), FILE_FILTERS)
        return [Path(f) for f in files]

    def save_path(self, suggested: Path | None) -> Path | None:
        """Where to save, asked with Qt's own overwrite question off: whether a file there
        may be replaced is asked after the checks that may refuse it (save_target)."""
        start = existing_folder(suggested.parent) / suggested.name if suggested else existing_folder(None)
        name, _ = QFileDialog.getSaveFileName(self.parent, "Save As", str(start), FILE_FILTERS,
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        return Path(name) if name else None

    def choose_font(self, current: QFont) -> QFont | None:
        ok, font = QFontDialog.getFont(current, self.parent, "Font")
        return font if ok else None

    def choose_folder(self, title: str, start: Path | None) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self.parent, title, str(existing_folder(start)))
        return Path(folder) if folder else None

    def confirm(self, title: str, message: str, action: str, keep: str = "") -> bool:
        """Ask before an action that cannot be undone; ``action`` labels its button, ``keep``
        the one that leaves things as they are (Cancel when ""; "Keep Training" where a
        Cancel button means stop)."""
        box = QuestionBox(QMessageBox.Icon.Warning, title, message, parent=self.parent)
        yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        no = box.addButton(keep, QMessageBox.ButtonRole.RejectRole) if keep else \
            box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(no)  # Return: nothing lost
        give_access_keys(box)
        box.exec()
        return box.clickedButton() is yes

    def ask_text(self, title: str, label: str, text: str) -> str | None:
        """One line of text, ``text`` filled in and selected; None when cancelled."""
        dialog = QInputDialog(self.parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        dialog.resize(max(420, dialog.fontMetrics().horizontalAdvance(text) + 80), dialog.height())
        return dialog.textValue() if dialog.exec() else None

"""One "Your English model" row of the Settings dialog: the model's name (its card's, the
folder in the tooltip; "missing: …" or "damaged: …" for a folder that cannot be used),
Choose… and Use Bundled, and a note under it saying why a folder cannot be used
(``folder_problem``, or a model card of another language than the row's): one chosen is
refused and the row keeps the model it had; the one the settings name is shown as it is.
The dialog has one row per language (model_choice.LANGUAGE_NAMES)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from writer_app.engine.model_choice import language_name, read_card_info
from writer_app.files.path_state import path_state
from writer_app.inference.card_file import without_advice
from writer_app.inference.model_folder import folder_problem


class FolderPrompter(Protocol):
    def choose_folder(self, title: str, start: Path | None) -> Path | None: ...


def language_problem(folder: Path, language: str) -> str | None:
    """Why the model in ``folder`` cannot be the one of ``language``: its card says another
    language (a card without one is English); None when it is of ``language``."""
    found = read_card_info(folder).language
    if found == language:
        return None
    return f"its model card says its language is {language_name(found)}, not {language_name(language)}"


def shown_model(folder: str, problem: str | None, language: str) -> str:
    """How a row names the model in ``folder`` ("": the bundled one) of which ``problem`` is
    known (None: none known): its card's name; "missing: NAME" for a folder that is not
    there, "not LANGUAGE: NAME" for a model of another language, "damaged: NAME" for any
    other problem (NAME: the card's, else the folder's)."""
    if not folder:
        return f"Bundled {language_name(language)} model"
    path = Path(folder)
    name = read_card_info(path).name  # the folder's name where the card does not read
    if not path_state(path).exists:
        return f"missing: {name}"
    if problem is None:
        return name
    if problem == language_problem(path, language):
        return f"not {language_name(language)}: {name}"
    return f"damaged: {name}"


class ModelFolderRow:
    """The row of the writer's own model of ``language``: ``shown`` (shown_model, the folder
    in its tooltip), ``browse`` (Choose…), ``bundled`` (Use Bundled) and ``note`` (hidden
    while there is nothing to say); ``layout`` holds the first three. ``loaded``: the folder
    the settings named when the row was loaded ("": the bundled model). ``resized`` is
    called when the note appears or goes (the dialog fits itself to it)."""

    def __init__(self, language: str, prompter: FolderPrompter, bundled_in: Path,
                 resized: Callable[[], None]) -> None:
        self.language, self._prompter, self._resized = language, prompter, resized
        self._bundled_in = bundled_in
        name = language_name(language)
        self.label = f"Your {name} model:"
        self.shown = QLabel()
        self.note = QLabel()  # why the folder cannot be used
        self.note.setWordWrap(True)
        self.note.hide()
        self.browse = QPushButton("Choose…")
        self.browse.setToolTip(f"Choose a folder with your own {name} model; it replaces the bundled "
                               f"{name} model (its model.json must say so: \"language\"). The Model menu "
                               "chooses between automatic and one fixed model.")
        self.browse.clicked.connect(self.choose)
        self.bundled = QPushButton("Use Bundled")
        self.bundled.setToolTip(f"Go back to the {name} model that comes with Inkling")
        self.bundled.clicked.connect(self.use_bundled)
        self.layout = QHBoxLayout()
        self.layout.addWidget(self.shown, 1)
        self.layout.addWidget(self.browse)
        self.layout.addWidget(self.bundled)
        self.loaded = self._folder = ""
        self._checked: dict[str, str | None] = {}  # problem()'s answers, by folder
        self._show()

    def load(self, folder: str) -> None:
        """Show ``folder`` ("": the bundled model) as the one the settings name."""
        self.loaded = folder
        self._set(folder)

    def value(self) -> str:
        """The folder the row holds: the one loaded, or one chosen since that can be used
        ("": the bundled model)."""
        return self._folder

    def problem(self, folder: str | None = None) -> str | None:
        """Why ``folder`` (default: the row's) cannot be this row's model (None for "" or a
        usable folder of the row's language), kept per folder (folder_problem hashes the
        model's files)."""
        folder = self._folder if folder is None else folder
        if folder not in self._checked:
            path = Path(folder)
            self._checked[folder] = (folder_problem(path) or language_problem(path, self.language)
                                     if folder else None)
        return self._checked[folder]

    def forget_checks(self) -> None:
        """Check the folders again at the next problem() (their files may have changed)."""
        self._checked.clear()

    def choose(self) -> None:
        """Choose…: the folder chosen becomes the row's model if it can be used; otherwise
        the note says why and the row keeps its model."""
        name = language_name(self.language)
        start = Path(self._folder) if self._folder else None
        folder = self._prompter.choose_folder(f"Your {name} model folder", start)
        if folder is None:
            return
        self._checked.pop(str(folder), None)  # chosen again: its files may have changed
        problem = self.problem(str(folder))
        if problem is None:
            self._set(str(folder))
            return
        self._say(f"This folder cannot be used: {self._why(problem)}. The model stays as it was; choose "
                  f"another {name} model folder, or Use Bundled for the bundled {name} model.")

    def use_bundled(self) -> None:
        """Use Bundled: the bundled model of the row's language."""
        self._set("")

    def check(self) -> None:
        """Show the row's model as it is now, with a note when it cannot be used."""
        problem = self.problem()
        self._show()
        if problem is None:
            self._hide_note()
            return
        name = language_name(self.language)
        self._say(f"Your {name} model cannot be used: {self._why(problem)}. Choose another {name} "
                  f"model folder, or Use Bundled for the bundled {name} model.")

    def _set(self, folder: str) -> None:
        self._folder = folder
        self._show()
        self._hide_note()

    def _show(self) -> None:
        """Name the row's model; a problem only as far as known (a hidden dialog loaded
        again does not hash the model's files: check() does, when it is shown)."""
        folder = self._folder
        problem = self._checked.get(folder)
        self.shown.setText(shown_model(folder, problem, self.language))
        tip = (f"In {self._bundled_in}" if not folder else
               folder if problem is None else f"{folder}\n{self._why(problem)}")
        self.shown.setToolTip(tip)
        self.bundled.setEnabled(bool(folder))

    @staticmethod
    def _why(problem: str) -> str:
        return without_advice(problem).rstrip(".")  # the row gives its own advice

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()
        self._resized()

    def _hide_note(self) -> None:
        if not self.note.isHidden():
            self.note.hide()
            self._resized()  # no gap where the note was

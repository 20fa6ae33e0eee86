"""One "Your English model" row of the Settings dialog: a folder field, Browse…, and a note
under it saying why the folder entered cannot be used (``folder_problem``, or a model card
of another language than the row's), in which case the row keeps the folder it was loaded
with. The dialog has one row per language (model_choice.LANGUAGE_NAMES)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton

from writer_app.engine.model_choice import language_name, read_card_info
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


class ModelFolderRow:
    """The row of the writer's own model of ``language``: ``field``, ``browse`` and ``note``
    (hidden while there is nothing to say); ``layout`` holds the field and the button.
    ``loaded``: the folder the settings named when the row was loaded ("": the bundled model).
    ``resized`` is called when the note appears or goes (the dialog fits itself to it)."""

    def __init__(self, language: str, prompter: FolderPrompter, bundled_in: Path,
                 resized: Callable[[], None]) -> None:
        self.language, self._prompter, self._resized = language, prompter, resized
        name = language_name(language)
        self.label = f"Your {name} model:"
        self.field = QLineEdit()
        self.field.setPlaceholderText(f"Bundled {name} model (in {bundled_in})")
        self.field.setToolTip(f"Your own {name} model folder; it replaces the bundled {name} model "
                              "(its model.json must say so: \"language\"). The Model menu chooses "
                              "between automatic and one fixed model.")
        self.note = QLabel()  # why the folder entered cannot be used
        self.note.setWordWrap(True)
        self.note.hide()
        self.field.editingFinished.connect(self.check)
        self.field.textChanged.connect(lambda text: text.strip() or self._hide_note())
        self.browse = QPushButton("Browse…")
        self.browse.clicked.connect(self.choose)
        self.layout = QHBoxLayout()
        self.layout.addWidget(self.field, 1)
        self.layout.addWidget(self.browse)
        self.loaded = ""
        self._checked: tuple[str, str | None] = ("", None)  # problem()'s last answer

    def load(self, folder: str) -> None:
        """Show ``folder`` ("": the bundled model) as the one the settings name."""
        self.loaded = folder
        self.field.setText(folder)

    def text(self) -> str:
        return self.field.text().strip()

    def value(self) -> str:
        """The folder entered; the one loaded if the entry cannot be used (a corrupt folder
        would switch that language's suggestions off, one of another language would
        replace the wrong model)."""
        return self.loaded if self.problem() is not None else self.text()

    def problem(self) -> str | None:
        """Why the folder entered cannot be used (None for "" or a usable folder of the
        row's language), kept for the same text (folder_problem hashes the model's files)."""
        text = self.text()
        if self._checked[0] != text:
            folder = Path(text)
            self._checked = (text, (folder_problem(folder) or language_problem(folder, self.language))
                             if text else None)
        return self._checked[1]

    def forget_checks(self) -> None:
        """Check the folder again at the next problem() (its files may have changed)."""
        self._checked = ("", None)

    def choose(self) -> None:
        """Browse…: the folder chosen goes into the field and is checked at once."""
        text = self.text()
        folder = self._prompter.choose_folder(f"Your {language_name(self.language)} model folder",
                                              Path(text) if text else None)
        if folder is not None:
            self.field.setText(str(folder))
            self.forget_checks()
            self.check()

    def check(self) -> None:
        """Say under the field why the folder entered cannot be used, and that the model
        stays as it was (value() keeps the one loaded); nothing for an empty field."""
        problem = self.problem()
        if problem is None:
            self._hide_note()
            return
        name = language_name(self.language)
        why = without_advice(problem).rstrip(".")  # this note gives its own advice
        self.note.setText(f"This folder cannot be used: {why}. The model stays as it was; choose "
                          f"another {name} model folder, or clear the field for the bundled {name} model.")
        self.note.show()
        self._resized()

    def _hide_note(self) -> None:
        if not self.note.isHidden():
            self.note.hide()
            self._resized()  # no gap where the note was

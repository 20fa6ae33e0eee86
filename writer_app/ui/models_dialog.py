"""Model → Manage Models…: the bundled models, every retrained version, and each model
the settings name that is kept elsewhere or whose folder is gone; use, rename or delete
(a model kept elsewhere or gone: remove from the list, which goes back to the bundled
model of its language and leaves any files as they are).

A model whose files do not check (a card cut short, a file gone or not matching its card's
checksum: ``folder_problem``) is listed as "NAME — damaged", whatever the damage, and can
only be deleted. Switching takes effect at once (the app reloads the engine; no restart). Renaming changes
the name in the version's card, which the status bar and the Model menu show. Use makes
a model the one of its language (the writer's own model of the other language stays in
use); deleting a model in use first switches its language back to the bundled model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from writer_app.engine.model_choice import language_name, read_card_info, same_folder
from writer_app.files.path_state import path_state
from writer_app.inference.card_file import without_advice
from writer_app.inference.model_folder import FolderChecks
from writer_app.retrain.model_store import ModelStore, ModelStoreError, read_version

_IN_USE = Qt.ItemDataRole.UserRole + 1  # an entry's model serves some text now
_FOLDER = Qt.ItemDataRole.UserRole + 2  # an entry's folder (the default model's too)


class ModelsHost(Protocol):
    model_store: ModelStore
    default_model_dir: Path

    def models_in_use(self) -> list[Path]: ...

    def model_language(self, folder: Path) -> str: ...

    def use_model(self, folder: Path | None) -> None: ...

    def drop_model(self, folder: Path) -> None: ...

    def apply_models(self) -> None: ...


class ConfirmPrompter(Protocol):
    def error(self, title: str, message: str) -> None: ...

    def confirm(self, title: str, message: str, action: str, keep: str = "") -> bool: ...

    def ask_text(self, title: str, label: str, text: str) -> str | None: ...


class ModelsDialog(QDialog):
    """A list of models; item data (UserRole) is the folder, None for the default."""

    def __init__(self, host: ModelsHost, prompter: ConfirmPrompter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Manage Models")
        self.host, self.prompter = host, prompter
        self._bundled: list[Path] = []  # bundled models besides the default (data: their folder)
        self._damaged: dict[Path, str] = {}  # listed folders that cannot be used: why (without advice)
        self._checks = FolderChecks()  # each folder's files hashed once while they are unchanged
        self._elsewhere: list[Path] = []  # models in use that the store does not hold (gone, or kept elsewhere)
        self.models = QListWidget()
        self.models.setWordWrap(True)  # a long name and its figures wrap instead of being cut
        self.models.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.models.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.models.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.models.itemDoubleClicked.connect(lambda _i: self.use_selected())
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.use_button = QPushButton("Use")
        self.use_button.clicked.connect(self.use_selected)
        self.rename_button = QPushButton("Rename…")
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.delete_selected)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (self.use_button, self.rename_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        v = QVBoxLayout(self)
        v.addWidget(QLabel(f"Retrained models are kept in {host.model_store.root}"))
        v.addWidget(self.models, 1)
        v.addWidget(self.details)
        v.addLayout(row)
        self.resize(640, 380)
        self.reload()

    def reload(self) -> None:
        """List the models (``_entries``); mark those in use, and those damaged: any whose
        files do not match its card (``FolderChecks``), so a truncated model.onnx is said
        in its row, as a card cut short is, not only once selected."""
        self.host.model_store.clean_stale()
        in_use_now = self.host.models_in_use()
        self.models.clear()
        entries = self._entries(in_use_now)
        self._damaged = {}
        for *_words, folder in entries:
            problem = self._checks.problem(folder) if path_state(folder).exists else None
            if problem:
                self._damaged[folder] = without_advice(problem)
        selected, rank = 0, 0  # selected first: a model in use that cannot be used, else the writer's own
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for i, (name, usable, data, folder) in enumerate(entries):
            in_use = any(same_folder(folder, f) for f in in_use_now)
            item = QListWidgetItem(self._row_text(name, usable, folder) + ("  (in use)" if in_use else ""))
            unusable = folder in self._damaged or not path_state(folder).exists
            if unusable:
                item.setIcon(warning)
            item.setData(Qt.ItemDataRole.UserRole, data)
            item.setData(_IN_USE, in_use)
            item.setData(_FOLDER, folder)
            if in_use:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
                own = data is not None and not any(same_folder(folder, p) for p in self._bundled)
                if own and 1 + unusable > rank:
                    selected, rank = i, 1 + unusable
            self.models.addItem(item)
        self.models.setCurrentRow(selected)
        self._update_buttons()

    def _entries(self, in_use_now: list[Path]) -> list[tuple[str, str, Path | None, Path]]:
        """Each model to list as (name, what its row says if it is usable, before its
        language; item data; folder): the default model, the other bundled ones, the
        store's versions and its folders that are not (damaged), then the models in use
        that the store does not hold (kept elsewhere, or gone)."""
        default = self.host.default_model_dir
        version = read_version(default)
        named = f"Default model ({version.name if version else default.name})"
        entries: list[tuple[str, str, Path | None, Path]] = [(named, named, None, default)]
        # Other bundled models (the Chinese one): "Use" makes it its language's model.
        self._bundled = [p for p in getattr(self.host, "bundled_models", {}).values() if not same_folder(p, default)]
        for folder in self._bundled:
            other = read_version(folder)
            named = f"Default model ({other.name if other else folder.name})"
            entries.append((named, named, folder, folder))
        for v in self.host.model_store.versions():
            entries.append((v.name, v.describe(), v.folder, v.folder))
        for d in self.host.model_store.damaged():  # listed to be deleted (a tester's could not be)
            entries.append((d.name, d.name, d.folder, d.folder))
        # In use but not listed: a folder deleted or moved by hand (a tester's own model
        # was then nowhere to be seen), or kept outside the store
        self._elsewhere = [f for f in in_use_now if not any(same_folder(f, e[3]) for e in entries)]
        for folder in self._elsewhere:
            name = read_card_info(folder).name
            entries.append((name, name, folder, folder))
        return entries

    def _row_text(self, name: str, usable: str, folder: Path) -> str:
        """A row's words: "NAME — damaged", "NAME — missing · LANGUAGE", or for a usable
        model ``usable`` and its language ("NAME — keystroke savings a → b · Chinese")."""
        if folder in self._damaged:
            return f"{name} — damaged"
        language = f" · {self._language(folder)}"
        return f"{name} — missing{language}" if not path_state(folder).exists else f"{usable}{language}"

    def selected_folder(self) -> Path | None:
        item = self.models.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        item = self.models.currentItem()
        folder = self.selected_folder()
        bundled = folder is None or any(same_folder(folder, p) for p in self._bundled)
        elsewhere = folder in self._elsewhere
        damage = self._damaged.get(item.data(_FOLDER)) if item is not None else None
        self.delete_button.setText("Remove from List" if elsewhere else "Delete…")
        self.delete_button.setEnabled(item is not None and not bundled)
        # A damaged model can only be deleted: renaming one whose card reads works, but
        # leaves a model that cannot be used (one whose card does not read cannot be renamed)
        self.rename_button.setEnabled(item is not None and not bundled and not damage and not elsewhere)
        self.use_button.setEnabled(item is not None and not damage
                                   and not item.data(_IN_USE))  # a tester's Use of the model in use
        if damage:
            remedy = ("Reinstall Inkling to repair it." if bundled else
                      f"Remove from List goes back to the bundled {self._language(folder)} model." if elsewhere
                      else "Delete… removes it.")
            self.details.setText(f"This model is damaged and cannot be used: {damage} {remedy}")
        elif bundled:
            self.details.setText("A model that comes with Inkling.")
        elif elsewhere:
            self._say_elsewhere(folder)
        else:
            self._say_version(folder)

    def _say_version(self, folder: Path) -> None:
        """Details of a usable version of the store: when and from what it was made, its size."""
        v = read_version(folder)
        if v is None:
            self.details.setText("")
            return
        rep = v.retrain.get("report", {})
        bpb = (f"bits per byte {rep['old']['bpb']:.3f} → {rep['new']['bpb']:.3f}; "
               if "old" in rep and "new" in rep else "")
        self.details.setText(f"Made {v.created_local} from {v.base_name or 'another model'}; {bpb}"
                             f"{v.size / 1e6:.1f} MB in {v.folder}")

    def _language(self, folder: Path) -> str:
        """The name of the language ``folder``'s model serves ("Chinese")."""
        return language_name(self.host.model_language(folder))

    def _say_elsewhere(self, folder: Path) -> None:
        """Details of a model in use that the store does not hold: gone, or kept elsewhere."""
        language = self._language(folder)
        back = f"Remove from List goes back to the bundled {language} model"
        if path_state(folder).exists:
            self.details.setText(f"Your own {language} model, kept outside Inkling's models folder, in "
                                 f"{folder}. {back} and leaves the folder as it is.")
            return
        self.use_button.setEnabled(False)
        self.details.setText(f"This {language} model's folder is missing: {folder} was deleted, moved or "
                             f"renamed, so Inkling cannot suggest with it. {back}; to use the model "
                             "again, choose its new folder in Settings.")

    def use_selected(self) -> None:
        if self.models.currentItem() is None or not self.use_button.isEnabled():  # a damaged one
            return
        folder = self.selected_folder()  # None: the default model, the one of its language only
        self.host.use_model(folder if folder is not None else self.host.default_model_dir)
        self.reload()

    def rename_selected(self) -> None:
        """Ask for a new name for the selected retrained version and write it to its card;
        the names shown everywhere follow at once (ModelsHost.apply_models)."""
        folder = self.selected_folder()
        version = read_version(folder) if folder is not None else None
        if version is None or any(same_folder(folder, p) for p in self._bundled):
            return
        name = self.prompter.ask_text("Rename model", "New name for this model:", version.name)
        if name is None or " ".join(name.split()) == version.name:
            return
        bundled = [read_card_info(p).name for p in (self.host.default_model_dir, *self._bundled)]
        try:
            self.host.model_store.rename(version.folder, name, reserved=bundled)
        except ModelStoreError as exc:
            self.prompter.error("Cannot rename model", str(exc))
            return
        self.host.apply_models()
        self.reload()
        self.models.setCurrentRow(next(i for i in range(self.models.count())
                                       if same_folder(self.models.item(i).data(Qt.ItemDataRole.UserRole), folder)))

    def delete_selected(self) -> None:
        """Delete the selected retrained version (asked first); a model the store does not
        hold (missing, or kept elsewhere) is only removed from the list: no longer used,
        its language goes back to the bundled model, any files stay."""
        folder = self.selected_folder()
        if folder is None or any(same_folder(folder, p) for p in self._bundled):
            return
        if folder in self._elsewhere:
            self.host.drop_model(folder)
            self.reload()
            return
        version = read_version(folder)
        name = version.name if version is not None else folder.name
        in_use = any(same_folder(folder, f) for f in self.host.models_in_use())
        language = language_name(self.host.model_language(folder))  # the one it serves (a damaged card's too)
        also = f" It is in use: Inkling goes back to the bundled {language} model." if in_use else ""
        if not self.prompter.confirm("Delete model", f"Delete {name}? This cannot be undone.{also}",
                                     "Delete"):
            return
        try:  # first: a model that cannot be deleted stays in use (the engine holds it loaded)
            self.host.model_store.delete(folder)
        except ModelStoreError as exc:
            self.prompter.error("Cannot delete model", str(exc))
        else:
            if in_use:
                self.host.drop_model(folder)  # the settings must not name a folder that is gone
        self.reload()

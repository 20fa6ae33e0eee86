"""What a main window asks of the application object (writer_app.app.InklingApp is one):
settings, the suggestion service, recovery, models and the other windows. No globals."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from writer_app.editor.suggestion_service import SuggestionService
from writer_app.engine.model_choice import ModelEntry
from writer_app.files.recovery import RecoveryStore
from writer_app.retrain.model_store import ModelStore
from writer_app.settings.app_settings import Settings

if TYPE_CHECKING:
    from writer_app.ui.main_window import MainWindow


class WindowHost(Protocol):
    """What a window asks of the application object."""

    settings: Settings
    service: SuggestionService
    recovery: RecoveryStore | None
    model_reason: str  # why suggestions are off ('' while a model is loaded or loading)
    model_loading: bool
    default_model_dir: Path
    model_store: ModelStore

    def new_window(self) -> MainWindow: ...

    def model_folder(self) -> Path: ...

    def use_model(self, folder: Path | None) -> None: ...

    def model_entries(self) -> list[ModelEntry]: ...

    def storage_places(self) -> list[tuple[str, Path]]: ...

    def models_in_use(self) -> list[Path]: ...

    def choose_model(self, key: str) -> None: ...

    def note_language(self, language: str) -> None: ...

    def open_files(self, paths: Sequence[Path], origin: MainWindow | None) -> None: ...

    def update_settings(self, settings: Settings) -> None: ...

    def add_recent(self, path: Path) -> None: ...

    def window_closed(self, window: MainWindow) -> None: ...

    def window_of(self, path: Path) -> MainWindow | None: ...

    @property
    def windows(self) -> list[MainWindow]: ...

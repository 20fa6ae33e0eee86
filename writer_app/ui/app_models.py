"""The application's models: which folder serves which text (the router), the Model
menu's choices, and loading (``AppModels``, a part of writer_app.app.InklingApp kept in
its own module).

The writer's own models are the ``model_dirs`` setting (writer_app.engine.own_models);
the choice of Automatic or one model for all text is ``model_choice``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from writer_app.editor.suggestion_service import SuggestionService
from writer_app.engine.model_choice import (
    AUTO,
    ModelEntry,
    ModelRouter,
    menu_entries,
    same_folder,
)
from writer_app.engine.own_models import with_own_model, without_model
from writer_app.retrain.model_store import ModelStore
from writer_app.settings.app_settings import Settings, models_differ

log = logging.getLogger("writer_app")


class AppModels:
    """InklingApp's model methods. InklingApp sets the attributes below and provides
    ``update_settings``, ``_refresh_windows`` and ``_mark``."""

    settings: Settings
    service: SuggestionService
    model_store: ModelStore
    bundled_models: dict[str, Path]
    router: ModelRouter
    active_language: str
    model_reason: str
    model_loading: bool
    _model_override: Path | None
    _loading: Path | None

    def update_settings(self, settings: Settings, preload: Path | None = None) -> None:
        raise NotImplementedError

    def _refresh_windows(self) -> None:
        raise NotImplementedError

    def _mark(self, what: str) -> None:
        raise NotImplementedError

    def _make_router(self) -> ModelRouter:
        return ModelRouter(self.bundled_models, self.settings.model_dirs, self.settings.model_choice,
                           self._model_override)

    def apply_models(self, preload: Path | None = None) -> None:
        """New router (settings or override changed): the next requests name the new
        folders; ``preload`` (default: the model in use now) loads at once so a broken
        model is reported without waiting for a keystroke."""
        self.router = self._make_router()
        self.service.set_router(self.router)
        self.load_model(preload)

    def model_folder(self) -> Path:
        """The model in use now: the one for the language last detected before the cursor
        (automatic), the chosen one, or the --model folder."""
        return self.router.folder_for(self.active_language)

    def model_folder_for(self, language: str) -> Path:
        """The model text in ``language`` goes to (the fixed choice, if one is made)."""
        return self.router.folder_for(language)

    def note_language(self, language: str) -> None:
        """An editor detected ``language`` before its cursor (decides model_folder())."""
        self.active_language = language

    def model_language(self, folder: Path) -> str:
        """The language ``folder`` serves, or would serve once used (ModelRouter.language_of)."""
        return self.router.language_of(folder)

    def models_in_use(self) -> list[Path]:
        """The model folders in use (ModelRouter.folders_in_use)."""
        return self.router.folders_in_use()

    def storage_places(self) -> list[tuple[str, Path]]:
        """What Inkling keeps for the user, and where (Help → About; README's Privacy)."""
        autosave = [] if self.recovery is None else [
            ("Unsaved work, autosaved until you save or close", self.recovery.folder)]
        return [("Settings", self.settings_store.path), *autosave,
                ("Models retrained on your writing", self.model_store.root)]

    def model_entries(self) -> list[ModelEntry]:
        """The Model menu's choices (engine/model_choice.py, menu_entries)."""
        users = [v.folder for v in self.model_store.versions()]
        return menu_entries(self.router, [*users, *map(Path, self.settings.model_dirs.values())])

    def _model_dirs_for(self, folder: Path) -> dict[str, str]:
        """The ``model_dirs`` setting once ``folder`` is the model of its language (the one it
        serves now, else its card's: ModelRouter.language_of): only that language's own model
        replaced (or removed, for a bundled model)."""
        bundled = any(same_folder(folder, p) for p in self.bundled_models.values())
        return with_own_model(self.settings.model_dirs, folder, self.router.language_of(folder), bundled)

    def choose_model(self, key: str) -> None:
        """The Model menu: "auto" (by the script of the text) or a model folder that then
        serves all text. Applies now, without a restart, and is saved in the settings;
        a --model override ends here."""
        if key == AUTO:
            settings = replace(self.settings, model_choice=AUTO)
            preload = None
        else:
            preload = Path(key)
            settings = replace(self.settings, model_dirs=self._model_dirs_for(preload),
                               model_choice=self.router.language_of(preload))
        self._switch_models(settings, preload)

    def use_model(self, folder: Path | None) -> None:
        """Make the model in ``folder`` the one for its language (ModelRouter.language_of: the
        one it serves, else its card's), the other languages' models staying as they are
        (None, Model → Use Default Model: the bundled models for every language), now,
        without a restart; the choice is saved in the settings. Automatic stays automatic; a
        fixed choice moves to this model. A --model override ends here."""
        if folder is None:  # Automatic too: a fixed English kept Chinese text off its model
            settings = replace(self.settings, model_dirs={}, model_choice=AUTO)
        else:
            choice = self.settings.model_choice
            settings = replace(self.settings, model_dirs=self._model_dirs_for(Path(folder)),
                               model_choice=choice if choice == AUTO else self.router.language_of(folder))
        self._switch_models(settings, Path(folder) if folder is not None else None)

    def drop_model(self, folder: Path) -> None:
        """Stop using ``folder`` (Manage Models deleted it): the settings no longer name it, so
        its language goes back to the bundled model, the other languages' models and the
        choice (Automatic, or a fixed language) staying as they are. A --model override ends."""
        self._switch_models(replace(self.settings, model_dirs=without_model(self.settings.model_dirs, folder)),
                            None)

    def _switch_models(self, settings: Settings, preload: Path | None) -> None:
        overridden, self._model_override = self._model_override is not None, None
        if models_differ(settings, self.settings):
            self.update_settings(settings, preload=preload)
        elif overridden:
            self.apply_models(preload)
            self._refresh_windows()

    def load_model(self, folder: Path | None = None) -> None:
        """Load ``folder`` (default: the model in use now) into the engine, starting the
        engine first if there is none (on the service's worker thread)."""
        self.model_loading = True
        self.model_reason = ""
        self._loading = Path(folder or self.model_folder())
        self._refresh_windows()
        self.service.load(self._loading)

    def _on_model_loaded(self, folder: Path, name: str, reason: str) -> None:
        if folder != self._loading:
            return  # a newer load was asked for meanwhile: that one decides
        self.model_loading = False
        self.model_reason = reason
        if not reason:
            self._mark(f"model {name} loaded")
        else:
            if not self.router.automatic and not self.service.model_name:
                self.service.set_engine(None)  # the only model it would serve is unusable
            log.warning("suggestions off for %s: %s", folder, reason)
        self._refresh_windows()

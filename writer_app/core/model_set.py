"""Several models behind one engine: each request names its model folder, and a folder is
loaded the first time a request needs it (an English writer never loads the Chinese model).

The same class runs inside the engine child process (core/engine_process.py) and, as the
thread fallback, in the editor's process. No Qt.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from writer_app.inference.types import DecodingConfig, Suggestion

MAX_LOADED = 3  # models kept in memory (about 10-20 MB each); the least recently used goes


class ModelUnavailableError(Exception):
    """A model folder could not be loaded. ``reason`` is the loader's own sentence (which
    file, and why); ``folder`` the folder asked for (None when not known)."""

    def __init__(self, reason: str, folder: Path | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.folder = folder


def _key(folder: Path | str) -> Path:
    return Path(folder).absolute()


def load_in_process(folder: Path, threads: int | None = None) -> Any:
    """A Suggester for ``folder`` (raises ModelLoadError)."""
    from writer_app.inference import RuntimeOptions, Suggester

    options = RuntimeOptions(intra_op_threads=threads) if threads else RuntimeOptions()
    return Suggester.load(folder, options=options)


class ModelSet:
    """A SuggestionEngine over several model folders.

    ``suggest_with(folder, text)`` answers with that folder's model, loading it on first
    use; ``suggest(text)`` uses the first model loaded (the primary). Thread-safe. A
    folder that fails to load raises ModelUnavailableError each time it is asked for (the
    caller decides whether to ask again).
    """

    def __init__(self, load: Callable[[Path], Any] = load_in_process, max_loaded: int = MAX_LOADED) -> None:
        self._load = load
        self._max = max(2, max_loaded)  # the primary and the one in use
        self._models: OrderedDict[Path, Any] = OrderedDict()
        self._primary: Path | None = None
        self._config: DecodingConfig | None = None
        self._lock = threading.Lock()
        self._loading = threading.Lock()  # one load at a time; requests for loaded models pass

    @property
    def name(self) -> str:
        """The primary model's name ('' before the first load)."""
        with self._lock:
            model = self._models.get(self._primary) if self._primary is not None else None
        return str(getattr(model, "name", "")) if model is not None else ""

    def loaded(self) -> list[Path]:
        with self._lock:
            return list(self._models)

    def load(self, folder: Path | str) -> str:
        """Load ``folder`` now if it is not loaded; its model's name. Raises ModelUnavailableError."""
        return str(getattr(self._get(_key(folder)), "name", ""))

    def _get(self, key: Path) -> Any:
        with self._lock:
            model = self._models.get(key)
            if model is not None:
                self._models.move_to_end(key)
                return model
        with self._loading:
            with self._lock:
                model = self._models.get(key)  # loaded meanwhile by another thread
            if model is None:
                try:
                    model = self._load(key)
                except Exception as exc:  # ModelLoadError says why; anything else too
                    raise ModelUnavailableError(str(exc) or type(exc).__name__, key) from exc
                if self._config is not None:
                    model.config = self._config
            with self._lock:
                self._models[key] = model
                self._models.move_to_end(key)
                if self._primary is None:
                    self._primary = key
                while len(self._models) > self._max:
                    old = next(k for k in self._models if k != key and k != self._primary)
                    del self._models[old]
            return model

    def suggest_with(self, folder: Path | str, text: str) -> Suggestion | None:
        """``text`` continued by the model in ``folder``. Raises ModelUnavailableError."""
        return self._get(_key(folder)).suggest(text)

    def suggest(self, text: str) -> Suggestion | None:
        """``text`` continued by the primary model. Raises ModelUnavailableError before any load."""
        if self._primary is None:
            raise ModelUnavailableError("no model is loaded")
        return self._get(self._primary).suggest(text)

    @property
    def config(self) -> DecodingConfig:
        return self._config or DecodingConfig()

    @config.setter
    def config(self, config: DecodingConfig) -> None:
        self.set_config(config)

    def set_config(self, config: DecodingConfig) -> None:
        """Apply to every loaded model and to those loaded later. Raises ValueError for a
        bad config (checked by a loaded model; nothing changes then)."""
        from writer_app.inference.suggester import validate_config

        validate_config(config)
        with self._lock:
            models = list(self._models.values())
        for model in models:
            model.config = config
        self._config = config

    def close(self) -> None:
        with self._lock:
            self._models.clear()
            self._primary = None

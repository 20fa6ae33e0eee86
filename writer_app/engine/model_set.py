"""The in-process Engine (engine/interface.py): several models, each request names its model
folder, and a folder is loaded the first time a request needs it (an English writer never
loads the Chinese model).

The same class runs inside the engine child process (engine/child_process.py) and, as the
thread fallback, in the editor's process. No Qt.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from writer_app.engine.interface import DocumentOutOfStepError, ModelUnavailableError, check_model_folder
from writer_app.inference.doc_cache import DocumentEdit
from writer_app.inference.types import DecodingConfig, Suggestion

__all__ = ["MAX_LOADED", "ModelSet", "ModelUnavailableError", "load_in_process"]

MAX_LOADED = 3  # models kept in memory (about 10-20 MB each); the least recently used goes


def _key(folder: Path | str) -> Path:
    return Path(folder).absolute()


def load_in_process(folder: Path, threads: int | None = None) -> Any:
    """A Suggester for ``folder`` (raises ModelLoadError)."""
    from writer_app.inference import RuntimeOptions, Suggester

    options = RuntimeOptions(intra_op_threads=threads) if threads else RuntimeOptions()
    return Suggester.load(folder, options=options)


class ModelSet:
    """An Engine over several model folders, in this process.

    ``suggest(folder, text, config)`` answers with that folder's model, loading it on
    first use. The first model loaded (the primary) is never evicted. Thread-safe. A
    folder that fails to load raises ModelUnavailableError each time it is asked for (the
    caller, editor/suggestion_service.py, remembers the failure and does not ask again);
    a folder that does not exist, its subclass ModelFolderMissingError.
    """

    def __init__(self, load: Callable[[Path], Any] = load_in_process, max_loaded: int = MAX_LOADED) -> None:
        self._load = load
        self._max = max(2, max_loaded)  # the primary and the one in use
        self._models: OrderedDict[Path, Any] = OrderedDict()
        self._primary: Path | None = None
        self._lock = threading.Lock()
        self._loading = threading.Lock()  # one load at a time; requests for loaded models pass
        # The editors' documents as lines, for the caches of models loaded later.
        self._documents: dict[int, list[str]] = {}

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
                check_model_folder(key)  # not there: said as such, not as a broken model
                try:
                    model = self._load(key)
                except Exception as exc:  # ModelLoadError says why; anything else too
                    raise ModelUnavailableError(str(exc) or type(exc).__name__, key) from exc
            with self._lock:
                for document, lines in self._documents.items():
                    model.update_document(document, [DocumentEdit(0, None, tuple(lines))])
                self._models[key] = model
                self._models.move_to_end(key)
                if self._primary is None:
                    self._primary = key
                while len(self._models) > self._max:
                    old = next(k for k in self._models if k != key and k != self._primary)
                    del self._models[old]
            return model

    def suggest(
        self, folder: Path | str, text: str, config: DecodingConfig, document: int | None = None,
        after: str = "",
    ) -> Suggestion | None:
        """``text`` continued by the model in ``folder`` under ``config``, with the cache of
        ``document`` (None: of ``text``), without what ``after`` (the text after the cursor)
        already holds. Raises ModelUnavailableError (the model cannot be loaded),
        ValueError (a bad config)."""
        model = self._get(_key(folder))
        if document is None:
            return model.suggest(text, config=config, after=after)
        return model.suggest_in(document, text, config, after=after)

    def update_document(self, document: int, edits: Sequence[DocumentEdit]) -> None:
        """Apply an editor's edits to ``document`` here and in every loaded model's cache.
        An edit that does not fit raises DocumentOutOfStepError and leaves the document
        unchanged; the editor then sends the whole text again (suggestion_service)."""
        with self._lock:
            lines = self._documents.setdefault(document, [])
            for edit in edits:
                end = len(lines) if edit.end is None else edit.end
                if not 0 <= edit.start <= end <= len(lines):
                    raise DocumentOutOfStepError(f"edit of lines {edit.start}..{end} in {len(lines)} lines")
                lines[edit.start:end] = edit.lines
            models = list(self._models.values())
        for model in models:
            model.update_document(document, edits)

    def forget_document(self, document: int) -> None:
        """Drop ``document`` (its editor closed)."""
        with self._lock:
            self._documents.pop(document, None)
            models = list(self._models.values())
        for model in models:
            model.forget_document(document)

    def close(self) -> None:
        with self._lock:
            self._models.clear()
            self._primary = None

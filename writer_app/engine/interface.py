"""The one engine interface, and the requests/results that cross threads.

An engine answers for several model folders: ``load(folder)`` loads one now,
``suggest(folder, text, config, document, after)`` continues ``text`` (the text before the
cursor) with the model in ``folder`` (loading it on first use) under the decoding ``config``
given with the call, leaving out what ``after`` (the text after the cursor) already holds,
``update_document(document, edits)`` passes an editor's edits to the document caches
(the changed lines only), ``forget_document(document)`` drops one (its window closed),
``close()`` releases it. Two implementations: the in-process
ModelSet (engine/model_set.py) and the engine child ProcessEngine (engine/child_process.py).
The Qt side (editor/suggestion_service.py) holds one engine and calls it from one worker
thread; tests use a deterministic fake.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from writer_app.files.path_state import PathState, path_state
from writer_app.inference.card_file import WHAT_TO_DO
from writer_app.inference.doc_cache import DocumentEdit
from writer_app.inference.types import DecodingConfig, Suggestion

log = logging.getLogger(__name__)


class ModelUnavailableError(Exception):
    """A model folder could not be loaded. ``reason`` is the loader's own sentence (which
    file, and why); ``folder`` the folder asked for (None when not known)."""

    def __init__(self, reason: str, folder: Path | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.folder = folder


class DocumentOutOfStepError(IndexError):
    """An edit does not fit the engine's copy of a document (it missed earlier edits: they
    were sent while no engine ran, or to an engine since restarted). The copy is left as it
    was; the editor sends the whole text again under a new id."""


class ModelFolderMissingError(ModelUnavailableError):
    """The model folder is not there (deleted, moved, a mistyped --model): nothing was
    read, so nothing is said to be damaged; the message ends with the remedy every such
    message gives (card_file.WHAT_TO_DO). A folder that exists but whose model cannot be
    loaded is the loader's ModelLoadError, said as its own sentence."""

    def __init__(self, folder: Path) -> None:
        state = path_state(folder)
        what = ("cannot be looked at (a folder on the way cannot be entered)" if state is PathState.UNREACHABLE
                else "does not exist" if state is PathState.MISSING and not os.path.islink(folder)
                else "is not a folder")
        super().__init__(f"The model folder {folder} {what}. {WHAT_TO_DO}", folder)


def check_model_folder(folder: Path) -> None:
    """Raise ModelFolderMissingError unless ``folder`` is an existing folder (checked
    before a model is loaded from it)."""
    if path_state(folder) is not PathState.FOLDER:  # never raises (files/path_state.py)
        raise ModelFolderMissingError(Path(folder))


@runtime_checkable
class Engine(Protocol):
    """What the editor needs from a suggestion engine (see the module docstring)."""

    def load(self, folder: Path) -> str:
        """Load the model in ``folder`` now unless loaded; its card's name. Raises
        ModelUnavailableError (with the loader's sentence) when it cannot be loaded."""
        ...

    def suggest(
        self, folder: Path, text: str, config: DecodingConfig, document: int | None = None,
        after: str = "",
    ) -> Suggestion | None:
        """A continuation of ``text`` (the text before the cursor) by the model in
        ``folder`` under ``config``, or None; ``document``: the editor's document the cursor
        is in (its cache of n-grams, config.document_cache; None: the cache follows
        ``text``); ``after``: the text after the cursor on its line ("" at the end of a
        line; only its first line is read), whose characters the suggestion does not
        repeat (writer_app.text.fit). The Suggestion is showable as it is (inference/candidates.py
        ``showable``: one line per candidate, fitted between ``text`` and ``after``, none
        blank or repeated). Raises ModelUnavailableError when the model cannot be loaded,
        ValueError for a bad config."""
        ...

    def update_document(self, document: int, edits: Sequence[DocumentEdit]) -> None:
        """Lines of an editor's ``document`` changed (inference/doc_cache.py DocumentEdit;
        the first, when a file opens, is the whole text). Cost: the lines changed. Raises
        DocumentOutOfStepError for an edit that does not fit the lines held."""
        ...

    def forget_document(self, document: int) -> None:
        """Drop ``document``'s lines and caches (its editor closed, or it will be sent
        again under a new id). Unknown ids are ignored."""
        ...

    def close(self) -> None:
        """Release the models (and a child process)."""
        ...


def start_engine() -> Engine:
    """A running engine with no model loaded yet: the engine child (engine/child_process.py),
    or with INKLING_ENGINE=thread, or when no child can start, a ModelSet in this process."""
    from writer_app.engine.model_set import ModelSet

    if os.environ.get("INKLING_ENGINE") == "thread":
        return ModelSet()
    from writer_app.engine.child_process import EngineProcessError, ProcessEngine

    try:
        return ProcessEngine.start()
    except EngineProcessError as exc:
        log.warning("engine process unavailable (%s); running the model in this process", exc)
        return ModelSet()


@dataclass(frozen=True)
class SuggestionRequest:
    """Text before the cursor, tagged with where and when it was taken, the model folder
    that should answer and the decoding config to answer with; asked: the user asked for
    it (Ctrl+Space), so an empty answer is worth saying; after: the text after the cursor
    on its line (at most editor/suggestion_policy.AFTER_CHARS characters), which the
    suggestion must not repeat. A result is stale when the editor's revision or cursor
    position differs from the request's, so one for other text after the cursor is too."""

    revision: int
    position: int
    context: str
    config: DecodingConfig
    model: Path
    asked: bool = False
    document: int | None = None  # the editor's document id for the engine's cache
    after: str = ""  # the text after the cursor, up to the end of its line


@dataclass(frozen=True)
class SuggestionResult:
    """The engine's answer to a request; ``latency_ms`` is wall time of ``suggest``.
    ``model_problem``: why the request's model could not be loaded (None when it was)."""

    request: SuggestionRequest
    suggestion: Suggestion | None
    latency_ms: float
    error: str | None = None
    model_problem: str | None = None

"""The editor's view of a suggestion engine, and the requests/results that cross threads.

The UI depends on this small Protocol, not on the concrete Suggester, so tests can use a
deterministic fake and the engine can be swapped (another model folder) at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from writer_app.inference.types import DecodingConfig, Suggestion


@runtime_checkable
class SuggestionEngine(Protocol):
    def suggest(self, text: str) -> Suggestion | None:
        """A continuation of ``text`` (the text before the cursor), or None."""
        ...


def suggest_with_model(engine: object, model: Path | None, text: str) -> Suggestion | None:
    """``engine.suggest_with(model, text)`` when the request names a model and the engine
    holds several (ModelSet, ProcessEngine); otherwise ``engine.suggest(text)``.
    Raises ModelUnavailableError when the named model cannot be loaded."""
    with_model = getattr(engine, "suggest_with", None)
    if model is not None and callable(with_model):
        return with_model(model, text)
    return engine.suggest(text)  # type: ignore[attr-defined]


def load_model(engine: object, model: Path) -> None:
    """``engine.load(model)`` for an engine that holds several models (ModelSet,
    ProcessEngine): load it now rather than on its first request. Raises
    ModelUnavailableError when it cannot be loaded; does nothing for other engines."""
    load = getattr(engine, "load", None)
    if serves_several_models(engine) and callable(load):
        load(model)


def serves_several_models(engine: object) -> bool:
    """True for an engine whose requests name their model (``suggest_with``)."""
    return callable(getattr(engine, "suggest_with", None))


def apply_config(engine: object, config: DecodingConfig) -> None:
    """Hand ``config`` to an engine that takes one (``set_config`` or a ``config`` attribute)."""
    setter = getattr(engine, "set_config", None)
    if callable(setter):
        setter(config)
    elif hasattr(engine, "config"):
        engine.config = config  # type: ignore[attr-defined]


def close_engine(engine: object) -> None:
    """Release an engine's resources (a child process) if it has any."""
    close = getattr(engine, "close", None)
    if callable(close):
        close()


@dataclass(frozen=True)
class SuggestionRequest:
    """Text before the cursor, tagged with where and when it was taken, and the model
    folder that should answer (None: the engine's only or first model); asked: the user
    asked for it (Ctrl+Space), so an empty answer is worth saying."""

    revision: int
    position: int
    context: str
    config: DecodingConfig
    model: Path | None = None
    asked: bool = False


@dataclass(frozen=True)
class SuggestionResult:
    """The engine's answer to a request; ``latency_ms`` is wall time of ``suggest``.
    ``model_problem``: why the request's model could not be loaded (None when it was)."""

    request: SuggestionRequest
    suggestion: Suggestion | None
    latency_ms: float
    error: str | None = None
    model_problem: str | None = None

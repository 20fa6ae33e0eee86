"""The editor's view of a suggestion engine, and the requests/results that cross threads.

The UI depends on this small Protocol, not on the concrete Suggester, so tests can use a
deterministic fake and the engine can be swapped (another model folder) at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from writer_app.inference.types import DecodingConfig, Suggestion


@runtime_checkable
class SuggestionEngine(Protocol):
    def suggest(self, text: str) -> Suggestion | None:
        """A continuation of ``text`` (the text before the cursor), or None."""
        ...


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
    """Text before the cursor, tagged with where and when it was taken."""

    revision: int
    position: int
    context: str
    config: DecodingConfig


@dataclass(frozen=True)
class SuggestionResult:
    """The engine's answer to a request; ``latency_ms`` is wall time of ``suggest``."""

    request: SuggestionRequest
    suggestion: Suggestion | None
    latency_ms: float
    error: str | None = None

"""Typed, checked reads of one JSON object of a model card, and its writing back.

``CardFields`` turns a bad or missing field into a ModelLoadError whose sentence names the
field by its dotted place in the card (``"tokenizer.special_tokens.bos.id"``); lenient
reads take an optional field of the wrong type as absent. ``card_object`` writes a part
back: its typed fields that are not None, then the fields the schema does not name
(``extra``), unchanged. Used by ``inference/card_sections.py`` and
``inference/model_card.py``. No Qt, no torch.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from writer_app.inference.card_file import JsonObject, json_type, refusal


def show_value(value: object) -> str:
    """``value`` as JSON for a message, cut to 40 characters."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class CardFields:
    """Typed reads of one JSON object of a card (``prefix`` is its dotted place in the
    card, for the messages); a bad or missing field becomes a sentence. ``lenient``: an
    optional field of the wrong type reads as absent (its default) instead."""

    def __init__(self, path: Path | str, raw: object, prefix: str = "", lenient: bool = False) -> None:
        if not isinstance(raw, dict):
            raise refusal(path, f"\"{prefix.rstrip('.')}\" must be a JSON object, not a "
                                f"{json_type(raw)}")
        self.path, self.raw, self.prefix, self.lenient = path, raw, prefix, lenient

    def _bad(self, key: str, why: str, default: Any = None) -> Any:
        """``default`` for an optional field when lenient; otherwise the refusal."""
        if self.lenient and default is not ...:
            return default
        raise refusal(self.path, f"\"{self._name(key)}\" {why}")

    def _name(self, key: str) -> str:
        return self.prefix + key

    def get(self, key: str, default: Any = ...) -> Any:
        if key not in self.raw:
            if default is ...:
                raise refusal(self.path, f"it lacks the field \"{self._name(key)}\"")
            return default
        return self.raw[key]

    def part(self, key: str) -> CardFields:
        """The required JSON object ``key`` (raises ModelLoadError when missing or not an object)."""
        found = self.sub(key)
        assert found is not None  # required: sub raised if it was missing
        return found

    def sub(self, key: str, required: bool = True) -> CardFields | None:
        if key not in self.raw and not required:
            return None
        value = self.get(key)
        if not isinstance(value, dict) and not required and self.lenient:
            return None
        return CardFields(self.path, value, self._name(key) + ".", self.lenient)

    def text(self, key: str, default: Any = ..., runtime: bool = False) -> Any:
        """A non-empty string; ``runtime``: checked even when lenient (the runtime uses it)."""
        value = self.get(key, default)
        if value is None and default is None:
            return None
        if not isinstance(value, str) or not value:
            return self._bad(key, f"must be a non-empty string, not {show_value(value)}",
                             ... if runtime else default)
        return value

    def string(self, key: str, runtime: bool = False) -> str | None:
        """An optional string, which may be empty; ``runtime`` as in text."""
        value = self.get(key, None)
        if value is not None and not isinstance(value, str):
            return self._bad(key, f"must be a string, not {show_value(value)}", ... if runtime else None)
        return value

    def count(self, key: str, low: int, high: int, required: bool = True) -> Any:
        value = self.get(key, ... if required else None)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return self._bad(key, f"must be a whole number from {low:,} to {high:,}, not "
                                  f"{show_value(value)}", ... if required else None)
        return value

    def number(self, key: str) -> float | int | None:
        value = self.get(key, None)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            return self._bad(key, f"must be a number, not {show_value(value)}")
        return value

    def real(self, key: str, low: float, high: float, required: bool = True) -> Any:
        """A number from ``low`` to ``high`` (an int is taken as it is)."""
        value = self.get(key, ... if required else None)
        if value is None and not required:
            return None
        if (isinstance(value, bool) or not isinstance(value, int | float)
                or not low <= value <= high):
            return self._bad(key, f"must be a number from {low:g} to {high:g}, not {show_value(value)}",
                             ... if required else None)
        return value

    def flag(self, key: str) -> bool | None:
        value = self.get(key, None)
        if value is not None and not isinstance(value, bool):
            return self._bad(key, f"must be true or false, not {show_value(value)}")
        return value

    def obj(self, key: str) -> JsonObject | None:
        value = self.get(key, None)
        if value is not None and not isinstance(value, dict):
            return self._bad(key, f"must be a JSON object, not a {json_type(value)}")
        return value

    def items(self, key: str) -> list[Any] | None:
        value = self.get(key, None)
        if value is not None and not isinstance(value, list):
            return self._bad(key, f"must be a list, not a {json_type(value)}")
        return value

    def names(self, key: str) -> tuple[str, ...]:
        value = self.items(key) or []
        if not all(isinstance(v, str) for v in value):
            return self._bad(key, "must be a list of file names", ())
        return tuple(value)

    def extra(self, known: tuple[str, ...]) -> JsonObject:
        return {k: v for k, v in self.raw.items() if k not in known}


def card_object(pairs: dict[str, Any], extra: JsonObject) -> JsonObject:
    """The JSON object of a card part: its typed fields that are not None, then ``extra``."""
    return {**{k: v for k, v in pairs.items() if v is not None}, **extra}

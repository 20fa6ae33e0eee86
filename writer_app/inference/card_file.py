"""``model.json`` on disk: read whole only when small, and names that stay inside the folder.

Every read of a card goes through ``load_card_json``, which refuses a file over
MAX_CARD_BYTES unread; the schema that reads the parsed JSON is ``inference/model_card.py``
(the whole card) with its sections in ``inference/card_sections.py``. ModelLoadError, the
one error for a model folder that cannot be used, is defined here. No Qt, no torch.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path, PurePath
from typing import Any

CARD_NAME = "model.json"
# The largest model.json any reader parses (bytes). Real cards are 5-30 KB (the validation
# history is the bulk); a 2 GB "card" read whole took the editor to 4.2 GB of memory.
MAX_CARD_BYTES = 1 << 20

JsonObject = dict[str, Any]


class ModelLoadError(Exception):
    """A model folder cannot be used; the message says which file and why."""


# What a writer can do about a model that cannot be used (the end of each such message),
# in the names of the menu items that do it (tests/ui/test_menu_paths.py checks them).
WHAT_TO_DO = ("Model → Use Default Model goes back to the models that come with Inkling, or "
              "choose another in the Model menu; Model → Manage Models… deletes a damaged "
              "model of your own.")


def without_advice(message: str) -> str:
    """``message`` without WHAT_TO_DO at its end (for a place that gives its own advice)."""
    return message.removesuffix(WHAT_TO_DO).rstrip()


def refusal(path: Path | str, why: str) -> ModelLoadError:
    """The error for a card at ``path`` that is not usable because ``why`` (a clause)."""
    return ModelLoadError(f"{path} is not a usable model card: {why}. {WHAT_TO_DO}")


def json_type(value: object) -> str:
    """The JSON name of ``value``'s type, for messages ("object", "list", "number", ...)."""
    return {dict: "object", list: "list", str: "string", bool: "true/false", type(None): "null",
            int: "number", float: "number"}.get(type(value), type(value).__name__)


def load_card_json(folder: Path) -> JsonObject:
    """``folder/model.json`` parsed as a JSON object (the untyped step of ModelCard.read).

    The file's size is checked before it is read: a card over MAX_CARD_BYTES, or one that
    is not a regular file (a FIFO would block), is refused unread. Raises ModelLoadError,
    whose message says what is wrong with the file, for a missing, unreadable, oversized,
    non-UTF-8 or non-JSON card and for JSON that is not an object.
    """
    path = Path(folder) / CARD_NAME
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ModelLoadError(f"{folder} is not a model folder: {CARD_NAME} is missing. "
                             f"{WHAT_TO_DO}") from None
    except OSError as exc:
        raise ModelLoadError(f"{path} cannot be read: {exc.strerror or exc}. {WHAT_TO_DO}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise refusal(path, "it is not a regular file")
    too_big = refusal(path, f"it is larger than {MAX_CARD_BYTES // 1024:,} KB (a model card is a "
                            "few KB), so it was not read")
    if info.st_size > MAX_CARD_BYTES:
        raise too_big
    try:
        with path.open("rb") as f:
            data = f.read(MAX_CARD_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        raise ModelLoadError(f"{path} cannot be read: {exc.strerror or exc}. {WHAT_TO_DO}") from exc
    if len(data) > MAX_CARD_BYTES:
        raise too_big
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise refusal(path, f"it is damaged: not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:  # e.g. cut short: "Unterminated string starting at"
        what = exc.msg.removesuffix(" at")  # some end so: "starting at at line" was said
        raise refusal(path, f"it is damaged: not valid JSON ({what} at line {exc.lineno} "
                            f"column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        raise refusal(path, f"it is damaged: not valid JSON ({exc})") from exc
    if not isinstance(raw, dict):
        raise refusal(path, f"it holds a JSON {json_type(raw)} where a JSON object belongs")
    return raw


def card_json(folder: Path) -> JsonObject | None:
    """``folder/model.json`` parsed, or None when it is missing, unreadable, oversized or not
    a JSON object. Prefer ModelCard.try_read, which also checks the fields."""
    try:
        return load_card_json(folder)
    except ModelLoadError:
        return None


def member_path(folder: Path, name: object) -> Path | None:
    """``folder / name`` when ``name`` is a relative file name that stays inside ``folder``
    (no absolute path, no ``..``), else None. The check is on the name only: a file inside
    may be a symlink (bench/variants.py links a variant's files)."""
    if not isinstance(name, str) or not name.strip():
        return None
    pure = PurePath(name)
    if pure.is_absolute() or pure.anchor or ".." in pure.parts or not pure.parts:
        return None
    return Path(folder) / pure

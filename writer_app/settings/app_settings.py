"""The app's settings: a frozen dataclass, read from and written to a TOML file.

Reading never fails: a missing file gives the defaults, and each bad or out-of-range
value falls back to its default on its own (novelWriter's typed getters), so one typo
does not reset everything. Writing is atomic.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import tomli_w

from writer_app.files.atomic_write import atomic_write_bytes
from writer_app.files.recovery import AUTOSAVE_MAX_WAIT_S
from writer_app.inference.types import DecodingConfig
from writer_app.settings.options import Range, option, option_range, same_option

MAX_RECENT = 10


@dataclass(frozen=True)
class Settings:
    """Everything the user can change. Times in milliseconds/seconds as named."""

    suggestions_enabled: bool = True
    debounce_ms: int = option(120, range=Range(0, 5000),
                              help="pause after a keystroke before asking the model (0 = at once)")
    max_tokens: int = same_option(DecodingConfig, "max_tokens")  # longest suggestion, in model tokens
    beam_width: int = same_option(DecodingConfig, "beam_width")  # 0: each model's recommendation (en 8, zh 4)
    threshold: float = same_option(DecodingConfig, "threshold")  # minimum confidence to show a suggestion
    model_dir: str = ""  # the user's own model, for its card's language; empty: the bundled ones
    model_choice: str = "auto"  # "auto": by the script before the cursor; "en"/"zh": that model always
    font_family: str = ""  # empty: the system's fixed-pitch-free default
    font_size: float = option(12.0, range=Range(4.0, 96.0), help="editor font size in points")
    line_wrap: bool = True
    # Suggestions learn from the document being written (DecodingConfig.document_cache).
    document_cache: bool = same_option(DecodingConfig, "document_cache")
    # Idle seconds before unsaved work goes to the recovery folder; while typing goes on
    # without a pause, AUTOSAVE_MAX_WAIT_S after the first unsaved change (so no longer).
    autosave_idle_s: float = option(3.0, range=Range(0.5, AUTOSAVE_MAX_WAIT_S),
                                    help="pause in typing after which unsaved work is copied to the recovery folder")
    # The key that asks for a suggestion now, as Qt's portable key-sequence text; '' for
    # none. Under fcitx (and older IBus) Ctrl+Space switches the input method on and off
    # and never reaches the app: such writers pick another key in Settings.
    ask_now_key: str = "Ctrl+Space"
    recent_files: tuple[str, ...] = field(default_factory=tuple)

    def with_recent(self, path: str) -> Settings:
        """Settings with ``path`` moved to the front of the recent files, as an absolute
        path without "." or ".." parts (os.path.abspath: symbolic links are kept, so the
        menu shows the path the writer opened, and one file opened two ways is one entry)."""
        path = os.path.abspath(path)
        recent = (path, *(p for p in self.recent_files if p != path))[:MAX_RECENT]
        return replace(self, recent_files=recent)


def _in_range(cls: type, name: str) -> Callable[[Any], Any]:
    """The check of a number field: its type (int, or int/float for float) and the range
    its field declares (writer_app.settings.options)."""
    r = option_range(cls, name)
    is_float = isinstance(next(f for f in fields(cls) if f.name == name).default, float)

    def check(v: Any) -> Any:
        if (not is_float and not isinstance(v, int)) or v not in r:
            raise ValueError(v)
        return float(v) if is_float else v

    return check


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError(v)
    return v


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise ValueError(v)
    return v


def _choice(v: Any) -> str:
    if not isinstance(v, str) or not (v == "auto" or (2 <= len(v) <= 8 and v.isalpha() and v.islower())):
        raise ValueError(v)
    return v


def _key(v: Any) -> str:
    """One key combination as text ("Ctrl+Space", "Alt+/"), or '' (Qt parses it)."""
    if not isinstance(v, str) or len(v) > 40 or "," in v.replace("+,", "") or not v.isprintable():
        raise ValueError(v)
    return v.strip()


def _paths(v: Any) -> tuple[str, ...]:
    if not isinstance(v, list):
        raise ValueError(v)
    return tuple(p for p in v if isinstance(p, str) and p)[:MAX_RECENT]


_TYPE_CHECKS: dict[str, Callable[[Any], Any]] = {
    "suggestions_enabled": _bool,
    "model_dir": _str,
    "model_choice": _choice,
    "font_family": _str,
    "line_wrap": _bool,
    "document_cache": _bool,
    "ask_now_key": _key,
    "recent_files": _paths,
}
# Each field's check: its own type check, or for a number the range its field declares.
CHECKS: dict[str, Callable[[Any], Any]] = {
    f.name: _TYPE_CHECKS.get(f.name) or _in_range(Settings, f.name) for f in fields(Settings)
}


def settings_from_dict(raw: dict[str, Any]) -> Settings:
    """Settings from parsed TOML; unknown keys are ignored, bad values use the default."""
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name in raw:
            try:
                values[f.name] = CHECKS[f.name](raw[f.name])
            except ValueError:
                pass
    return Settings(**values)


def settings_to_toml(settings: Settings) -> str:
    """The settings as a TOML document (tomli-w), after a one-line header comment."""
    body = tomli_w.dumps(asdict(settings))  # tuples become arrays
    return "# Inkling settings (written by the app; edits are read at start-up)\n" + body


class SettingsStore:
    """Settings persisted in one TOML file (by default in the user's config folder)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> Settings:
        try:
            raw = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return Settings()
        return settings_from_dict(raw)

    def save(self, settings: Settings) -> None:
        """Write atomically. Raises SaveError (an OSError)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.path, settings_to_toml(settings).encode("utf-8"))

"""The app's settings: a frozen dataclass, read from and written to a TOML file.

Reading never fails: a missing file gives the defaults, and each bad or out-of-range
value falls back to its default on its own (novelWriter's typed getters), so one typo
does not reset everything. A file that cannot be read whole (a TOML syntax error, not
UTF-8, a value of the wrong type or out of range) is first copied aside as
``settings.toml.YYYYMMDD-HHMMSS.bad`` and then rewritten with what could be used, and
``SettingsStore.problem`` says so in words, once, for the app to show.

Several Inkling processes share the file: each one saves only the fields it changed
(``SettingsStore.update``), under an inter-process lock (``settings.toml.lock`` beside
it, filelock), re-reading the file first, so no process undoes another's change. Writing
is atomic (writer_app.files.atomic_write).
"""

from __future__ import annotations

import itertools
import os
import time
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import tomli_w
from filelock import FileLock, Timeout

from writer_app.engine.model_choice import AUTO, CHOICES
from writer_app.engine.own_models import by_card_language
from writer_app.files.atomic_write import atomic_write_bytes
from writer_app.files.names import shown_name
from writer_app.files.recovery import AUTOSAVE_MAX_WAIT_S
from writer_app.inference.types import DecodingConfig
from writer_app.settings.options import Range, describe_choices, option, option_info, option_range, same_option

MAX_RECENT = 10
# Seconds a save waits for another Inkling process to finish its own save of the file.
LOCK_TIMEOUT_S = 10.0
HEADER = "# Inkling settings (written by the app; edits are read at start-up)\n"


@dataclass(frozen=True)
class Settings:
    """Everything the user can change. Times in milliseconds/seconds as named."""

    # Label and help in a writer's words (the dialog shows them; a first-day tester did not
    # know "tokens", "beam width" or "threshold"), the decoder's term last in brackets.
    suggestions_enabled: bool = option(True, label="Show suggestions while typing",
                                       help="Off: a suggestion comes only when you ask for one (Suggest Now)")
    debounce_ms: int = option(120, range=Range(0, 5000), label="Wait after typing",
                              help="How long Inkling waits after you stop typing before it suggests; "
                              "0: at once, after every key (debounce)")
    max_tokens: int = same_option(DecodingConfig, "max_tokens", label="Suggestion length",
                                  help="The longest a suggestion may be; most stop sooner, at the end "
                                  "of a sentence or where Inkling is unsure (tokens: the pieces the "
                                  "model writes in)")
    beam_width: int = same_option(DecodingConfig, "beam_width", label="Wordings compared",
                                  help="How many wordings Inkling weighs before it shows the best: more "
                                  "can find a better one but take longer; 1: the first it finds. "
                                  "Automatic: what was measured best for each model (beam width)")
    threshold: float = same_option(DecodingConfig, "threshold", label="How sure before showing",
                                   help="A suggestion is shown only when Inkling is at least this sure of "
                                   "its first word: higher shows fewer, right more often; at 100 % none "
                                   "comes by itself (Suggest Now still asks). Automatic: "
                                   "the level measured best for each model (confidence threshold)")
    # The writer's own models: language ("en", "zh") -> the folder chosen for it, replacing
    # that language's bundled model (writer_app.engine.own_models); in the file the table
    # [model_dirs]. Empty: the bundled ones. Older files' forms are read by their cards'
    # languages: a list of folders, or one folder (``model_dir = "..."``, _upgraded).
    model_dirs: dict[str, str] = field(default_factory=dict)
    # "auto": the model for the script before the cursor; "en", "zh": that model always
    model_choice: str = option(AUTO, choices=CHOICES)
    font_family: str = ""  # empty: the system's fixed-pitch-free default
    font_size: float = option(12.0, range=Range(4.0, 96.0), help="editor font size in points (Format → Font)")
    # Format → Zoom In / Out add to the chosen size, Reset Zoom (Ctrl+0) goes back to it: shown_font_size
    zoom: float = option(0.0, range=Range(-92.0, 92.0), help="points Format → Zoom In/Out add to the font size")
    line_wrap: bool = True
    document_cache: bool = same_option(DecodingConfig, "document_cache", label="Learn from this document",
                                       help="Suggest the names and phrases this document keeps using "
                                       "(it counts the document's own words as you write)")
    # Idle seconds before unsaved work goes to the recovery folder (never more than AUTOSAVE_MAX_WAIT_S)
    autosave_idle_s: float = option(3.0, range=Range(0.5, AUTOSAVE_MAX_WAIT_S), label="Autosave after",
                                    help="Pause in typing after which unsaved work is copied to the recovery "
                                    f"folder; while you type without a pause, {AUTOSAVE_MAX_WAIT_S:g} s after "
                                    "your first unsaved change")
    # The key that asks for a suggestion now, as Qt's portable key-sequence text; '' for
    # none. Under fcitx (and older IBus) Ctrl+Space switches the input method on and off
    # and never reaches the app: such writers pick another key in Settings.
    ask_now_key: str = option("Ctrl+Space", label="Suggest Now key",
                              help="Asks for a suggestion at once. If your input method uses this key "
                              "(fcitx switches on Ctrl+Space), press another here.")
    recent_files: tuple[str, ...] = field(default_factory=tuple)

    def with_recent(self, path: str) -> Settings:
        """Settings with ``path`` moved to the front of the recent files, as an absolute
        path without "." or ".." parts (os.path.abspath: symbolic links are kept, so the
        menu shows the path the writer opened, and one file opened two ways is one entry).
        A path the settings file cannot hold (bytes that are not UTF-8, which os.fsdecode
        gives as lone surrogates) is left out; the list stays as it was."""
        path = os.path.abspath(path)
        if shown_name(path) != path:  # not UTF-8: the file cannot hold it
            return self
        recent = (path, *(p for p in self.recent_files if p != path))[:MAX_RECENT]
        return replace(self, recent_files=recent)


def models_differ(a: Settings, b: Settings) -> bool:
    """Whether ``a`` and ``b`` send text to other models: their own models or their choice."""
    return (a.model_dirs, a.model_choice) != (b.model_dirs, b.model_choice)


Check = Callable[[Any], Any]  # a field's value as read -> the value to use; ValueError("must be ...")


def _declared(cls: type, name: str) -> Check | None:
    """The check of a field that declares the values it may take (writer_app.settings.options):
    its choices, or its range; None for a field that declares neither."""
    info = option_info(cls, name)
    if info.choices is not None:
        return _in_choices(info.choices)
    return _in_range(cls, name) if info.range is not None else None


def _in_choices(choices: tuple[Any, ...]) -> Check:
    """The check of a field that declares its choices. Raises ValueError naming them."""

    def check(v: Any) -> Any:
        if v not in choices:
            raise ValueError(describe_choices(choices))
        return v

    return check


def _in_range(cls: type, name: str) -> Check:
    """The check of a number field: its type (int, or int/float for float) and the range
    its field declares. Raises ValueError saying which."""
    r = option_range(cls, name)
    is_float = isinstance(next(f for f in fields(cls) if f.name == name).default, float)

    def check(v: Any) -> Any:
        if (not is_float and not isinstance(v, int)) or v not in r:
            raise ValueError(r.describe() + ("" if is_float else ", a whole number"))
        return float(v) if is_float else v

    return check


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError("must be true or false")
    return v


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise ValueError("must be text in quotes")
    return v


def _key(v: Any) -> str:
    """One key combination as text ("Ctrl+Space", "Alt+/"), or '' (Qt parses it)."""
    if not isinstance(v, str) or len(v) > 40 or "," in v.replace("+,", "") or not v.isprintable():
        raise ValueError('must be one key combination such as "Ctrl+Space", or ""')
    return v.strip()


def _paths(v: Any, what: str = "file paths") -> tuple[str, ...]:
    """A list of paths: those that are text and not empty, in order."""
    if not isinstance(v, list):
        raise ValueError(f"must be a list of {what}")
    return tuple(p for p in v if isinstance(p, str) and p)


def _own_models(v: Any) -> dict[str, str]:
    """The own models, language -> folder: a table of folders by language (entries that are
    not text left out), or the older list of folders, each by its card's language
    (writer_app.engine.own_models.by_card_language)."""
    if isinstance(v, list):
        return by_card_language(dict.fromkeys(_paths(v, "folders")))
    if not isinstance(v, dict):
        raise ValueError('must be a table of model folders by language, such as en = "/path"')
    return {lang: p for lang, p in v.items() if isinstance(p, str) and p and lang.strip()}


_TYPE_CHECKS: dict[str, Check] = {
    "suggestions_enabled": _bool,
    "model_dirs": _own_models,
    "font_family": _str,
    "line_wrap": _bool,
    "document_cache": _bool,
    "ask_now_key": _key,
    "recent_files": lambda v: _paths(v)[:MAX_RECENT],
}
# Each field's check: the range or the choices its field declares, else its type check.
# A check returns the value to use and raises ValueError("must be ...") for a bad one.
CHECKS: dict[str, Check] = {f.name: _declared(Settings, f.name) or _TYPE_CHECKS[f.name] for f in fields(Settings)}
_NAMES = frozenset(f.name for f in fields(Settings))


def _shown(value: Any) -> str:
    """A value as it reads in TOML, on one line, at most 60 characters."""
    text = " ".join(tomli_w.dumps({"v": value}).partition("=")[2].split())
    return text if len(text) <= 60 else text[:59] + "…"


OLD_MODEL_DIR = "model_dir"  # Inkling before model_dirs: one own model, "" for none


def _upgraded(raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` without the keys of older versions, their values moved to the fields that
    replaced them: ``model_dir = "/path"`` becomes ``model_dirs = ["/path"]`` (where the
    file has no ``model_dirs``; its check then reads the folder by its card's language), so
    a save writes only the new key."""
    if OLD_MODEL_DIR not in raw:
        return raw
    raw = dict(raw)
    old = raw.pop(OLD_MODEL_DIR)
    if "model_dirs" not in raw:  # a bad value stays bad: its check reports it
        raw["model_dirs"] = ([old] if old else []) if isinstance(old, str) else old
    return raw


def check_settings(raw: dict[str, Any], checks: dict[str, Check] = CHECKS) -> tuple[Settings, list[str]]:
    """Settings from parsed TOML and the bad values, each as 'name = value (must be ...)';
    ``checks``: each field's check (CHECKS). Unknown keys are ignored, older versions' keys
    read as the fields that replaced them (_upgraded); a bad value gives that field its default."""
    raw = _upgraded(raw)
    values: dict[str, Any] = {}
    bad: list[str] = []
    for f in fields(Settings):
        if f.name in raw:
            try:
                values[f.name] = checks[f.name](raw[f.name])
            except ValueError as exc:
                bad.append(f"{f.name} = {_shown(raw[f.name])} ({exc})")
    return Settings(**values), bad


def settings_from_dict(raw: dict[str, Any]) -> Settings:
    """Settings from parsed TOML; unknown keys are ignored, bad values use the default."""
    return check_settings(raw)[0]


def settings_to_toml(settings: Settings, extra: dict[str, Any] | None = None) -> str:
    """The settings as a TOML document (tomli-w), after a one-line header comment;
    ``extra``: keys this version does not know (a newer Inkling's), kept after them."""
    unknown = {k: v for k, v in (extra or {}).items() if k not in _NAMES and k != OLD_MODEL_DIR}
    body = tomli_w.dumps({**asdict(settings), **unknown})  # tuples become arrays
    return HEADER + body


def _is_subsequence(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    rest = iter(whole)
    return all(p in rest for p in part)  # ``in`` consumes the iterator up to the match


def merge_recent(old: tuple[str, ...], new: tuple[str, ...], disk: tuple[str, ...]) -> tuple[str, ...]:
    """The recent files once a process that had ``old`` and wants ``new`` saves over a
    file that now holds ``disk`` (another process may have added its own).

    Unchanged: ``disk``. Emptied (Clear List): empty. Otherwise the paths this process
    put in front (those before the longest tail of ``new`` that keeps ``old``'s order)
    come first, then ``disk``'s others in their order but those this process took off
    (in ``old``, not in ``new``: a file that is gone), cut to MAX_RECENT.
    """
    if new == old:
        return disk
    if not new:
        return ()
    k = next(k for k in range(len(new) + 1) if _is_subsequence(new[k:], old))
    front, removed = new[:k], set(old) - set(new)
    return (*front, *(p for p in disk if p not in front and p not in removed))[:MAX_RECENT]


def merge_entries(old: dict[str, str], new: dict[str, str], disk: dict[str, str]) -> dict[str, str]:
    """The own models (language -> folder) once a process that had ``old`` and wants ``new``
    saves over a file that now holds ``disk``: the languages whose entry this process changed
    (set, replaced or removed) as in ``new``, the others as in ``disk``. So a process that
    changes its English model keeps the Chinese one another process set meanwhile."""
    changed = {lang for lang in {*old, *new} if old.get(lang) != new.get(lang)}
    kept = {lang: folder for lang, folder in disk.items() if lang not in changed}
    return {**kept, **{lang: new[lang] for lang in new if lang in changed}}


_MERGED = {"recent_files": merge_recent, "model_dirs": merge_entries}


def merge_settings(old: Settings, new: Settings, disk: Settings) -> Settings:
    """``disk`` with the fields that differ between ``old`` (what a process last had) and
    ``new`` (what it wants now) taken from ``new``; recent_files merged (merge_recent), and
    model_dirs entry by entry (merge_entries)."""
    changed = {f.name: getattr(new, f.name) for f in fields(Settings)
               if f.name not in _MERGED and getattr(old, f.name) != getattr(new, f.name)}
    merged = {name: merge(getattr(old, name), getattr(new, name), getattr(disk, name))
              for name, merge in _MERGED.items()}
    return replace(disk, **changed, **merged)


class SettingsStore:
    """Settings persisted in one TOML file (by default in the user's config folder),
    shared by every Inkling process of the user.

    ``problem``: a sentence for the user when the file could not be used as it was (set
    by load, save and update; ``take_problem`` hands it over once), else "".
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.problem = ""
        self._checks = dict(CHECKS)

    def add_check(self, name: str, check: Check) -> None:
        """Check field ``name`` with ``check`` too, after its own check, from the next read on:
        a rule this Qt-free package cannot apply itself (InklingApp adds the ask-now key's,
        writer_app.ui.window_keys). ``check`` takes what the field's check returned, returns
        the value to use and raises ValueError saying why not. Raises KeyError for a name
        that is not a field."""
        first = self._checks[name]
        self._checks[name] = lambda v: check(first(v))

    @property
    def lock_path(self) -> Path:
        """The inter-process lock file, beside the settings file."""
        return self.path.with_name(self.path.name + ".lock")

    def take_problem(self) -> str:
        """The problem not yet shown (then forgotten), or ""."""
        problem, self.problem = self.problem, ""
        return problem

    def load(self) -> Settings:
        """The settings in the file; the defaults if it is missing. Never raises: a file
        that cannot be read whole is copied aside and rewritten (see the module docstring)
        and ``problem`` says so; if even that fails, the file is left as it is, the usable
        values (or the defaults) are returned and ``problem`` says why."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            self.problem = (f"Inkling could not read its settings file {self.path} "
                            f"({exc.strerror or exc}), so the default settings are used.")
            return Settings()
        raw, error = _parse(data)
        settings, bad = check_settings(raw, self._checks)
        if error is None and not bad:
            return settings
        try:
            with self._lock():
                return self._read()[0]
        except OSError as exc:
            what = f"is not valid ({error or '; '.join(bad)})"
            self.problem = (f"Your settings file {self.path} {what}, so Inkling uses "
                            f"{'the default settings' if error else 'the defaults for those'}; "
                            f"the file is left as it is and settings will not be saved "
                            f"until it is corrected ({exc}).")
            return settings

    def save(self, settings: Settings) -> None:
        """Write all of ``settings`` (keys the app does not know are kept), atomically,
        under the lock. Raises OSError: SaveError, or TimeoutError when another process
        holds the lock over LOCK_TIMEOUT_S seconds."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock():
            extra = self._read()[1]
            self._write(settings, extra)

    def update(self, old: Settings, new: Settings) -> Settings:
        """Save only what this process changed: under the lock, re-read the file and write
        it with the fields that differ between ``old`` (what this process last had) and
        ``new`` (what it wants now) taken from ``new`` (merge_settings), so another
        process's changes stay. Returns the merged settings, now in the file; the caller
        should keep them as its ``old`` for the next update.

        Raises OSError: SaveError, TimeoutError (another process holds the lock over
        LOCK_TIMEOUT_S seconds), or the error reading a file that cannot be read; the file
        is then unchanged.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock():
            disk, extra = self._read()
            merged = merge_settings(old, new, disk)
            if merged != disk:
                self._write(merged, extra)
            return merged

    # ------------------------------------------------------------ with the lock

    def _lock(self) -> _Locked:
        return _Locked(FileLock(self.lock_path, timeout=LOCK_TIMEOUT_S, mode=0o600,
                                thread_local=False))

    def _read(self) -> tuple[Settings, dict[str, Any]]:
        """The file's settings and its unknown keys; a missing file gives the defaults.
        A file that cannot be used whole is copied aside and rewritten first (``problem``
        then says so). Call with the lock held. Raises OSError (reading, the copy, the
        rewrite)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return Settings(), {}
        raw, error = _parse(data)
        settings, bad = check_settings(raw, self._checks)
        extra = {k: v for k, v in raw.items() if k not in _NAMES}
        if error is None and not bad:
            return settings, extra
        backup = self._backup(data)
        self._write(settings, extra)
        if error is not None:
            self.problem = (f"Inkling could not read your settings file {self.path}: {error}. "
                            f"It was kept as {backup} and the default settings are used; "
                            f"correct that copy and put it back as {self.path.name} to use it.")
        else:
            self.problem = (f"Some values in your settings file {self.path} are not valid and "
                            f"were reset to their defaults: {'; '.join(bad)}. The file as it "
                            f"was is kept as {backup}.")
        return settings, extra

    def _write(self, settings: Settings, extra: dict[str, Any]) -> None:
        """Raises OSError, also for a file its owner made read-only (chmod a-w: left as it
        is, by root too; a tester's locked settings were rewritten without a word)."""
        if self.path.exists() and not self.path.stat().st_mode & 0o222:
            raise OSError(f"{self.path.name} is read-only (its permissions), so it is left as it is")
        atomic_write_bytes(self.path, settings_to_toml(settings, extra).encode("utf-8"))

    def _backup(self, data: bytes) -> Path:
        """Write ``data`` to a new ``NAME.YYYYMMDD-HHMMSS[-N].bad`` beside the file (never
        over an earlier one); its path. Raises OSError."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for n in itertools.count(1):  # ends at the first free name (or an error)
            backup = self.path.with_name(f"{self.path.name}.{stamp}{'' if n == 1 else f'-{n}'}.bad")
            try:
                f = open(backup, "xb")  # noqa: SIM115 (closed below; removed if unfinished)
            except FileExistsError:
                continue
            try:
                with f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
            except OSError:
                backup.unlink(missing_ok=True)
                raise
            return backup
        raise AssertionError("itertools.count ended")


def _parse(data: bytes) -> tuple[dict[str, Any], str | None]:
    """The TOML document in ``data`` (older versions' keys upgraded: _upgraded), or ({}, why
    it cannot be read)."""
    try:
        return _upgraded(tomllib.loads(data.decode("utf-8"))), None
    except UnicodeDecodeError:
        return {}, "it is not UTF-8 text"
    except tomllib.TOMLDecodeError as exc:
        return {}, f"{exc}"


class _Locked:
    """The settings lock as a context manager whose timeout is a TimeoutError naming it."""

    def __init__(self, lock: FileLock) -> None:
        self.lock = lock

    def __enter__(self) -> None:
        try:
            self.lock.acquire()
        except Timeout as exc:
            raise TimeoutError(f"another Inkling has kept {Path(self.lock.lock_file).name} "
                               f"locked for over {LOCK_TIMEOUT_S:g} s") from exc

    def __exit__(self, *_exc: object) -> None:
        self.lock.release()


def shown_font_size(settings: Settings) -> float:
    """The editor's font size in points: the chosen size plus the zoom, within font_size's
    range."""
    return option_range(Settings, "font_size").clamp(settings.font_size + settings.zoom)

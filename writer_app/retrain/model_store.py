"""Retrained model versions in the user's data folder: list, name, rename, delete, clean up.

Layout: ``<user data>/inkling/models/<version>/`` holds one model folder each (the
format of assets/en-default). A version appears only once it is complete: training
writes into a hidden staging folder next to it (``.<version>.partial-XXXX``, holding a
lock while its process lives) and renames the finished folder into place, so a
cancelled, crashed or out-of-space run never shows up here. Deleting renames the folder
aside (``.<version>.deleting-XXXX``) before removing it, for the same reason. No Qt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from writer_app.engine.model_choice import language_name
from writer_app.files.atomic_write import DELETING_MARK, PARTIAL_MARK, remove_dir
from writer_app.files.atomic_write import staging_path as staging_path  # the staging folders of runs
from writer_app.files.session_lock import is_locked
from writer_app.inference.card_file import ModelLoadError, member_path, without_advice
from writer_app.inference.model_card import ModelCard
from writer_app.inference.model_folder import folder_problem

VERSION_PREFIX = "my-writing-"
LOCK_NAME = "owner.lock"  # inside a staging folder, locked by the training process


MAX_NAME_CHARS = 80  # a version's name, as Manage Models shows it on one line


class ModelStoreError(Exception):
    """A version cannot be deleted, renamed or created; the message says why."""


def version_name(now: dt.datetime | None = None, language: str = "en") -> str:
    """"My English writing, 29 Nov 2026 21:30": a retrained version's name in its card, by
    the language of the model (``language``, "en" or "zh"; both were "My writing, …", told
    apart only by a suffix in Manage Models)."""
    return f"My {language_name(language)} writing, {(now or dt.datetime.now()).strftime('%d %b %Y %H:%M')}"


def folder_size(folder: Path) -> int:
    """Bytes in the files directly inside ``folder`` (0 if unreadable)."""
    try:
        return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
    except OSError:
        return 0


@dataclass(frozen=True)
class ModelVersion:
    """One installed model: its folder and what its card says.

    created: ISO 8601 UTC from the card; size: bytes on disk; retrain: the card's
    "retrain" section (base model, data, before/after report), {} if none.
    """

    folder: Path
    name: str
    created: str
    size: int
    retrain: dict[str, Any] = field(default_factory=dict)

    @property
    def base_name(self) -> str:
        name = _section(self.retrain, "base").get("name")
        return name if isinstance(name, str) else ""

    @property
    def created_local(self) -> str:
        """``created`` in local time as people write it ("29 Nov 2026 22:48"); the card's
        text as it is when it is not ISO 8601."""
        try:
            when = dt.datetime.fromisoformat(self.created.replace("Z", "+00:00"))
        except ValueError:
            return self.created
        return (when.astimezone() if when.tzinfo else when).strftime("%d %b %Y %H:%M")

    def describe(self) -> str:
        """One line: name, then the held-out keystroke savings before -> after."""
        rep = _section(self.retrain, "report")
        old, new = _section(rep, "old").get("ksr"), _section(rep, "new").get("ksr")
        if isinstance(old, float) and isinstance(new, float):
            return f"{self.name} — keystroke savings {old:.1%} → {new:.1%}"
        return self.name


def _section(card: dict[str, Any], key: str) -> dict[str, Any]:
    """``card[key]`` when it is a JSON object, else {} (a hand-edited card may hold anything)."""
    value = card.get(key)
    return value if isinstance(value, dict) else {}


def read_version(folder: Path) -> ModelVersion | None:
    """The version in ``folder``, or None when it is not a complete model folder (no card
    that ModelCard.try_read accepts, which also limits it to MAX_CARD_BYTES, or its ONNX
    file missing)."""
    card = ModelCard.try_read(folder)
    if card is None:
        return None
    onnx_path = member_path(folder, card.onnx.file)
    if onnx_path is None or not onnx_path.is_file():
        return None
    return ModelVersion(folder, card.name, card.created or "", folder_size(folder),
                        card.retrain or {})


@dataclass(frozen=True)
class DamagedVersion:
    """A folder in the store that is not a usable model (its card cut short or missing, its
    ONNX file gone): listed so that it can be deleted. reason: why, a sentence without the
    loader's advice (card_file.without_advice); size: bytes on disk."""

    folder: Path
    reason: str
    size: int

    @property
    def name(self) -> str:
        return self.folder.name


def damage(folder: Path) -> str:
    """Why ``folder``, which read_version does not list, is not a usable model (a
    sentence). Its card and files are checked only as far as the first problem (no
    checksum is computed when the card or a file is missing)."""
    problem = folder_problem(folder) or f"{folder} is not a complete model folder"
    return without_advice(problem)


class ModelStore:
    """The folder of installed versions (created on first use)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        # Handed out by new_version*, so two runs started before either has written
        # anything (the child takes seconds to start) still get different ones.
        self._issued_folders: set[str] = set()
        self._issued_names: set[str] = set()

    def versions(self) -> list[ModelVersion]:
        """Complete versions, newest first. Hidden (staging, deleting) folders never count."""
        found = [v for v in map(read_version, self._folders()) if v is not None]
        return sorted(found, key=lambda v: (v.created, v.folder.name), reverse=True)

    def damaged(self) -> list[DamagedVersion]:
        """The folders of the store that versions() leaves out (a card that does not read,
        the ONNX file missing), by name, each with why: installed folders appear only
        complete, so these were damaged afterwards and can only be deleted."""
        return [DamagedVersion(p, damage(p), folder_size(p))
                for p in sorted(self._folders()) if read_version(p) is None]

    def _folders(self) -> list[Path]:
        """The store's non-hidden folders (hidden: staging, deleting)."""
        try:
            return [p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")]
        except OSError:
            return []

    def contains(self, folder: Path | str) -> bool:
        """True if ``folder`` is a version folder directly inside this store."""
        try:
            return Path(folder).resolve().parent == self.root.resolve()
        except OSError:
            return False

    def find(self, folder: Path | str) -> ModelVersion | None:
        key = Path(folder).resolve()
        return next((v for v in self.versions() if v.folder.resolve() == key), None)

    def new_version_path(self, now: dt.datetime | None = None) -> Path:
        """An unused folder name ``my-writing-YYYYMMDD-HHMMSS[-n]`` (not created): no
        folder has it, no run in progress is staging it (``.<name>.partial-*``) and no
        earlier call on this store returned it, so two retrains started in the same
        second get different folders."""
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        n = 1
        while True:
            name = f"{VERSION_PREFIX}{stamp}" + (f"-{n}" if n > 1 else "")
            staged = glob.glob(glob.escape(str(self.root / f".{name}{PARTIAL_MARK}")) + "*")
            if name not in self._issued_folders and not (self.root / name).exists() and not staged:
                self._issued_folders.add(name)
                return self.root / name
            n += 1

    def new_version(self, now: dt.datetime | None = None, language: str = "en") -> tuple[Path, str]:
        """(folder, card name) for a new retrained version of a ``language`` model:
        new_version_path and version_name, the name followed by " (2)", " (3)"... when an
        installed version or an earlier call on this store has it (two runs in the same minute)."""
        now = now or dt.datetime.now()
        return self.new_version_path(now), self.free_name(version_name(now, language))

    def free_name(self, name: str) -> str:
        """``name``, or it followed by " (2)", " (3)"... when an installed version or an
        earlier call on this store has it. Asked again at install time (training/retrain.py):
        two Inkling processes that started runs in the same minute both named theirs "My
        English writing, 08 Dec 2026 02:46" (a tester's)."""
        taken = {v.name for v in self.versions()} | self._issued_names
        base, n = name, 2
        while name in taken:
            name, n = f"{base} ({n})", n + 1
        self._issued_names.add(name)
        return name

    def delete(self, folder: Path | str) -> None:
        """Remove an installed version. It disappears from versions() at once (renamed
        aside), then its files are removed. Raises ModelStoreError if ``folder`` is not
        a version of this store or cannot be moved."""
        folder = Path(folder)
        if not self.contains(folder) or folder.name.startswith(".") or not folder.is_dir():
            raise ModelStoreError(f"{folder} is not a model in {self.root}; nothing was deleted")
        try:
            remove_dir(folder)
        except OSError as exc:
            version = read_version(folder)
            raise ModelStoreError(f"Cannot delete {version.name if version else folder.name} "
                                  f"({folder}): {exc.strerror or exc}. It is kept as it was.") from exc

    def rename(self, folder: Path | str, name: str, reserved: Iterable[str] = ()) -> str:
        """Give the version in ``folder`` a new name: its card's ``"name"`` (model.json,
        rewritten atomically; the folder keeps its name, so settings naming it stay
        valid). Surrounding white space is dropped. Returns the name given. Raises
        ModelStoreError if ``folder`` is not a version of this store, the name is empty,
        over MAX_NAME_CHARS, another version's or one of ``reserved`` (the bundled
        models' names), or the card cannot be rewritten."""
        folder, name = Path(folder), " ".join(name.split())
        version = self.find(folder) if self.contains(folder) else None
        if version is None:
            raise ModelStoreError(f"{folder} is not a model in {self.root}; nothing was renamed")
        if not name or len(name) > MAX_NAME_CHARS:
            raise ModelStoreError(f"A model's name takes 1 to {MAX_NAME_CHARS} characters.")
        if name in reserved or any(v.name == name and v.folder != version.folder for v in self.versions()):
            raise ModelStoreError(f"Another model is already called \"{name}\".")
        try:
            card = ModelCard.read(version.folder)
            dataclasses.replace(card, name=name).write(version.folder)
        except (ModelLoadError, OSError) as exc:
            raise ModelStoreError(f"Cannot rename {version.name}: {exc}") from exc
        return name

    def runs_in_progress(self) -> int:
        """How many retrains are writing into this store now: staging folders whose owner
        lock a live training process holds (any Inkling process's)."""
        try:
            return sum(1 for p in self.root.iterdir()
                       if p.name.startswith(".") and PARTIAL_MARK in p.name and is_locked(p / LOCK_NAME))
        except OSError:
            return 0

    def clean_stale(self) -> list[Path]:
        """Remove leftovers of runs that died (kill -9, power loss) and of interrupted
        deletes; a staging folder whose training process still runs is kept.
        Returns the folders removed."""
        removed: list[Path] = []
        try:
            hidden = [p for p in self.root.iterdir() if p.is_dir() and p.name.startswith(".")]
        except OSError:
            return removed
        for p in hidden:
            if PARTIAL_MARK in p.name and is_locked(p / LOCK_NAME):
                continue
            if PARTIAL_MARK in p.name or DELETING_MARK in p.name:
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p)
        return removed

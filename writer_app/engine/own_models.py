"""The writer's own models, one per language: the ``model_dirs`` setting
(writer_app.settings.app_settings), a mapping from a language ("en", "zh") to the folder the
writer chose for it, which replaces the bundled model of that language (``ModelRouter``).

The language is the one the writer chose the folder for, recorded with it, not read again
from the folder's model card: a damaged card (which does not say its language) leaves its
model the model of its language, unusable there (that language's suggestions are off and
say why) while the other languages keep theirs. A tester's truncated Chinese card made the
folder the *English* model when the setting was a list and each folder's language its
card's.

Making a folder the model of its language replaces only that language's entry: an English
model retrained after a Chinese one leaves the Chinese one in use. A bundled model made the
model of its language removes that language's entry (the bundled model needs none).

No Qt. ``by_card_language`` reads the older forms of the setting (a list of folders, or one
folder), whose entries had no language but their cards'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from writer_app.engine.model_choice import read_card_info, same_folder

OwnModels = Mapping[str, str]  # language ("en", "zh") -> the writer's model folder for it


def by_card_language(folders: Iterable[str]) -> dict[str, str]:
    """The older list form of the setting as a mapping: each folder for its card's language,
    a later one of a language winning over an earlier one. A folder whose card does not read
    has no known language and is left out (that version's router took it for English, and
    it turned English suggestions off); Manage Models still lists it, to delete."""
    infos = ((folder, read_card_info(Path(folder))) for folder in folders)
    return {info.language: folder for folder, info in infos if info.readable}


def with_own_model(model_dirs: OwnModels, folder: str | Path, language: str,
                   is_bundled: bool) -> dict[str, str]:
    """``model_dirs`` once ``folder`` is the model of ``language``: that language's entry
    replaced by ``folder`` (and ``folder`` taken off any other language), the others kept;
    removed instead when ``is_bundled`` (the bundled model of ``language``, or "" for it)."""
    kept = {lang: d for lang, d in model_dirs.items()
            if lang != language and not (folder and same_folder(d, folder))}
    return kept if is_bundled or not folder else {**kept, language: str(folder)}


def without_model(model_dirs: OwnModels, folder: str | Path) -> dict[str, str]:
    """``model_dirs`` without ``folder`` (a model deleted: its language goes back to the
    bundled model, the others keep theirs)."""
    return {lang: d for lang, d in model_dirs.items() if not same_folder(d, folder)}


def own_model_of(model_dirs: OwnModels, language: str) -> str:
    """The writer's own model serving ``language`` ("" for none: the bundled model serves it)."""
    return model_dirs.get(language, "")


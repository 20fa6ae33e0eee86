"""The writer's own models, one per language: the folders of the ``model_dirs`` setting
(writer_app.settings.app_settings), each replacing the bundled model of its card's language
(``ModelRouter``, where a later folder of a language wins over an earlier one).

Making a folder the model of its language replaces only that language's entry: an English
model retrained after a Chinese one leaves the Chinese one in use. A bundled model made the
model of its language removes that language's entry (the bundled model needs none).

No Qt. A folder's language is its card's (``read_card_info``: "en" for a card that does not
read, as the router takes it); functions that need it take ``language_of``, so tests can
give the languages without cards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from writer_app.engine.model_choice import read_card_info, same_folder

LanguageOf = Callable[[str], str]  # a model folder -> its card's language ("en", "zh")


def card_language(folder: str) -> str:
    """The language of the model card in ``folder`` ("en" where the card does not read)."""
    return read_card_info(Path(folder)).language


def with_own_model(model_dirs: Sequence[str], folder: str | Path, language: str, is_bundled: bool,
                   language_of: LanguageOf = card_language) -> tuple[str, ...]:
    """``model_dirs`` once ``folder``, a model of ``language``, is the model of its language:
    the entries of that language dropped (and ``folder`` itself, wherever it was), the
    others kept in their order, then ``folder`` last unless ``is_bundled`` (the bundled
    model of ``language``, or "" for it: no entry)."""
    kept = tuple(d for d in model_dirs
                 if language_of(d) != language and not (folder and same_folder(d, folder)))
    return kept if is_bundled or not folder else (*kept, str(folder))


def without_model(model_dirs: Sequence[str], folder: str | Path) -> tuple[str, ...]:
    """``model_dirs`` without ``folder`` (a model deleted: its language goes back to the
    bundled model, the others keep theirs)."""
    return tuple(d for d in model_dirs if not same_folder(d, folder))


def own_model_of(model_dirs: Sequence[str], language: str,
                 language_of: LanguageOf = card_language) -> str:
    """The writer's own model serving ``language``: the last entry of that language ("" for
    none: the bundled model serves it)."""
    return next((d for d in reversed(model_dirs) if language_of(d) == language), "")

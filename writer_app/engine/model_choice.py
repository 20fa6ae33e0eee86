"""Which model folder serves which request: the bundled model per language, the user's
own model of each language, and the user's choice of "automatic" or one fixed model.

Rules (``ModelRouter``):

- Each language has a bundled default (``assets/en-default``, ``assets/zh-default``).
- Each of the user's own models (retrained or installed folders, the ``model_dirs``
  setting: writer_app.engine.own_models) replaces the default of the language it was chosen
  for (the setting's key, not its card's: a damaged card leaves it its language's model,
  unusable there, and the other languages' models as they were).
- ``choice`` "auto": the language detected from the script of the text before the cursor
  (writer_app/text/language.py) picks the folder. ``choice`` "en" or "zh": that language's folder
  serves every request, whatever the script.
- An override (``--model DIR`` on the command line) serves every request.

No Qt. Reading a card is a small JSON read; routers are built when settings change, never
per keystroke.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from writer_app.inference.model_card import ModelCard
from writer_app.text.language import EN

AUTO = "auto"
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "zh": "Chinese"}
CHOICES: tuple[str, ...] = (AUTO, *LANGUAGE_NAMES)


def language_name(code: str) -> str:
    """"English" for "en", "Chinese" for "zh" (and "zh-Hans"...); any other code as it is."""
    return LANGUAGE_NAMES.get(code, LANGUAGE_NAMES.get(code.split("-")[0], code))


@dataclass(frozen=True)
class CardInfo:
    """What the router needs from a model card; ``readable`` False when the card is not."""

    name: str
    language: str
    readable: bool


def shown_name(info: CardInfo) -> str:
    """The name the Model menu gives a model: its card's, or its folder's marked as not
    usable when the card does not read (a tester's damaged model was listed by its bare
    folder name)."""
    return info.name if info.readable else f"{info.name} (cannot be used)"


def read_card_info(folder: Path) -> CardInfo:
    """Name and language from ``folder/model.json`` (ModelCard.try_read). A card that does
    not read gives the folder's name and "en" (the error itself is reported when the
    model is loaded)."""
    card = ModelCard.try_read(Path(folder))
    if card is None:
        return CardInfo(Path(folder).name, EN, False)
    return CardInfo(card.name, card.language, True)


def same_folder(a: Path | str | None, b: Path | str | None) -> bool:
    if a is None or b is None:
        return False
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return Path(a) == Path(b)


@dataclass(frozen=True)
class ModelRoute:
    """The model for one request: its folder, card name, language, whether the automatic
    choice picked it, and the language of the text it serves ("": the model's own)."""

    folder: Path
    name: str
    language: str
    automatic: bool
    text_language: str = ""

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def foreign_text(self) -> str:
        """The name of the text's language where a fixed choice (or --model) sends it to a
        model of another language ("Chinese" for Chinese text going to the English model),
        else ""."""
        text = self.text_language or self.language
        return language_name(text) if text != self.language and not self.automatic else ""


class ModelRouter:
    """Maps a detected language to a model folder (see the module docstring)."""

    def __init__(self, defaults: Mapping[str, Path], own_models: Mapping[str, Path | str] | None = None,
                 choice: str = AUTO, override: Path | None = None) -> None:
        """``defaults``: language -> bundled folder (must contain "en"); ``own_models``:
        language -> the user's model folder for it (the ``model_dirs`` setting); ``choice``:
        "auto" or a language that has a model (anything else counts as "auto")."""
        self.defaults = {lang: Path(p) for lang, p in defaults.items()}
        self.override = Path(override) if override is not None else None
        # language -> the user's own model serving it
        self.own_models: dict[str, Path] = {lang: Path(p) for lang, p in (own_models or {}).items()}
        self._folders = {**self.defaults, **self.own_models}
        self.choice = choice if choice in self._folders else AUTO
        self._info = {p: read_card_info(p) for p in {*self._folders.values(),
                                                      *([self.override] if self.override else [])}}

    @property
    def automatic(self) -> bool:
        return self.override is None and self.choice == AUTO

    def languages(self) -> list[str]:
        return list(self._folders)

    def folder_for(self, language: str) -> Path:
        """The folder serving ``language`` under the current choice (the English one for
        a language without a model)."""
        if self.override is not None:
            return self.override
        if self.choice != AUTO:
            language = self.choice
        return self._folders.get(language, self._folders[EN])

    def folders_in_use(self) -> list[Path]:
        """Each folder that serves some language now, then the user's own models and the
        --model folder even where a fixed choice sets them aside (what the settings name:
        deleting one of these must first switch back to the bundled model); each once."""
        folders: list[Path] = []
        for folder in [*(self.folder_for(lang) for lang in self._folders), *self.own_models.values(),
                       self.override]:
            if folder is not None and not any(same_folder(folder, f) for f in folders):
                folders.append(folder)
        return folders

    def language_model(self, language: str) -> Path:
        """The folder for ``language`` ignoring a fixed choice or override."""
        return self._folders.get(language, self._folders[EN])

    def language_of(self, folder: Path | str) -> str:
        """The language ``folder`` serves: the one it is the user's own or the bundled model
        of, else (another installed model, the --model folder) its card's."""
        mine = [lang for lang, f in (*self.own_models.items(), *self.defaults.items()) if same_folder(f, folder)]
        return mine[0] if mine else read_card_info(Path(folder)).language

    def route(self, detected: str) -> ModelRoute:
        """The model for a request whose text was detected as ``detected``."""
        folder = self.folder_for(detected)
        info = self._info.get(folder) or read_card_info(folder)
        if self.override is not None:
            language = info.language
        elif self.choice != AUTO:
            language = self.choice
        else:
            language = detected if detected in self._folders else EN
        return ModelRoute(folder, info.name, language, self.automatic, detected)

    def name_of(self, folder: Path) -> str:
        info = self._info.get(Path(folder))
        return info.name if info is not None else read_card_info(folder).name


@dataclass(frozen=True)
class ModelEntry:
    """One line of the Model menu: ``key`` is "auto" or a model folder (as a string)."""

    key: str
    label: str
    checked: bool
    tooltip: str = ""
    enabled: bool = True  # False: a model of no known language (a card that does not read)


AUTO_LABEL = "Automatic (by script of the text)"


def menu_entries(router: ModelRouter, user_models: list[Path]) -> list[ModelEntry]:
    """The Model menu's exclusive choices: Automatic, each bundled model, each of the
    user's models (installed versions and the ``model_dirs`` setting), and the --model
    folder while it overrides. Exactly one is checked."""
    fixed = None if router.automatic else router.folder_for(router.choice)
    label = AUTO_LABEL  # naming your own models where they replace bundled ones (a tester could not tell)
    if router.own_models:
        mine = "; ".join(f"{language_name(lang)}: {shown_name(read_card_info(router.own_models[lang]))}"
                         for lang in router.languages() if lang in router.own_models)
        label = f"{AUTO_LABEL[:-1]}; {mine})"
    entries = [ModelEntry(AUTO, label, router.automatic,
                          "Chinese text gets the Chinese model, other text the English one; "
                          "each of your own models replaces the default of its language")]
    seen: list[Path] = []

    def add(folder: Path, label: str, tooltip: str, enabled: bool = True) -> None:
        if any(same_folder(folder, s) for s in seen):
            return
        seen.append(folder)
        if any(e.label == label for e in entries):  # a copy of a model listed already
            label = f"{label} ({folder})"
        entries.append(ModelEntry(str(folder), label, same_folder(folder, fixed), tooltip, enabled))

    for language, folder in router.defaults.items():
        info = read_card_info(folder)
        add(folder, f"{language_name(language)}: {info.name}",
            f"The bundled {language_name(language)} model, for all text ({folder})")
    for folder in user_models:  # each under the language it serves (the one chosen for it)
        info = read_card_info(folder)
        known = info.readable or any(same_folder(folder, f) for f in router.own_models.values())
        add(folder, f"{language_name(router.language_of(folder))}: {shown_name(info)}" if known
            else shown_name(info),
            f"Your model, for all text ({folder})" if info.readable else
            f"Its model card does not read: Model → Manage Models… deletes it ({folder})", known)
    if router.override is not None:
        add(router.override, f"{router.name_of(router.override)} (--model)",
            f"The model given on the command line ({router.override})")
    return entries

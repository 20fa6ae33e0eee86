"""Which model folder serves a request (engine/model_choice.py) and the engine that holds
several models, loading each on first use (engine/model_set.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tiny_model import card_dict

from writer_app.engine.interface import ModelFolderMissingError
from writer_app.engine.model_choice import AUTO, ModelRouter, menu_entries, read_card_info
from writer_app.engine.model_set import ModelSet, ModelUnavailableError
from writer_app.inference import DecodingConfig, Suggestion


def card(folder: Path, name: str, language: str | None) -> Path:
    folder.mkdir(parents=True)
    data = card_dict(name=name)  # a complete card: routing reads it with ModelCard.try_read
    data.pop("language")
    data |= {"language": language} if language else {}
    (folder / "model.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    return {"en": card(tmp_path / "en", "base-en", "en"), "zh": card(tmp_path / "zh", "base-zh", "zh")}


def test_automatic_routes_by_language(folders: dict[str, Path]) -> None:
    router = ModelRouter(folders)
    assert router.automatic
    en, zh = router.route("en"), router.route("zh")
    assert (en.folder, en.name, en.language, en.automatic) == (folders["en"], "base-en", "en", True)
    assert (zh.folder, zh.name, zh.language_name) == (folders["zh"], "base-zh", "Chinese")
    assert router.route("ja").folder == folders["en"]  # no model for it: English


def test_user_model_replaces_the_default_of_its_language(folders: dict[str, Path], tmp_path: Path) -> None:
    mine_zh = card(tmp_path / "my-zh", "my-writing-zh", "zh")
    router = ModelRouter(folders, {"zh": mine_zh})
    assert router.route("zh").folder == mine_zh and router.route("en").folder == folders["en"]
    no_language = card(tmp_path / "old", "my-writing-old", None)  # cards before issue 6
    router = ModelRouter(folders, {"en": no_language})
    assert router.route("en").folder == no_language and router.route("zh").folder == folders["zh"]
    assert read_card_info(tmp_path / "missing").language == "en"


def test_a_damaged_chinese_model_stays_the_chinese_one(folders: dict[str, Path], tmp_path: Path) -> None:
    """The language is the one the model was chosen for, not its card's: a truncated Chinese
    card (which reads as "en") made the folder the English model, and English went off."""
    mine_en = card(tmp_path / "my-en", "my-writing-en", "en")
    damaged = card(tmp_path / "my-zh", "my-writing-zh", "zh")
    (damaged / "model.json").write_text('{"name": "my-wri', encoding="utf-8")
    router = ModelRouter(folders, {"zh": damaged})
    assert (router.route("en").folder, router.route("zh").folder) == (folders["en"], damaged)
    assert router.route("zh").language == "zh" and router.language_of(damaged) == "zh"
    router = ModelRouter(folders, {"en": mine_en, "zh": tmp_path / "deleted"})
    assert (router.route("en").folder, router.route("zh").folder) == (mine_en, tmp_path / "deleted")
    assert menu_entries(router, [])[0].label == (
        "Automatic (by script of the text; English: my-writing-en; Chinese: deleted (cannot be used))")
    fixed = ModelRouter(folders, {"zh": damaged}, choice="zh")  # fixed: its language still Chinese
    assert fixed.route("en").folder == damaged and fixed.route("en").language == "zh"


def test_each_language_has_its_own_model(folders: dict[str, Path], tmp_path: Path) -> None:
    """A bilingual writer's English and Chinese models, both in use."""
    mine_en = card(tmp_path / "my-en", "my-writing-en", "en")
    mine_zh = card(tmp_path / "my-zh", "my-writing-zh", "zh")
    router = ModelRouter(folders, {"en": mine_en, "zh": str(mine_zh)})
    assert (router.route("en").folder, router.route("zh").folder) == (mine_en, mine_zh)
    assert router.own_models == {"en": mine_en, "zh": mine_zh}
    assert router.folders_in_use() == [mine_en, mine_zh]
    fixed = ModelRouter(folders, {"en": mine_en, "zh": mine_zh}, choice="en")  # all text to the English one
    assert fixed.route("zh").folder == mine_en and fixed.folders_in_use() == [mine_en, mine_zh]
    entries = menu_entries(ModelRouter(folders, {"zh": mine_zh, "en": mine_en}), [])
    assert entries[0].label == ("Automatic (by script of the text; English: my-writing-en; "
                                "Chinese: my-writing-zh)")


def test_fixed_choice_and_override(folders: dict[str, Path], tmp_path: Path) -> None:
    router = ModelRouter(folders, choice="zh")
    assert not router.automatic
    assert router.route("en").folder == folders["zh"]
    assert router.route("en").language == "zh" and not router.route("en").automatic
    assert ModelRouter(folders, choice="fr").automatic  # a language without a model
    other = card(tmp_path / "cli", "from-cli", "en")
    router = ModelRouter(folders, choice=AUTO, override=other)
    assert router.route("zh").folder == other and not router.automatic


def test_folders_in_use_include_what_the_settings_name(folders: dict[str, Path], tmp_path: Path) -> None:
    """What serves a language now, and the user's own model and the --model folder even
    while a fixed choice sets them aside: deleting any of them must switch back first."""
    assert ModelRouter(folders).folders_in_use() == [folders["en"], folders["zh"]]
    mine_en = card(tmp_path / "my-en", "my-writing-en", "en")
    assert ModelRouter(folders, {"en": mine_en}).folders_in_use() == [mine_en, folders["zh"]]
    fixed = ModelRouter(folders, {"en": mine_en}, choice="zh")  # all text to the Chinese model
    assert fixed.folders_in_use() == [folders["zh"], mine_en]
    cli = card(tmp_path / "cli", "from-cli", "en")
    assert ModelRouter(folders, override=cli).folders_in_use() == [cli]


def test_menu_entries_have_exactly_one_checked(folders: dict[str, Path], tmp_path: Path) -> None:
    mine = card(tmp_path / "mine", "my-writing-1", "en")
    entries = menu_entries(ModelRouter(folders, {"en": mine}), [mine, mine])
    assert [e.label for e in entries] == ["Automatic (by script of the text; English: my-writing-1)",
                                          "English: base-en", "Chinese: base-zh", "English: my-writing-1"]
    assert menu_entries(ModelRouter(folders), [])[0].label == "Automatic (by script of the text)"
    assert [e.checked for e in entries] == [True, False, False, False]
    entries = menu_entries(ModelRouter(folders, {"en": mine}, choice="en"), [mine])
    assert [e.key for e in entries if e.checked] == [str(mine)]
    entries = menu_entries(ModelRouter(folders, choice="zh"), [])
    assert [e.key for e in entries if e.checked] == [str(folders["zh"])]
    cli = card(tmp_path / "cli", "from-cli", "en")
    entries = menu_entries(ModelRouter(folders, override=cli), [])
    assert [e.label for e in entries if e.checked] == ["from-cli (--model)"]


def test_a_copy_of_a_listed_model_is_told_apart_by_its_folder(folders: dict[str, Path],
                                                              tmp_path: Path) -> None:
    copy = card(tmp_path / "copy", "base-en", "en")  # the bundled model copied elsewhere
    labels = [e.label for e in menu_entries(ModelRouter(folders, {"en": copy}), [copy])]
    assert labels[1:] == ["English: base-en", "Chinese: base-zh", f"English: base-en ({copy})"]


class FakeSuggester:
    def __init__(self, name: str) -> None:
        self.name = name
        self.configs: list[DecodingConfig | None] = []

    def suggest(self, text: str, config: DecodingConfig | None = None, after: str = "") -> Suggestion:
        if config is not None and config.beam_width > 32:
            raise ValueError("beam_width must be 1..32")
        self.configs.append(config)
        return Suggestion(f" <{self.name}>", [], 0.9)


def test_model_set_loads_each_folder_on_first_use(tmp_path: Path) -> None:
    loads: list[Path] = []

    def load(folder: Path) -> FakeSuggester:
        loads.append(folder)
        if not folder.name.startswith("ok"):
            raise OSError(f"{folder}/model.json is not a usable model card")
        return FakeSuggester(folder.name)

    for name in ("ok-en", "ok-zh", "ok-a", "ok-b", "broken"):
        (tmp_path / name).mkdir()
    engine = ModelSet(load, max_loaded=3)
    assert engine.load(tmp_path / "ok-en") == "ok-en"
    assert engine.name == "ok-en" and loads == [tmp_path / "ok-en"]
    config = DecodingConfig(beam_width=2)
    assert engine.suggest(tmp_path / "ok-zh", "你", config).text == " <ok-zh>"
    assert engine.suggest(tmp_path / "ok-zh", "好", config).text == " <ok-zh>"
    assert loads == [tmp_path / "ok-en", tmp_path / "ok-zh"]  # loaded once, when first asked for
    assert engine.suggest(tmp_path / "ok-en", "Hello", config).text == " <ok-en>"
    with pytest.raises(ModelUnavailableError, match="not a usable model card") as info:
        engine.suggest(tmp_path / "broken", "x", config)
    assert info.value.folder == (tmp_path / "broken").absolute()
    with pytest.raises(ModelFolderMissingError, match="does not exist") as info:
        engine.suggest(tmp_path / "gone", "x", config)  # not there: the loader is not asked
    assert info.value.folder == (tmp_path / "gone").absolute() and loads[-1].name == "broken"
    assert engine.suggest(tmp_path / "ok-en", "x", config).text == " <ok-en>"  # still serving
    for name in ("ok-a", "ok-b"):
        engine.load(tmp_path / name)
    assert len(engine.loaded()) == 3 and (tmp_path / "ok-en").absolute() in engine.loaded()  # primary kept
    with pytest.raises(ValueError, match="beam_width"):
        engine.suggest(tmp_path / "ok-en", "x", DecodingConfig(beam_width=33))


def test_the_config_travels_with_each_call(tmp_path: Path) -> None:
    """No setter: each call's config is the one its model decodes with."""
    models: dict[str, FakeSuggester] = {}

    def load(folder: Path) -> FakeSuggester:
        return models.setdefault(folder.name, FakeSuggester(folder.name))

    engine = ModelSet(load)
    (tmp_path / "en").mkdir()
    (tmp_path / "zh").mkdir()
    first, second = DecodingConfig(beam_width=2), DecodingConfig(beam_width=5, threshold=0.5)
    engine.suggest(tmp_path / "en", "a", first)
    engine.suggest(tmp_path / "zh", "b", second)
    engine.suggest(tmp_path / "en", "c", second)
    assert models["en"].configs == [first, second] and models["zh"].configs == [second]
    assert not hasattr(engine, "set_config")

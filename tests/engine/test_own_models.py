"""The writer's own models, one per language (engine/own_models.py): making a folder the
model of its language replaces only that language's entry of the ``model_dirs`` setting."""

from __future__ import annotations

import json
from pathlib import Path

from tiny_model import card_dict

from writer_app.engine.own_models import card_language, own_model_of, with_own_model, without_model

LANGUAGES = {"/m/en-1": "en", "/m/en-2": "en", "/m/zh-1": "zh", "/m/zh-2": "zh", "/m/fr": "fr"}
language_of = LANGUAGES.__getitem__


def test_a_folder_replaces_only_its_languages_entry() -> None:
    """A bilingual writer retrains English, then Chinese: both stay (the setting held one)."""
    dirs = with_own_model((), "/m/en-1", "en", False, language_of)
    assert dirs == ("/m/en-1",)
    dirs = with_own_model(dirs, "/m/zh-1", "zh", False, language_of)
    assert dirs == ("/m/en-1", "/m/zh-1")
    dirs = with_own_model(dirs, "/m/en-2", "en", False, language_of)  # a newer English model
    assert dirs == ("/m/zh-1", "/m/en-2")
    assert with_own_model(dirs, "/m/en-2", "en", False, language_of) == dirs  # again: unchanged


def test_a_bundled_model_removes_only_its_languages_entry() -> None:
    dirs = ("/m/en-1", "/m/zh-1", "/m/fr")
    assert with_own_model(dirs, "/assets/zh-default", "zh", True, language_of) == ("/m/en-1", "/m/fr")
    assert with_own_model(dirs, "", "en", True, language_of) == ("/m/zh-1", "/m/fr")  # a field cleared
    two_english = ("/m/en-1", "/m/zh-1", "/m/en-2")  # two processes at once: both go
    assert with_own_model(two_english, "", "en", True, language_of) == ("/m/zh-1",)


def test_the_own_model_of_a_language_is_its_last_entry() -> None:
    dirs = ("/m/en-1", "/m/zh-1", "/m/en-2")
    assert own_model_of(dirs, "en", language_of) == "/m/en-2"
    assert own_model_of(dirs, "zh", language_of) == "/m/zh-1"
    assert own_model_of(("/m/en-1",), "zh", language_of) == ""  # the bundled model


def test_a_deleted_model_leaves_the_others(tmp_path: Path) -> None:
    en = tmp_path / "en"
    en.mkdir()
    dirs = (str(en), "/m/zh-1")
    assert without_model(dirs, en / ".." / "en") == ("/m/zh-1",)  # the folder, however spelled
    assert without_model(dirs, tmp_path / "other") == dirs


def test_the_language_is_the_cards(tmp_path: Path) -> None:
    zh = tmp_path / "zh"
    zh.mkdir()
    (zh / "model.json").write_text(json.dumps(card_dict(name="mine", language="zh")), encoding="utf-8")
    assert card_language(str(zh)) == "zh"
    assert card_language(str(tmp_path / "gone")) == "en"  # as the router takes it
    mine_en = tmp_path / "en"  # no card language_of given: the cards are read
    mine_en.mkdir()
    (mine_en / "model.json").write_text(json.dumps(card_dict(name="mine-en", language="en")), encoding="utf-8")
    assert with_own_model((str(mine_en),), zh, "zh", False) == (str(mine_en), str(zh))

"""The writer's own models, one per language (engine/own_models.py): the ``model_dirs``
setting maps each language to the folder chosen for it, and making a folder the model of
its language replaces only that language's entry."""

from __future__ import annotations

import json
from pathlib import Path

from tiny_model import card_dict

from writer_app.engine.own_models import by_card_language, own_model_of, with_own_model, without_model


def test_a_folder_replaces_only_its_languages_entry() -> None:
    """A bilingual writer retrains English, then Chinese: both stay (the setting held one)."""
    dirs = with_own_model({}, "/m/en-1", "en", False)
    assert dirs == {"en": "/m/en-1"}
    dirs = with_own_model(dirs, "/m/zh-1", "zh", False)
    assert dirs == {"en": "/m/en-1", "zh": "/m/zh-1"}
    dirs = with_own_model(dirs, "/m/en-2", "en", False)  # a newer English model
    assert dirs == {"zh": "/m/zh-1", "en": "/m/en-2"}
    assert with_own_model(dirs, "/m/en-2", "en", False) == dirs  # again: unchanged
    assert with_own_model(dirs, "/m/zh-1", "en", False) == {"en": "/m/zh-1"}  # a folder serves one


def test_a_bundled_model_removes_only_its_languages_entry() -> None:
    dirs = {"en": "/m/en-1", "zh": "/m/zh-1", "fr": "/m/fr"}
    assert with_own_model(dirs, "/assets/zh-default", "zh", True) == {"en": "/m/en-1", "fr": "/m/fr"}
    assert with_own_model(dirs, "", "en", True) == {"zh": "/m/zh-1", "fr": "/m/fr"}  # a field cleared


def test_the_own_model_of_a_language_is_its_entry() -> None:
    dirs = {"en": "/m/en-2", "zh": "/m/zh-1"}
    assert own_model_of(dirs, "en") == "/m/en-2" and own_model_of(dirs, "zh") == "/m/zh-1"
    assert own_model_of({"en": "/m/en-1"}, "zh") == ""  # the bundled model


def test_a_deleted_model_leaves_the_others(tmp_path: Path) -> None:
    en = tmp_path / "en"
    en.mkdir()
    dirs = {"en": str(en), "zh": "/m/zh-1"}
    assert without_model(dirs, en / ".." / "en") == {"zh": "/m/zh-1"}  # the folder, however spelled
    assert without_model(dirs, tmp_path / "other") == dirs


def test_the_older_list_is_read_by_the_cards_languages(tmp_path: Path) -> None:
    def model(name: str, language: str) -> str:
        (tmp_path / name).mkdir()
        (tmp_path / name / "model.json").write_text(json.dumps(card_dict(name=name, language=language)),
                                                    encoding="utf-8")
        return str(tmp_path / name)

    en, zh, en2 = model("en", "en"), model("zh", "zh"), model("en-2", "en")
    assert by_card_language([en, zh, en2]) == {"en": en2, "zh": zh}  # the later of a language
    assert by_card_language([str(tmp_path / "gone"), zh]) == {"zh": zh}  # no card: no language

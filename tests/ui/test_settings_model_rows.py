"""Settings → one "Your … model" row per language: each row names the writer's own model of
its language by its card's name (the folder in the tooltip; a folder missing or damaged
said so), or the bundled one, refuses a folder of another language with a note under it,
and changes only its own language's entry of ``model_dirs``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from writer_app.settings.app_settings import Settings
from writer_app.ui.settings_dialog import SettingsDialog

from .conftest import FakePrompter


def copy_of(tiny_model_dir: Path, folder: Path, language: str, name: str = "") -> Path:
    shutil.copytree(tiny_model_dir, folder)
    card = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    card = {**card, "language": language, "name": name or card["name"]}
    (folder / "model.json").write_text(json.dumps(card), encoding="utf-8")
    return folder


def test_one_row_per_language_each_for_its_own_model(qtbot, tiny_model_dir: Path,  # noqa: ANN001
                                                     tmp_path: Path) -> None:
    mine_en = copy_of(tiny_model_dir, tmp_path / "mine-en", "en")
    mine_zh = copy_of(tiny_model_dir, tmp_path / "mine-zh", "zh")
    other_en = copy_of(tiny_model_dir, tmp_path / "other-en", "en")
    prompter = FakePrompter()
    dialog = SettingsDialog(Settings(model_dirs={"en": str(mine_en), "zh": str(mine_zh)}), prompter,
                            Path("/nonexistent/models/en"))
    qtbot.addWidget(dialog)
    assert list(dialog.model_rows) == ["en", "zh"]
    english, chinese = dialog.model_rows["en"], dialog.model_rows["zh"]
    assert (english.label, chinese.label) == ("Your English model:", "Your Chinese model:")
    assert (english.value(), chinese.value()) == (str(mine_en), str(mine_zh))

    prompter.folder_answer = other_en  # an English model in the Chinese row: refused, said why
    chinese.choose()
    assert not chinese.note.isHidden() and english.note.isHidden()
    assert "its model card says its language is English, not Chinese." in chinese.note.text()
    assert "The model stays as it was" in chinese.note.text()
    assert dialog.values().model_dirs == {"en": str(mine_en), "zh": str(mine_zh)}  # the saved one stays

    english.choose()  # the same folder in the English row: fine, and only English changes
    assert english.note.isHidden()
    chinese.bundled.click()  # the bundled Chinese model
    assert chinese.note.isHidden() and chinese.shown.text() == "Bundled Chinese model"
    applied: list[dict] = []
    dialog.applied.connect(applied.append)
    dialog.apply()
    assert applied == [{"model_dirs": {"en": str(other_en)}}]
    dialog.apply()  # nothing edited since
    assert applied[-1] == {}

    dialog.load(Settings(model_dirs={"en": str(mine_en), "zh": str(mine_zh)}))
    prompter.folder_answer = other_en
    english.choose()  # only the English row: the Chinese model stays
    assert dialog.values().model_dirs == {"zh": str(mine_zh), "en": str(other_en)}


def test_each_row_shows_its_model_by_name_and_a_missing_or_damaged_one_as_such(
        qtbot, tiny_model_dir: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """The rows showed the end of the folder's path ("g-20261201-120000" in a narrow field),
    not the model's name; a folder deleted since looked like any other."""
    deep = tmp_path / "home" / "writer" / ".local" / "share" / "inkling" / "models"
    mine = copy_of(tiny_model_dir, deep / "my-writing-20261201-120000", "en", "My novel, retrained")
    gone = deep / "my-chinese-writing-20261115-080000"
    dialog = SettingsDialog(Settings(model_dirs={"en": str(mine), "zh": str(gone)}), FakePrompter(),
                            Path("/opt/inkling/models/en"))
    qtbot.addWidget(dialog)
    english, chinese = dialog.model_rows["en"], dialog.model_rows["zh"]
    assert english.shown.text() == "My novel, retrained" and english.shown.toolTip() == str(mine)
    assert chinese.shown.text() == "missing: my-chinese-writing-20261115-080000"
    dialog.show()  # the folders are checked: the missing one says why, with the way back
    assert english.note.isHidden()
    assert not chinese.note.isHidden() and "Model folder not found" in chinese.note.text()
    assert "Use Bundled for the bundled Chinese model" in chinese.note.text()
    assert str(gone) in chinese.shown.toolTip()
    assert dialog.values().model_dirs == {"en": str(mine), "zh": str(gone)}  # nothing changed unasked
    chinese.bundled.click()
    assert chinese.shown.text() == "Bundled Chinese model" and chinese.note.isHidden()
    assert not chinese.bundled.isEnabled()  # already the bundled one
    assert chinese.shown.toolTip() == "In /opt/inkling/models"
    assert dialog.values().model_dirs == {"en": str(mine)}

    card = mine / "model.json"  # cut in half: no name to read, no crash
    card.write_bytes(card.read_bytes()[: card.stat().st_size // 2])
    dialog.hide()
    dialog.show()
    assert english.shown.text() == "damaged: my-writing-20261201-120000"
    assert "not valid JSON" in english.note.text() and "not valid JSON" in english.shown.toolTip()

    chinese_card_in_english_row = copy_of(tiny_model_dir, deep / "zh-model", "zh", "Lu Xun style")
    dialog.load(Settings(model_dirs={"en": str(chinese_card_in_english_row)}))
    dialog.hide()
    dialog.show()
    assert english.shown.text() == "not English: Lu Xun style"

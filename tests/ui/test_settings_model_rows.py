"""Settings → one "Your … model" row per language: each row names the writer's own model of
its language (or the bundled one), refuses a folder of another language with a note under
it, and changes only its own language's entry of ``model_dirs``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from writer_app.settings.app_settings import Settings
from writer_app.ui.settings_dialog import SettingsDialog

from .conftest import FakePrompter


def copy_of(tiny_model_dir: Path, folder: Path, language: str) -> Path:
    shutil.copytree(tiny_model_dir, folder)
    card = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    (folder / "model.json").write_text(json.dumps({**card, "language": language}), encoding="utf-8")
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
    assert (english.field.text(), chinese.field.text()) == (str(mine_en), str(mine_zh))
    assert "Bundled Chinese model" in chinese.field.placeholderText()

    prompter.folder_answer = other_en  # an English model in the Chinese row: refused, said why
    chinese.choose()
    assert not chinese.note.isHidden() and english.note.isHidden()
    assert "its model card says its language is English, not Chinese." in chinese.note.text()
    assert "The model stays as it was" in chinese.note.text()
    assert dialog.values().model_dirs == {"en": str(mine_en), "zh": str(mine_zh)}  # the saved one stays

    english.choose()  # the same folder in the English row: fine, and only English changes
    assert english.note.isHidden()
    chinese.field.clear()  # the bundled Chinese model
    assert chinese.note.isHidden()
    applied: list[dict] = []
    dialog.applied.connect(applied.append)
    dialog.apply()
    assert applied == [{"model_dirs": {"en": str(other_en)}}]
    dialog.apply()  # nothing edited since
    assert applied[-1] == {}

    dialog.load(Settings(model_dirs={"en": str(mine_en), "zh": str(mine_zh)}))
    english.field.setText(str(other_en))  # only the English row: the Chinese model stays
    assert dialog.values().model_dirs == {"zh": str(mine_zh), "en": str(other_en)}

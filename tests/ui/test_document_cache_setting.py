"""Settings → "Learn from this document" switches the document cache (issue 14); Settings →
Model folder says at once when a folder cannot be used."""

from __future__ import annotations

import shutil
from pathlib import Path

from writer_app.editor.suggestion_controller import decoding_config
from writer_app.settings.app_settings import Settings, settings_from_dict
from writer_app.ui.settings_dialog import SettingsDialog

from .conftest import FakePrompter


def test_the_settings_checkbox_toggles_the_document_cache(qtbot) -> None:
    dialog = SettingsDialog(Settings(), FakePrompter(), Path("/nonexistent/models/en"))
    qtbot.addWidget(dialog)
    box = dialog.document_cache
    assert box.text() == "Learn from this document" and box.isChecked()
    assert decoding_config(dialog.values()).document_cache is True
    box.click()
    off = dialog.values()
    assert off.document_cache is False and decoding_config(off).document_cache is False
    dialog.load(off)
    assert not dialog.document_cache.isChecked()
    # The settings file keeps it; a bad value falls back to on.
    assert settings_from_dict({"document_cache": False}).document_cache is False
    assert settings_from_dict({"document_cache": "no"}).document_cache is True


def test_a_model_folder_that_cannot_be_used_is_said_so_at_once(qtbot, tiny_model_dir: Path,
                                                                tmp_path: Path) -> None:
    """Settings → Your English model: a corrupt or missing folder is named under the row when
    it is chosen, before anything tries to load it, and is not taken (a tester's OK with a
    truncated model switched English suggestions off); a good one clears the note."""
    bad = Path(shutil.copytree(tiny_model_dir, tmp_path / "bad"))
    (bad / "model.onnx").write_bytes((bad / "model.onnx").read_bytes()[:1000])  # truncated
    prompter = FakePrompter(folder_answer=bad)
    dialog = SettingsDialog(Settings(), prompter, Path("/nonexistent/models/en"))
    qtbot.addWidget(dialog)
    row = dialog.model_rows["en"]
    assert row.note.isHidden()  # the bundled models: nothing to say
    row.choose()  # Choose…
    assert not row.note.isHidden() and "checksum differs" in row.note.text()
    assert "stays as it was" in row.note.text()
    assert row.shown.text() == "Bundled English model" and row.value() == ""  # not taken
    prompter.folder_answer = tmp_path  # a folder without a card: one sentence, then the next
    row.choose()
    assert "model.json is missing. The model stays" in row.note.text()
    assert dialog.values().model_dirs == {}  # the saved choice (the bundled models) stays
    row.use_bundled()  # nothing to say any more, at once
    assert row.note.isHidden() and dialog.values().model_dirs == {}
    prompter.folder_answer = tmp_path / "nowhere"
    row.choose()
    assert "not found" in row.note.text()
    prompter.folder_answer = tiny_model_dir
    row.choose()
    assert row.note.isHidden() and row.value() == str(tiny_model_dir)
    # Opening the dialog again checks the folder saved before (repaired or broken since)
    dialog.load(Settings(model_dirs={"en": str(bad)}))
    dialog.show()
    assert not row.note.isHidden() and row.shown.text() == "damaged: tiny-test-model"
    assert "checksum differs" in row.note.text() and "Your English model cannot be used" in row.note.text()

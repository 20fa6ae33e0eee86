"""Settings → "Learn from this document" switches the document cache (issue 14)."""

from __future__ import annotations

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

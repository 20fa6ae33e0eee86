"""Help → About Inkling: version, privacy, where things are kept, the models and their data."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from writer_app import __version__
from writer_app.app import CHINESE_MODEL_DIR, DEFAULT_MODEL_DIR
from writer_app.ui.about import PRIVACY, about_html, model_html


def test_the_bundled_models_name_their_training_data_and_licences() -> None:
    html = model_html(CHINESE_MODEL_DIR)
    assert "Chinese: inkling-zh-default" in html
    assert "zh-modern/react-docs (CC BY 4.0)" in html
    assert "zh-gutenberg-classics/simplified (public domain)" in html
    assert html.count("zh-gutenberg-classics/simplified") == 1  # two groups, one source
    assert "zh-heldout" not in html  # held-out test sets (weight 0) were not trained on
    assert "English: inkling-en-default" in model_html(DEFAULT_MODEL_DIR)


def test_a_folder_without_a_readable_card_is_named_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "<broken & model>"
    folder.mkdir()
    (folder / "model.json").write_text("{not json", encoding="utf-8")
    html = model_html(folder)
    assert "cannot be read" in html
    assert "&lt;broken &amp; model&gt;" in html and "<broken" not in html


def test_about_text_holds_version_privacy_and_places(tmp_path: Path) -> None:
    html = about_html("1.2.3", [CHINESE_MODEL_DIR], [("Settings", tmp_path / "s.toml")])
    assert "Inkling 1.2.3" in html
    assert PRIVACY in html
    assert f"Settings: {tmp_path / 's.toml'}" in html
    assert "inkling-zh-default" in html
    assert "Licence: MIT." in html  # pyproject.toml's, as installed


def test_help_menu_shows_the_about_box(make_app, monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, title, text: shown.append((title, text)))
    app = make_app()
    window = app.windows[0]
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.act_about in help_menu.actions()
    window.act_about.trigger()
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "About Inkling"
    assert f"Inkling {__version__}" in text
    assert str(tmp_path / "settings.toml") in text
    assert str(tmp_path / "recovery") in text
    assert "Chinese: inkling-zh-default" in text
    assert "cannot be read" in text  # the rig's English folder holds no model


def test_without_autosave_the_about_box_lists_no_autosave_folder(make_app, tmp_path: Path) -> None:  # noqa: ANN001
    app = make_app()
    app.recovery.close()
    app.recovery = None  # the recovery folder could not be used: autosave is off
    assert [what for what, _ in app.storage_places()] == ["Settings", "Models retrained on your writing"]

"""A file whose name is not UTF-8 (bytes a Linux file name may hold, such as Latin-1's
"caf\\xe9.txt"): a tester's every open and save printed UnicodeEncodeError and wrote no
recent files, the title read "caf.txt", and a change on disk was never said."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from writer_app.files.names import shown_name
from writer_app.settings.app_settings import SettingsStore
from writer_app.ui.prompts import QuestionBox

from .conftest import AppFactory

CAFE = os.fsdecode(b"caf\xe9.txt")  # "caf\udce9.txt"


def test_shown_name_writes_the_bytes_that_are_not_utf8() -> None:
    assert shown_name(CAFE) == "caf\\xe9.txt"
    assert shown_name("/home/\u5199\u4f5c/caf\u00e9.txt") == "/home/\u5199\u4f5c/caf\u00e9.txt"  # as it is
    assert shown_name("a\ud800b") == "a\\ud800b"


def test_a_name_that_is_not_utf8_is_shown_and_the_rest_of_the_recent_files_saved(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    plain, cafe = tmp_path / "plain.txt", tmp_path / CAFE
    plain.write_text("Plain.\n")
    cafe.write_text("Caf\u00e9 au lait.\n")
    app = make_app(files=[plain])
    app.open_files([cafe], None)
    w = app.windows[-1]
    assert w.document.path == cafe
    assert w.windowTitle().startswith("caf\\xe9.txt[*]")
    assert w.status.currentMessage().startswith("Opened caf\\xe9.txt")
    w.editor.insertPlainText("Hot. ")
    assert w.document.save()
    assert cafe.read_text() == "Hot. Caf\u00e9 au lait.\n"
    assert app.settings.recent_files == (str(plain),)  # the settings file cannot hold it
    assert SettingsStore(app.settings_store.path).load().recent_files == (str(plain),)


def test_every_question_shows_such_a_name(qtbot) -> None:  # noqa: ANN001
    box = QuestionBox(QMessageBox.Icon.Warning, f"{CAFE} changed", f"Save {CAFE}?")
    qtbot.addWidget(box)
    assert (box.windowTitle(), box.text()) == ("caf\\xe9.txt changed", "Save caf\\xe9.txt?")


def test_another_programs_save_of_such_a_file_is_said(qtbot, make_app: AppFactory,
                                                      tmp_path: Path) -> None:
    cafe = tmp_path / CAFE
    cafe.write_text("Mine.\n")
    w = make_app(files=[cafe]).windows[0]
    said: list[str] = []
    w.document.disk_changed.connect(said.append)
    staged = tmp_path / "staged.tmp"
    staged.write_text("Theirs.\n")
    os.replace(staged, cafe)  # how most programs save
    qtbot.waitUntil(lambda: len(said) == 1, timeout=5000)
    assert said[0].startswith(f"{CAFE} was changed on disk by another program")
    cafe.unlink()
    qtbot.waitUntil(lambda: len(said) == 2, timeout=5000)
    assert "moved or deleted" in said[1]

"""What the Save dialog of an untitled document proposes: a tester always got
"Untitled.txt" in the home folder. Now: the folder last used for opening or saving (the
first recent file's) and a name from the first words of the text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from writer_app.settings.app_settings import Settings

from .conftest import AppFactory
from .test_save_while_loading import DialogPrompter


def test_an_untitled_document_is_proposed_its_first_words_in_the_last_folder_used(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    prompter = DialogPrompter()
    app = make_app(replace(Settings(), debounce_ms=0, recent_files=(str(folder / "old.txt"),)), prompter=prompter)
    w = app.windows[0]
    assert not w.document.save()  # empty: nothing to name it after
    qtbot.keyClicks(w.editor, "Dear Sir or Madam, I write about the fence.")
    assert not w.document.save_as()
    assert prompter.proposed == [folder / "Untitled.txt", folder / "Dear Sir or Madam, I write.txt"]
    prompter.save_path_answer = tmp_path / "kept.txt"
    assert w.document.save()
    w.document.save_as()
    assert prompter.proposed[-1] == tmp_path / "kept.txt"  # a named file: its own path
    other = app.new_window()
    qtbot.keyClicks(other.editor, "Shopping list")
    other.document.save_as()
    assert prompter.proposed[-1] == tmp_path / "Shopping list.txt"  # the folder saved in last


def test_without_recent_files_the_home_folder(qtbot, make_app: AppFactory) -> None:
    prompter = DialogPrompter()
    w = make_app(prompter=prompter).windows[0]
    qtbot.keyClicks(w.editor, "Notes")
    w.document.save()
    assert prompter.proposed == [Path.home() / "Notes.txt"]


def test_open_starts_in_the_last_folder_used_from_an_untitled_window(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    app = make_app(replace(Settings(), debounce_ms=0, recent_files=(str(folder / "old.txt"),)))
    started: list[Path | None] = []
    app.fake_prompter.open_paths = lambda start: started.append(start) or []  # type: ignore[method-assign]
    app.windows[0]._open()
    assert started == [folder]

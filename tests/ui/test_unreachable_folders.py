"""A folder the writer cannot enter (mode 000, tests/sealed_folder.py): a tester, running
without root's permission bypass, saw Save As there fail without a word (a PermissionError
from Path.exists() went to stderr) and a file argument there stop the app from starting.
Python 3.11's Path.exists() raises where it cannot tell; the app asks files/path_state."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sealed_folder import sealed

from writer_app.files.document_file import FileFacts, read_document
from writer_app.files.recovery import RecoveryEntry

from .conftest import AppFactory


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A folder, holding inside.txt, that cannot be entered."""
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "inside.txt").write_text("Out of reach.\n", encoding="utf-8")
    with sealed(folder):
        yield folder


def test_save_as_into_a_folder_that_cannot_be_entered_says_so_and_keeps_the_text(
        qtbot, make_app: AppFactory, locked: Path) -> None:
    app = make_app()
    w = app.windows[0]
    qtbot.keyClicks(w.editor, "My words.")
    app.fake_prompter.save_path_answer = locked / "mine.txt"
    assert not w.document.save_as()
    (title, message), = app.fake_prompter.errors
    assert f"you do not have permission to write in {locked}." in message
    assert "Your text is still here, unsaved" in message
    assert app.fake_prompter.asked == []  # no "Replace?" for a file it cannot see
    assert w.document.path is None and w.document.title() == "Untitled" and w.document.modified
    assert w.editor.document_text() == "My words."


def test_a_file_argument_in_a_folder_that_cannot_be_entered_is_said_and_the_others_open(
        qtbot, make_app: AppFactory, tmp_path: Path, locked: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Readable.\n", encoding="utf-8")
    app = make_app(files=[locked / "inside.txt", good, locked / "new.txt"])
    errors = app.fake_prompter.errors
    assert errors == [("Cannot open file", "You do not have permission to read inside.txt."),
                      ("Cannot open file", "You do not have permission to read new.txt.")]
    assert [w.document.path for w in app.windows] == [good]  # not a new file it cannot write
    assert app.windows[0].editor.document_text() == "Readable.\n"


def test_a_recent_file_in_such_a_folder_stays_on_the_list_and_is_said(
        qtbot, make_app: AppFactory, locked: Path) -> None:
    """Open Recent's exists() raised PermissionError: nothing happened, a traceback on stderr."""
    from dataclasses import replace

    from writer_app.settings.app_settings import Settings

    inside = str(locked / "inside.txt")
    app = make_app(replace(Settings(), debounce_ms=0, recent_files=(inside,)))
    app.windows[0]._open_recent(inside)
    assert app.fake_prompter.errors == [("Cannot open file", "You do not have permission to read inside.txt.")]
    assert app.settings.recent_files == (inside,)  # it may be reachable again later


def test_open_of_a_file_in_such_a_folder_is_said(qtbot, make_app: AppFactory, locked: Path) -> None:
    app = make_app()
    app.open_files([locked / "inside.txt"], app.windows[0])
    assert app.fake_prompter.errors == [("Cannot open file", "You do not have permission to read inside.txt.")]
    assert app.windows[0].document.path is None


def test_recovered_text_of_a_file_in_such_a_folder_is_offered_restored_and_not_saved_there(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "later-locked"
    folder.mkdir()
    source = folder / "notes.txt"
    source.write_text("Notes.\n", encoding="utf-8")
    facts = read_document(source).facts
    text = tmp_path / "entry.txt"
    text.write_text("Notes.\nUnsaved line.\n", encoding="utf-8")
    entry = RecoveryEntry("e1", "dead", source, "notes.txt", facts, time.time(), text)
    app = make_app()
    w = app.windows[0]
    with sealed(folder):
        head, _words = entry.describe_parts()
        assert head.startswith(f"notes.txt in {folder}, autosaved")
        w.document.restore(entry)
        assert w.document.path == source and w.document.modified
        assert not w.document.save()
    (_title, message), = app.fake_prompter.errors
    assert f"you do not have permission to write in {folder}." in message
    assert source.read_text(encoding="utf-8") == "Notes.\n" and w.document.modified
    assert w.document.facts != FileFacts()

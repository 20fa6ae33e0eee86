"""Files that are not there yet or cannot be written: a new file named on the command line,
a big file that fails to load in the background, a read-only file system."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer_app.files import document_file

from .conftest import AppFactory, FakePrompter
from .test_files import window_of


def test_a_new_file_named_on_the_command_line_is_written_where_it_was_named(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """``inkling notes.txt`` for a file that does not exist yet starts it, as editors do
    (gedit, vim): no error, its name in the title, and Save writes it without asking where."""
    path = tmp_path / "notes.txt"
    app = make_app(files=[path])
    w = window_of(app)
    assert app.fake_prompter.errors == [] and not path.exists()
    assert w.document.path == path and w.document.title() == "notes.txt" and not w.document.modified
    qtbot.keyClicks(w.editor, "First line")
    assert w.document.save()
    assert path.read_text(encoding="utf-8") == "First line"
    assert app.fake_prompter.asked == [] and not w.document.modified


def test_a_new_file_asks_before_replacing_what_appeared_at_its_path(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    prompter = FakePrompter(overwrite_changed=False)
    app = make_app(files=[path], prompter=prompter)
    w = window_of(app)
    qtbot.keyClicks(w.editor, "mine")
    path.write_text("another program's", encoding="utf-8")
    assert not w.document.save()
    assert prompter.asked == ["overwrite notes.txt"]
    assert path.read_text(encoding="utf-8") == "another program's" and w.document.modified


def test_a_file_in_a_folder_that_does_not_exist_is_an_error_not_a_new_file(
        make_app: AppFactory, tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "notes.txt"
    app = make_app(files=[path])
    assert "does not exist" in app.fake_prompter.errors[0][1]
    assert window_of(app).document.path is None


def test_open_does_not_start_a_file_that_was_deleted(make_app: AppFactory, tmp_path: Path) -> None:
    """Only the command line starts new files: a recent file deleted since is an error."""
    app = make_app()
    app.open_files([tmp_path / "gone.txt"], None)
    assert "does not exist" in app.fake_prompter.errors[0][1]
    assert window_of(app).document.path is None


def test_a_window_opened_for_a_big_file_that_cannot_be_read_closes_again(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """A tester opened a 3 MB binary file from a window with changes: the file loads in the
    background, fails, and left a blank Untitled window behind (a small one did not)."""
    big = tmp_path / "big.bin"
    big.write_bytes(b"\x00\x01\xff" * 1_000_000)
    app = make_app()
    w = window_of(app)
    qtbot.keyClicks(w.editor, "my changes")
    app.open_files([big], w)
    qtbot.waitUntil(lambda: bool(app.fake_prompter.errors))
    qtbot.waitUntil(lambda: len(app.windows) == 1)
    assert app.windows == [w] and w.editor.document_text() == "my changes"
    assert "binary" in app.fake_prompter.errors[0][1]


def test_a_file_on_a_read_only_file_system_is_not_offered_an_overwrite(
        qtbot, make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tester saved a file on a read-only mount: the dialog blamed its permissions and
    offered Overwrite Anyway, which then failed. Now it says why and asks where instead."""
    from writer_app.ui import save_target

    ro_dir, elsewhere = tmp_path / "mounted", tmp_path / "elsewhere.txt"
    ro_dir.mkdir()
    path = ro_dir / "notes.txt"
    path.write_text("old", encoding="utf-8")
    monkeypatch.setattr(save_target, "on_read_only_file_system", lambda p: Path(p).parent == ro_dir)
    prompter = FakePrompter(save_path_answer=elsewhere)
    w = window_of(make_app(files=[path], prompter=prompter))
    qtbot.keyClicks(w.editor, " and new")
    assert w.document.save()
    assert "read-only file system" in prompter.errors[0][1]
    assert not any(a.startswith("read-only") for a in prompter.asked)  # no Overwrite Anyway
    assert path.read_text(encoding="utf-8") == "old"
    assert elsewhere.read_text(encoding="utf-8") == " and newold" and w.document.path == elsewhere


def test_read_only_file_system_is_told_from_statvfs(tmp_path: Path) -> None:
    assert document_file.on_read_only_file_system(tmp_path / "x.txt") is False
    assert document_file.on_read_only_file_system(tmp_path / "no" / "such" / "x.txt") is False

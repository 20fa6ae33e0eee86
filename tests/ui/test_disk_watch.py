"""Another program changing, replacing or removing the open file is said when it happens;
Inkling's own saves are not reported, and the writer's text is never touched."""

from __future__ import annotations

import os
from pathlib import Path

from writer_app.ui.disk_watch import SETTLE_MS
from writer_app.ui.prompts import CloseChoice

from .conftest import AppFactory, FakePrompter


def _open(make_app: AppFactory, path: Path, prompter: FakePrompter | None = None):  # noqa: ANN202
    app = make_app(files=[path], prompter=prompter)
    w = app.windows[0]
    said: list[str] = []
    w.document.disk_changed.connect(said.append)
    return w, said


def test_a_change_by_another_program_is_said_once_and_save_still_asks(qtbot, make_app: AppFactory,
                                                                      tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Mine.\n", encoding="utf-8")
    prompter = FakePrompter(overwrite_changed=False)
    w, said = _open(make_app, path, prompter)
    w.editor.insertPlainText("Typed. ")
    path.write_text("Theirs, longer.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: len(said) == 1, timeout=5000)
    assert "notes.txt was changed on disk by another program" in said[0]
    assert "notes.txt was changed on disk" in w.status.currentMessage()
    assert w.editor.document_text() == "Typed. Mine.\n"  # the writer's text stays
    qtbot.wait(SETTLE_MS + 300)
    assert len(said) == 1  # one state of the file, one notice
    assert not w.document.save()  # Save still asks; the answer here: keep theirs
    assert path.read_text(encoding="utf-8") == "Theirs, longer.\n"


def test_inklings_own_saves_are_not_reported(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Mine.\n", encoding="utf-8")
    w, said = _open(make_app, path)
    for word in ("One. ", "Two. "):
        w.editor.insertPlainText(word)
        assert w.document.save()
        qtbot.wait(SETTLE_MS + 300)
    assert said == []


def test_a_rename_over_the_file_and_a_later_change_are_both_said(qtbot, make_app: AppFactory,
                                                                 tmp_path: Path) -> None:
    """Most programs save by writing a new file and renaming it over the old one: the
    watch must follow the path, not the old file."""
    path = tmp_path / "notes.txt"
    path.write_text("Mine.\n", encoding="utf-8")
    w, said = _open(make_app, path)
    staged = tmp_path / ".notes.txt.tmp"
    staged.write_text("Theirs.\n", encoding="utf-8")
    os.replace(staged, path)
    qtbot.waitUntil(lambda: len(said) == 1, timeout=5000)
    path.write_text("Theirs, edited again.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: len(said) == 2, timeout=5000)
    path.unlink()
    qtbot.waitUntil(lambda: len(said) == 3, timeout=5000)
    assert "notes.txt was moved or deleted by another program" in said[2]
    (tmp_path / "other.txt").write_text("A neighbour changing is not news.\n", encoding="utf-8")
    qtbot.wait(SETTLE_MS + 300)
    assert len(said) == 3
    path.write_text("Put back by another program.\n", encoding="utf-8")  # the folder was watched
    qtbot.waitUntil(lambda: len(said) == 4, timeout=5000)
    assert "notes.txt was changed on disk by another program" in said[3]
    assert w.editor.document_text() == "Mine.\n"


def test_a_file_deleted_or_renamed_first_is_said(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """A tester's rm and mv of the open file were never reported: "gone" was taken for
    "nothing reported yet"."""
    path = tmp_path / "a.txt"
    path.write_text("Mine.\n", encoding="utf-8")
    w, said = _open(make_app, path)
    path.rename(tmp_path / "b.txt")
    qtbot.waitUntil(lambda: len(said) == 1, timeout=5000)
    assert "a.txt was moved or deleted by another program" in said[0]


def test_a_file_whose_folder_was_deleted_is_saved_elsewhere(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """A tester deleted the folder: the bar said "Save writes it there again", Save failed
    for want of the folder, and Save As opened in the app's working directory."""
    import shutil

    from writer_app.ui.prompts import existing_folder

    folder = tmp_path / "drafts" / "june"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("Mine.\n", encoding="utf-8")
    prompter = FakePrompter(save_path_answer=tmp_path / "kept.txt")
    w, said = _open(make_app, folder / "a.txt", prompter)
    shutil.rmtree(tmp_path / "drafts")
    qtbot.waitUntil(lambda: len(said) == 1, timeout=5000)
    assert "a.txt and its folder were moved or deleted" in said[0] and "Save asks where" in said[0]
    assert w.document.save() and (tmp_path / "kept.txt").read_text(encoding="utf-8") == "Mine.\n"
    assert existing_folder(folder) == tmp_path and existing_folder(None) == Path.home()


def test_the_text_of_a_window_whose_file_changed_is_unsaved_and_close_asks(
        qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """A tester's window closed without a word after its file was overwritten (by a Save
    As in another window): its text was then nowhere else."""
    path = tmp_path / "novel.txt"
    path.write_text("Chapter one.\n", encoding="utf-8")
    prompter = FakePrompter()
    w, said = _open(make_app, path, prompter)
    assert not w.document.modified
    path.write_text("Something else.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: len(said) == 1, timeout=5000)
    assert w.document.modified and w.isWindowModified()
    prompter.close_choice = CloseChoice.CANCEL
    assert not w.document.confirm_close()
    assert prompter.asked[-1] == "save changes to novel.txt"


def test_save_as_onto_a_file_open_in_another_window_is_refused(qtbot, make_app: AppFactory,
                                                               tmp_path: Path) -> None:
    path = tmp_path / "novel.txt"
    path.write_text("Chapter one.\n", encoding="utf-8")
    prompter = FakePrompter()
    app = make_app(files=[path], prompter=prompter)
    other = app.new_window()
    other.editor.insertPlainText("Notes.")
    assert not other.document.save_as(tmp_path / "novel.txt")
    assert prompter.errors[-1][0] == "File open in another window"
    assert path.read_text(encoding="utf-8") == "Chapter one.\n"
    assert other.document.save_as(tmp_path / "notes.txt")  # another name: saved


def test_reload_from_disk_takes_the_other_programs_version(qtbot, make_app: AppFactory,
                                                           tmp_path: Path) -> None:
    """A tester had no way to see another program's version but closing and reopening."""
    path = tmp_path / "notes.txt"
    path.write_text("Mine.\n", encoding="utf-8")
    prompter = FakePrompter(close_choice=CloseChoice.DISCARD)
    w, said = _open(make_app, path, prompter)
    path.write_text("Theirs.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: len(said) == 1, timeout=5000)
    assert w.act_reload.isEnabled() and w.document.modified  # the text here is not on disk
    asked = len(prompter.asked)
    w.act_reload.trigger()  # no edits here: nothing to ask (a tester was asked to save "changes")
    assert len(prompter.asked) == asked
    assert w.editor.document_text() == "Theirs.\n" and not w.document.modified
    w.editor.insertPlainText("Edited. ")
    path.write_text("Theirs again.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: len(said) == 2, timeout=5000)
    w.act_reload.trigger()  # edits: asked first (Discard here)
    assert prompter.asked[-1] == "save changes to notes.txt before reopening it"
    assert w.editor.document_text() == "Theirs again.\n" and not w.document.modified
    untitled = make_app().windows[0]
    assert not untitled.act_reload.isEnabled()  # nothing on disk to reload


def test_closing_or_quitting_with_the_file_deleted_asks_once(qtbot, make_app: AppFactory, tmp_path: Path) -> None:
    """A tester's rm of the open file, then Ctrl+Q: "Save the changes?", Save, then "a.txt was
    deleted or moved… Save your text there again?". The first question says it now, once."""
    path = tmp_path / "a.txt"
    path.write_text("Mine.\n", encoding="utf-8")
    prompter = FakePrompter(close_choice=CloseChoice.SAVE, overwrite_changed=False)
    w, _said = _open(make_app, path, prompter)
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.editor.insertPlainText("More.\n")
    path.unlink()
    assert w.document.confirm_close()
    assert prompter.asked == ["save changes to a.txt (gone from disk)"]
    assert path.read_text(encoding="utf-8") == "Mine.\nMore.\n"
    w.editor.insertPlainText("Again.\n")
    path.unlink()
    w._quit()
    assert prompter.asked[1:] == ["save changes to a.txt before quitting (gone from disk)"]
    assert path.read_text(encoding="utf-8") == "Mine.\nMore.\nAgain.\n"

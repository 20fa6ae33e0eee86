"""path_state keeps "cannot tell" apart from "nothing there" (Python 3.11's Path.exists()
raises PermissionError inside a folder that cannot be entered; os.path.exists says False),
and the file functions built on it neither raise nor take such a path for a free name."""

from __future__ import annotations

from pathlib import Path

import pytest
from sealed_folder import sealed

from writer_app.files.atomic_write import SaveError, atomic_write_bytes
from writer_app.files.document_file import OpenError, changed_on_disk, read_document
from writer_app.files.path_state import PathState, lookup, path_state
from writer_app.files.recovery import RecoveryStore


def test_what_is_at_a_path(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    assert path_state(tmp_path / "file.txt") is PathState.FILE and path_state(tmp_path) is PathState.FOLDER
    assert path_state(tmp_path / "none") is PathState.MISSING
    assert path_state(tmp_path / "file.txt" / "under") is PathState.MISSING  # a part is a file
    assert path_state(tmp_path / "nul\0name") is PathState.MISSING
    assert path_state(tmp_path / ("x" * 300)) is PathState.UNREACHABLE  # name too long: cannot tell
    assert lookup(tmp_path / "file.txt")[1].st_size == 1
    assert PathState.FILE.exists and PathState.FOLDER.exists
    assert not PathState.MISSING.exists and not PathState.UNREACHABLE.exists


def test_inside_a_folder_that_cannot_be_entered_nothing_raises_and_nothing_is_free(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "doc.txt").write_text("kept\n", encoding="utf-8")
    stamp = read_document(folder / "doc.txt").facts.stamp
    with sealed(folder):
        with pytest.raises(PermissionError):
            (folder / "doc.txt").exists()  # what the app asked before
        assert path_state(folder / "doc.txt") is PathState.UNREACHABLE
        assert path_state(folder / "new.txt") is PathState.UNREACHABLE
        assert lookup(folder / "doc.txt") == (PathState.UNREACHABLE, None)
        with pytest.raises(OpenError, match="You do not have permission to read doc.txt"):
            read_document(folder / "doc.txt")
        assert not changed_on_disk(folder / "doc.txt", stamp)  # not known to have changed
        with pytest.raises(SaveError, match=f"you do not have permission to write in {folder}\\."):
            atomic_write_bytes(folder / "doc.txt", b"new")
        assert RecoveryStore(folder / "recovery").orphans() == []  # --recovery-dir there: none to offer
    assert (folder / "doc.txt").read_text(encoding="utf-8") == "kept\n"
    (folder / "doc.txt").unlink()
    assert changed_on_disk(folder / "doc.txt", stamp)  # gone, once it can be told


def test_model_folders_and_writing_in_such_a_folder_are_said_not_raised(tmp_path: Path) -> None:
    """The model and retrain paths looked with Path.exists()/is_dir() too: a model folder or
    a file of writing inside a folder that cannot be entered raised PermissionError."""
    from writer_app.engine.interface import ModelFolderMissingError, check_model_folder
    from writer_app.retrain.training_files import scan_paths

    locked = tmp_path / "locked"
    (locked / "model").mkdir(parents=True)
    (locked / "diary.txt").write_text("Dear diary. " * 100, encoding="utf-8")
    with sealed(locked):
        with pytest.raises(ModelFolderMissingError, match="cannot be looked at"):
            check_model_folder(locked / "model")
        scan = scan_paths([locked / "diary.txt"])
    assert [(s.path.name, s.reason) for s in scan.skipped] == [("diary.txt", "cannot be looked at (no permission)")]
    with pytest.raises(ModelFolderMissingError, match="does not exist"):
        check_model_folder(tmp_path / "gone")

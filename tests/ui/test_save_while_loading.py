"""Save while a big file is still loading: a tester's Ctrl+S opened a Save As dialog for
"Untitled.txt" in the home folder (the window has no path until the file is in), and if
the load ended while the dialog was open the text went to the copy chosen, the window
then silently editing the copy. Save and Save As now say at once that the file is still
loading and open no dialog."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from writer_app.ui import file_loader

from .conftest import AppFactory, FakePrompter


@dataclass
class DialogPrompter(FakePrompter):
    """FakePrompter that records the path each Save dialog proposed."""

    proposed: list[Path | None] = field(default_factory=list)

    def save_path(self, suggested: Path | None) -> Path | None:
        self.proposed.append(suggested)
        return super().save_path(suggested)


def test_save_and_save_as_while_a_file_loads_say_so_and_open_no_dialog(
        qtbot, make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_loader, "SLICE_CHARS", 16 * 1024)
    path = tmp_path / "big.txt"
    path.write_text("All work and no play makes Jack a dull boy.\n" * 70_000, encoding="utf-8")  # ~3 MB
    prompter = DialogPrompter(save_path_answer=tmp_path / "copy.txt")
    app = make_app(prompter=prompter)
    w = app.windows[0]
    app.open_files([path], None)
    assert w.document.loading
    assert not w.document.save()
    assert not w.document.save_as()
    assert not w.document.save_as_encoding("utf-16")
    assert prompter.proposed == []  # no dialog
    assert prompter.errors == [("Cannot save yet", "big.txt is still loading: save it once it is all in.")] * 3
    assert not (tmp_path / "copy.txt").exists()
    qtbot.waitUntil(lambda: not w.document.loading, timeout=60_000)
    qtbot.keyClicks(w.editor, "Z")
    assert w.document.save() and prompter.proposed == []  # its own file, no dialog
    assert path.read_text(encoding="utf-8").startswith("ZAll work") and w.document.path == path

"""Save As, with the real file-dialog prompter: a file open in another window is refused
before anything is asked (a tester answered "first.txt already exists… Replace it?" with
Replace, then was told it was open in another window and nothing was saved); a file that
is only on disk is replaced when confirmed."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer_app.ui import prompts
from writer_app.ui.prompts import QtPrompter

from .conftest import AppFactory


class RecordingQtPrompter(QtPrompter):
    """QtPrompter with its message boxes recorded and answered (confirm: ``answer``)."""

    def __init__(self, answer: bool) -> None:
        super().__init__(None)
        self.answer, self.said = answer, []

    def error(self, title: str, message: str) -> None:
        self.said.append(f"error: {title}")

    def confirm(self, title: str, message: str, action: str, keep: str = "") -> bool:
        self.said.append(f"ask: {title}")
        return self.answer


def _dialog_answers(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(prompts.QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(path), ""))


def test_save_as_onto_a_file_open_elsewhere_is_refused_before_any_question(
        qtbot, make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = tmp_path / "first.txt"
    first.write_text("First.\n")
    prompter = RecordingQtPrompter(answer=True)
    app = make_app(files=[first], prompter=prompter)
    other = app.new_window()
    other.editor.insertPlainText("Other.")
    _dialog_answers(monkeypatch, first)
    assert not other.document.save_as()
    assert prompter.said == ["error: File open in another window"]  # no "Replace file?" first
    assert first.read_text() == "First.\n" and other.document.modified


def test_save_as_onto_a_file_on_disk_asks_to_replace_it(
        qtbot, make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    there = tmp_path / "there.txt"
    there.write_text("On disk.\n")
    prompter = RecordingQtPrompter(answer=False)
    w = make_app(prompter=prompter).windows[0]
    w.editor.insertPlainText("Mine.")
    _dialog_answers(monkeypatch, there)
    assert not w.document.save_as()
    assert prompter.said == ["ask: Replace file?"] and there.read_text() == "On disk.\n"
    prompter.answer = True
    assert w.document.save_as() and there.read_text() == "Mine."
    _dialog_answers(monkeypatch, tmp_path / "new.txt")
    assert w.document.save_as() and prompter.said == ["ask: Replace file?"] * 2  # nothing there: not asked

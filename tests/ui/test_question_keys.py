"""The app's questions (ui/prompts.py) under a writer who keeps typing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from writer_app.ui.prompts import QuestionBox, give_access_keys


def test_a_letter_typed_at_a_question_presses_nothing_and_alt_with_it_does(qtbot) -> None:
    """A tester typed "Dear diary" as the recovery question came up: the D pressed &Discard
    and the unsaved work was deleted."""
    box = QuestionBox(QMessageBox.Icon.Question, "Recover unsaved work", "Restore it now?")
    qtbot.addWidget(box)
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    give_access_keys(box)
    assert (restore.text(), discard.text()) == ("&Restore", "&Discard")
    box.show()
    box.activateWindow()
    qtbot.waitActive(box)
    for key in (Qt.Key.Key_D, Qt.Key.Key_R):
        qtbot.keyClick(box.focusWidget() or box, key)
        qtbot.keyClick(box.focusWidget() or box, key, Qt.KeyboardModifier.ShiftModifier)
    qtbot.wait(400)  # QMessageBox presses a button by its letter after a short animation
    assert box.clickedButton() is None and box.isVisible()
    qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: box.clickedButton() is discard)


def test_space_and_an_early_enter_press_nothing(qtbot, monkeypatch) -> None:
    """A tester's Ctrl+W and typing on: Space pressed the focused Save, the rest of the
    sentence went into the Save As name box, and Enter saved a file named after it."""
    box = QuestionBox(QMessageBox.Icon.Question, "Unsaved changes", "Save the changes?")
    qtbot.addWidget(box)
    save = box.addButton(QMessageBox.StandardButton.Save)
    box.addButton(QMessageBox.StandardButton.Discard)
    box.setDefaultButton(save)
    give_access_keys(box)
    box.show()
    box.activateWindow()
    qtbot.waitActive(box)
    target = box.focusWidget() or box
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return):
        qtbot.keyClick(target, key)
    qtbot.wait(400)
    assert box.clickedButton() is None and box.isVisible()
    monkeypatch.setattr(QuestionBox, "TYPING_GUARD_S", 0.0)
    qtbot.keyClick(target, Qt.Key.Key_A)  # typed into: not seen, and it says how to answer
    qtbot.wait(300)  # a pause before the next paragraph (a tester's 1.3 s)
    qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.wait(400)
    assert box.clickedButton() is None and box.isVisible()
    assert box.informativeText() == QuestionBox.TYPED_NOTE
    qtbot.keyClick(target, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # answered as it says
    qtbot.waitUntil(lambda: box.clickedButton() is save)


def test_enter_answers_a_question_nothing_was_typed_into(qtbot, monkeypatch) -> None:
    box = QuestionBox(QMessageBox.Icon.Question, "Unsaved changes", "Save the changes?")
    qtbot.addWidget(box)
    save = box.addButton(QMessageBox.StandardButton.Save)
    box.setDefaultButton(save)
    box.show()
    box.activateWindow()
    qtbot.waitActive(box)
    monkeypatch.setattr(QuestionBox, "TYPING_GUARD_S", 0.0)
    qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: box.clickedButton() is save)


def test_save_as_onto_an_existing_file_is_asked_in_a_question_typing_cannot_answer(
        qtbot, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    """Qt's own "already exists. Replace?" took a typed "y" for Yes (a tester's file was
    replaced): the file dialog does not ask; Save As does, with QtPrompter.confirm (a
    QuestionBox), after the checks that may refuse the file (tests/ui/test_save_as_target.py)."""
    from PySide6.QtWidgets import QFileDialog, QWidget

    from writer_app.ui import prompts

    taken = tmp_path / "essay.txt"
    taken.write_text("mine\n", encoding="utf-8")
    options_seen: list[object] = []

    def fake_dialog(*args, options=None, **kwargs):  # noqa: ANN002, ANN003, ANN202
        options_seen.append(options)
        return str(taken), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    parent = QWidget()
    qtbot.addWidget(parent)
    prompter = prompts.QtPrompter(parent)
    asked: list[str] = []
    monkeypatch.setattr(prompter, "confirm", lambda title, message, action, keep="": asked.append(message))
    assert prompter.save_path(tmp_path / "Untitled.txt") == taken and asked == []
    assert all(o == QFileDialog.Option.DontConfirmOverwrite for o in options_seen)

"""The recovery question at start-up: a choice per entry, and a restore that shows it acts."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel

from writer_app.files.recovery import RecoveryEntry, RecoveryStore
from writer_app.files.text_codec import TextFormat
from writer_app.ui.document_controller import DocumentController
from writer_app.ui.prompts import QtPrompter, QuestionBox, RestoreAnswer, RestoreChoice
from writer_app.ui.recovery_question import RecoveryQuestion

from .conftest import AppFactory, FakePrompter


def crashed_with(folder: Path, *entries: tuple[str, str, Path]) -> None:
    """Leave ``entries`` (id, text, file), oldest first, as a session that crashed does."""
    dead = RecoveryStore(folder)
    dead.start()
    for entry_id, text, source in entries:
        dead.save(entry_id, text, source, source.name, TextFormat())
        time.sleep(0.01)
    dead.close(keep_entries=True)


def three_entries(tmp_path: Path) -> tuple[Path, Path]:
    """The tester's: two windows of story.txt, and an older doc.txt from another folder."""
    story, doc = tmp_path / "story.txt", tmp_path / "old" / "doc.txt"
    doc.parent.mkdir()
    story.write_text("On disk.\n")
    doc.write_text("Old on disk.\n")
    crashed_with(tmp_path / "recovery", ("doc", "An old draft.\n", doc),
                 ("older", "Draft from the first window.", story),
                 ("newer", "Draft from the second window.", story))
    return story, doc


def orphans(folder: Path) -> list[RecoveryEntry]:
    store = RecoveryStore(folder)
    store.start()
    found = store.orphans()
    store.close()
    return found


def test_each_entry_is_restored_discarded_or_kept_as_chosen(qtbot, make_app: AppFactory,
                                                            tmp_path: Path) -> None:
    """Restore and Discard applied to every entry at once: a tester could not restore one
    window's story.txt and discard an old doc.txt. The entries not chosen stay."""
    story, doc = three_entries(tmp_path)
    restore_one = FakePrompter(restore_choice=RestoreChoice.RESTORE, restore_picked=["newer"])
    app = make_app(prompter=restore_one, recovery_dir=tmp_path / "recovery")
    (offer,) = restore_one.restore_offers
    assert [e.entry_id for e in offer] == ["newer", "older", "doc"]
    (window,) = app.windows
    assert window.document.path == story
    assert window.editor.document_text() == "Draft from the second window."
    assert sorted(e.entry_id for e in app.recovery.orphans()) == ["doc", "older"]  # for the next start

    discard_one = FakePrompter(restore_choice=RestoreChoice.DISCARD, restore_picked=["doc"])
    second = make_app(prompter=discard_one, recovery_dir=tmp_path / "recovery")
    assert [e.entry_id for e in discard_one.restore_offers[0]] == ["older", "doc"]
    assert second.windows[0].document.path is None  # nothing restored
    assert [e.entry_id for e in second.recovery.orphans()] == ["older"]
    assert not (tmp_path / "recovery" / "doc.txt").exists()


def test_the_question_has_a_checkbox_per_entry_and_acts_on_the_checked_ones(qtbot, tmp_path: Path) -> None:
    three_entries(tmp_path)
    entries = orphans(tmp_path / "recovery")
    question = RecoveryQuestion(entries)
    qtbot.addWidget(question)
    question.show()
    checks = question.checkboxes()
    assert [c.isChecked() for c in checks] == [True, True, True]
    saved_at = time.strftime("%H:%M:%S", time.localtime(entries[0].saved_at))
    assert checks[0].text() == f"story.txt in {tmp_path}, autosaved {saved_at}"
    assert "unsaved changes from \u201cDraft from the second window.\u201d" in [
        label.text() for label in question.findChildren(QLabel)]  # under it
    assert checks[2].text().startswith(f"doc.txt in {tmp_path / 'old'}, autosaved ")
    assert sorted(b.text() for b in question.buttons()) == ["&Discard", "&Not now", "&Restore"]
    for check in checks:
        check.setChecked(False)
    assert not question.restore_button.isEnabled() and not question.discard_button.isEnabled()
    checks[0].setChecked(True)
    checks[2].setChecked(True)
    asked = answer_confirmation("&Cancel")
    question.discard_button.click()
    assert asked == ["Discard the unsaved work of 2 documents? It is deleted for good and "
                     "cannot be recovered later."]
    assert question.isVisible() and question.answer().choice is RestoreChoice.LATER  # asked again
    answer_confirmation("&Discard")
    question.discard_button.click()
    assert question.answer() == RestoreAnswer(RestoreChoice.DISCARD, (entries[0], entries[2]))


def answer_confirmation(button: str) -> list[str]:
    """Press ``button`` of the next modal box once it shows; its text is appended to the list."""
    asked: list[str] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QuestionBox):
            QTimer.singleShot(10, press)
            return
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, press)
    return asked


def test_one_entry_is_asked_as_before_and_not_now_chooses_none(qtbot, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("On disk.\n")
    crashed_with(tmp_path / "recovery", ("a", "On disk, and more.\n", story))
    (entry,) = orphans(tmp_path / "recovery")
    seen: list[str] = []

    def answer(button: str) -> None:
        question = QApplication.activeModalWidget()
        try:
            assert isinstance(question, RecoveryQuestion) and question.checkboxes() == []
            seen.append("\n".join(label.text() for label in question.findChildren(QLabel)))
            next(b for b in question.buttons() if b.text() == button).click()
        finally:
            if question is not None and question.isVisible():
                question.reject()

    for button, expected in (("&Restore", RestoreAnswer(RestoreChoice.RESTORE, (entry,))),
                             ("&Not now", RestoreAnswer(RestoreChoice.LATER))):
        QTimer.singleShot(0, lambda b=button: answer(b))
        assert QtPrompter(None).ask_restore([entry]) == expected
    assert "unsaved changes from \u201cOn disk, and more.\u201d\n\nRestore it now?" in seen[0]


def active_question(qtbot, tmp_path: Path) -> RecoveryQuestion:  # noqa: ANN001
    """The question about three_entries, shown and active."""
    three_entries(tmp_path)
    question = RecoveryQuestion(orphans(tmp_path / "recovery"))
    qtbot.addWidget(question)
    question.show()
    question.activateWindow()
    qtbot.waitActive(question)
    return question


def test_typing_at_the_question_answers_nothing_and_unchecks_nothing(qtbot, tmp_path: Path) -> None:
    """The writer types on as the question comes up ("Dear diary"): no button is pressed
    (D, R), and Space does not uncheck an entry; the question says how to answer."""
    question = active_question(qtbot, tmp_path)
    assert question.focusWidget() is question.restore_button
    for key in (Qt.Key.Key_D, Qt.Key.Key_Space, Qt.Key.Key_R, Qt.Key.Key_Return):
        qtbot.keyClick(question.focusWidget(), key)
    qtbot.wait(300)
    assert question.isVisible() and question.answer().choice is RestoreChoice.LATER
    assert all(c.isChecked() for c in question.findChildren(QCheckBox))
    assert question.TYPED_NOTE in [label.text() for label in question.findChildren(QLabel) if label.isVisible()]
    qtbot.keyClick(question.focusWidget(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not question.isVisible())
    assert question.answer().choice is RestoreChoice.RESTORE and len(question.answer().chosen) == 3


def test_restoring_shows_a_wait_cursor_and_says_so(qtbot, make_app: AppFactory, tmp_path: Path,
                                                   monkeypatch) -> None:
    """A 40 MB restore took ~20 s after the click, with no sign it had registered."""
    story = tmp_path / "story.txt"
    story.write_text("On disk.\n")
    crashed_with(tmp_path / "recovery", ("a", "On disk, and more.\n", story))
    during: list[tuple[object, str]] = []
    real_restore = DocumentController.restore

    def restore(self: DocumentController, *args: object, **kwargs: object) -> None:
        cursor = QApplication.overrideCursor()
        status = self.editor.window().status
        during.append((cursor.shape() if cursor else None, status.currentMessage()))
        real_restore(self, *args, **kwargs)

    monkeypatch.setattr(DocumentController, "restore", restore)
    app = make_app(prompter=FakePrompter(restore_choice=RestoreChoice.RESTORE),
                   recovery_dir=tmp_path / "recovery")
    assert during == [(Qt.CursorShape.WaitCursor, "Restoring story.txt…")]
    assert QApplication.overrideCursor() is None
    assert app.windows[0].status.currentMessage() != "Restoring story.txt…"
    assert app.windows[0].editor.document_text() == "On disk, and more.\n"


def test_an_entry_of_a_file_saved_again_since_restores_as_a_copy(qtbot, make_app: AppFactory,
                                                                 tmp_path: Path) -> None:
    """A tester answered Not now, saved the file with a new sentence, and at the next
    start restored the old autosave: it replaced the newer text under the file's name."""
    story = tmp_path / "story.txt"
    story.write_text("First.\n")
    crashed_with(tmp_path / "recovery", ("a", "First, unsaved.\n", story))
    story.write_text("First.\nSaved later.\n")
    (entry,) = orphans(tmp_path / "recovery")
    os.utime(story, (entry.saved_at + 5, entry.saved_at + 5))
    assert "(saved again since)" in entry.describe_parts()[0]
    app = make_app(prompter=FakePrompter(restore_choice=RestoreChoice.RESTORE),
                   recovery_dir=tmp_path / "recovery")
    (window,) = app.windows
    assert window.editor.document_text() == "First, unsaved.\n"
    assert window.document.path is None and window.document.title() == "story (recovered).txt"
    assert "was saved again after this text was autosaved" in window.status.currentMessage()
    assert story.read_text() == "First.\nSaved later.\n"


def test_unticking_an_entry_leaves_restore_the_default(qtbot, tmp_path: Path) -> None:
    """A tester unticked one of three entries with the mouse: Discard took the default
    button's look, and Enter asked to discard the other two."""
    question = active_question(qtbot, tmp_path)
    question.restore_button.setFocus()  # where the question puts it (offscreen: set again once active)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is question.restore_button)
    qtbot.mouseClick(question.checkboxes()[1], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is question.checkboxes()[1])
    assert not question.checkboxes()[1].isChecked()
    assert question.restore_button.isDefault() and not question.discard_button.isDefault()

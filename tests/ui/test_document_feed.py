"""The editor feeds the engine's document cache (issue 14): every edit sends the lines it
changed, the engine's copy is the whole document (after the cursor too), requests name it,
and switching "Learn from this document" off stops it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from writer_app.editor.text_mirror import TextMirror
from writer_app.settings.app_settings import Settings

from .conftest import AppFactory, EditorRig, FakeEngine


def test_edits_reach_the_engine_as_changed_lines(qtbot, rig: EditorRig) -> None:  # noqa: ANN001
    editor, engine = rig.editor, rig.engine
    editor.setPlainText("Captain Vorbisk looked out.\nThe crew waited.")
    mirror = TextMirror(editor.document())
    rig.controller.follow_document(mirror)
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, " Later")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "Captain Vorb")
    qtbot.waitUntil(lambda: bool(engine.requested_documents))
    # Type in the middle: the text after the cursor is part of the document too.
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "At dawn ")
    qtbot.wait(50)
    assert rig.service.wait_idle()
    (document, lines), = engine.documents.items()
    assert lines == mirror.lines() == editor.toPlainText().split("\n")
    assert lines[0].startswith("At dawn Captain Vorbisk") and lines[-1] == "Captain Vorb"
    assert engine.requested_documents[0] == document

    # Off: requests name no document and edits are not sent; on again: the whole text anew.
    rig.controller.apply_settings(replace(Settings(debounce_ms=0), document_cache=False))
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, " x")
    qtbot.waitUntil(lambda: engine.requested_documents[-1] is None)
    assert rig.service.wait_idle()
    assert document not in engine.documents  # off: the engine dropped its copy
    rig.controller.apply_settings(Settings(debounce_ms=0))
    qtbot.keyClicks(editor, " y")
    assert rig.service.wait_idle()
    qtbot.waitUntil(lambda: engine.requested_documents[-1] not in (None, document))
    assert engine.documents[engine.requested_documents[-1]] == editor.toPlainText().split("\n")


def test_a_window_without_a_recovery_store_feeds_the_engine(
        qtbot, make_app: AppFactory, engine: FakeEngine, tmp_path: Path) -> None:  # noqa: ANN001
    """Autosave off (the recovery folder cannot be used): the document cache still learns
    from the whole document."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the recovery folder should be", encoding="utf-8")
    app = make_app(recovery_dir=blocked)
    assert app.recovery_problem  # every autosave fails
    window = app.windows[0]
    qtbot.keyClicks(window.editor, "Captain Vorbisk looked out.")
    qtbot.keyClick(window.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(window.editor, "The crew")
    assert app.service.wait_idle()
    qtbot.waitUntil(lambda: list(engine.documents.values()) == [["Captain Vorbisk looked out.", "The crew"]])


def test_closing_a_window_drops_its_document_from_the_engine(
        qtbot, make_app: AppFactory, engine: FakeEngine) -> None:  # noqa: ANN001
    app = make_app()
    first = app.windows[0]
    second = app.new_window()
    qtbot.keyClicks(first.editor, "The first window's words.")
    qtbot.keyClicks(second.editor, "The second window's words.")
    assert app.service.wait_idle()
    qtbot.waitUntil(lambda: len(engine.documents) == 2)
    first.document.editor.document().setModified(False)
    first.close()
    assert app.service.wait_idle()
    qtbot.waitUntil(lambda: list(engine.documents.values()) == [["The second window's words."]])


def test_a_document_followed_before_the_engine_starts_reaches_it_whole(qtbot, rig: EditorRig) -> None:  # noqa: ANN001
    """The first window follows its document before the engine has started: the whole
    text went nowhere and every later edit failed in the engine ("edit of lines 0..1 in
    0 lines"). A new engine gets the whole document, then the edits."""
    editor, engine, service = rig.editor, rig.engine, rig.service
    service.set_engine(None)
    editor.setPlainText("Captain Vorbisk looked out.\nThe crew waited.")
    rig.controller.follow_document(TextMirror(editor.document()))
    service.set_engine(engine, "fake")
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, " Later")
    assert service.wait_idle()
    qtbot.waitUntil(lambda: list(engine.documents.values()) == [editor.toPlainText().split("\n")])


def test_a_copy_that_missed_edits_is_sent_whole_again(qtbot, rig: EditorRig) -> None:  # noqa: ANN001
    """A tester's log filled with "the engine could not follow document 1: IndexError: edit
    of lines 0..1 in 0 lines" (a model folder that could not be used; an engine restarted):
    the engine's copy had missed the whole text, and every later edit failed. An edit that
    does not fit now makes the editor send the whole text again."""
    editor, engine = rig.editor, rig.engine
    editor.setPlainText("First line.\nSecond line.")
    rig.controller.follow_document(TextMirror(editor.document()))
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert rig.service.wait_idle()
    (first, _), = engine.documents.items()
    engine.documents.clear()  # the engine lost its copy (restarted)
    qtbot.keyClicks(editor, " More")
    qtbot.waitUntil(lambda: any(d != first for d in engine.documents))
    assert rig.service.wait_idle()
    (document, lines), = engine.documents.items()
    assert lines == ["First line.", "Second line. More"]


def test_the_lines_reach_the_engine_side_as_they_are_not_converted(qtbot) -> None:  # noqa: ANN001
    """The mirror's lines go to its slots as the list itself: a signal declared with
    ``list`` made PySide convert every string (1-1.5 s per rebuild of a 40 MB file)."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setPlainText("one\ntwo\nthree")
    mirror = TextMirror(doc)
    received: list[object] = []
    mirror.lines_changed.connect(lambda _start, _end, lines: received.append(lines))
    sent = ["one", "two", "three"]
    mirror.lines_changed.emit(0, -1, sent)
    assert received == [sent] and received[0] is sent

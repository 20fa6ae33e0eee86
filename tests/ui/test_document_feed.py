"""The editor feeds the engine's document cache (issue 14): every edit sends the lines it
changed, the engine's copy is the whole document (after the cursor too), requests name it,
and switching "Learn from this document" off stops it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from writer_app.editor.text_mirror import TextMirror
from writer_app.settings.app_settings import Settings

from .conftest import EditorRig


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
    assert engine.documents[document] != editor.toPlainText().split("\n")
    rig.controller.apply_settings(Settings(debounce_ms=0))
    qtbot.keyClicks(editor, " y")
    assert rig.service.wait_idle()
    qtbot.waitUntil(lambda: engine.requested_documents[-1] not in (None, document))
    assert engine.documents[engine.requested_documents[-1]] == editor.toPlainText().split("\n")

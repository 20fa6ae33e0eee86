"""The text after the cursor travels with each request to the decoder, which leaves out of
its suggestion what already follows the cursor (writer_app.text.fit): "…好" + cursor +
"。" is never offered a ghost ending in "。"."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from writer_app.editor.suggestion_policy import AFTER_CHARS
from writer_app.inference import DecodingConfig, Suggester
from writer_app.settings.app_settings import Settings

from .conftest import AppFactory, EditorRig, commit_text, settle, wait_ghost


def _put_cursor(rig: EditorRig, position: int) -> None:
    cursor = rig.editor.textCursor()
    cursor.setPosition(position)
    rig.editor.setTextCursor(cursor)


def test_the_rest_of_the_line_travels_with_the_request(qtbot, rig: EditorRig) -> None:  # noqa: ANN001
    rig.editor.setPlainText("Hello" + "." * 300 + "\nThe next line.")
    _put_cursor(rig, 5)  # before the debounce timer fires: the request is made here
    qtbot.waitUntil(lambda: len(rig.engine.afters) == 1)
    assert rig.engine.calls == ["Hello"]
    assert rig.engine.afters == ["." * AFTER_CHARS]  # its line only, bounded
    settle(rig.service)
    qtbot.keyClick(rig.editor, Qt.Key.Key_End)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Down)
    qtbot.keyClick(rig.editor, Qt.Key.Key_End)
    qtbot.keyClicks(rig.editor, " Hello")  # at the end of the text: nothing after it
    wait_ghost(qtbot, rig.editor, " world is big")
    assert rig.engine.afters[-1] == ""


def test_a_result_for_other_text_after_the_cursor_is_dropped(qtbot, rig: EditorRig) -> None:  # noqa: ANN001
    rig.engine.gate = threading.Event()
    rig.editor.setPlainText("Hello.")
    _put_cursor(rig, 5)
    qtbot.waitUntil(lambda: rig.engine.started.acquire(blocking=False))  # asked with "." after
    end = QTextCursor(rig.editor.document())
    end.movePosition(QTextCursor.MoveOperation.End)
    end.insertText(".")  # the text after the cursor changes; the cursor stays at 5
    assert rig.editor.cursor_position() == 5
    rig.engine.gate.set()
    settle(rig.service)
    qtbot.waitUntil(lambda: rig.controller.results_dropped == 1)
    assert rig.editor.ghost is None
    assert rig.engine.afters[0] == "."


@pytest.mark.slow
def test_no_ghost_repeats_the_full_stop_after_the_cursor(qtbot, make_app: AppFactory,  # noqa: ANN001
                                                        zh_model_dir: Path) -> None:
    """The shipped Chinese model through the engine child, as the app runs it."""
    before = "这件事情做得很好"
    raw = Suggester.load(zh_model_dir).suggest(before, DecodingConfig(threshold=0.0))
    assert raw is not None and raw.text.endswith("。")  # what the model offers without "after"
    app = make_app(replace(Settings(), threshold=0.0, debounce_ms=0), use_engine=False,
                   load_model=True, model_dir=zh_model_dir)
    editor = app.windows[0].editor
    qtbot.waitUntil(lambda: app.service.available and not app.model_loading, timeout=60_000)
    editor.setFocus()
    commit_text(editor, before[:-1] + "。")
    qtbot.keyClick(editor, Qt.Key.Key_Left)
    commit_text(editor, before[-1])  # "…很" + "好" typed before the "。"
    assert editor.document_text() == before + "。" and editor.cursor_position() == len(before)
    nothing: list[bool] = []
    app.windows[0].suggestions.nothing_found.connect(lambda: nothing.append(True))
    qtbot.keyClick(editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)  # ask, whatever the score
    qtbot.waitUntil(lambda: editor.visible_ghost is not None or bool(nothing), timeout=60_000)
    settle(app.service)
    ghost = editor.ghost  # nothing at all (the model's best ends with "。") is right too
    assert ghost is None or ghost.position == len(before)
    assert ghost is None or not any(c.endswith("。") for c in ghost.candidates), ghost.candidates

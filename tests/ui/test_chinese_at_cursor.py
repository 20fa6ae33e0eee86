"""Han characters typed in a mostly-English paragraph are continued by the Chinese model
(text.language.model_language): a fresh-clone tester's English model answered
"…and then we然后我们用" with "re, and " and "In short, 这个" with "tτους "."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from writer_app.engine.model_choice import ModelRouter
from writer_app.inference.types import Suggestion

from .conftest import EditorRig, FakeEngine, commit_text, editor_rig, settle, wait_ghost

EN, ZH = Path("fake-en"), Path("fake-zh")
ENGLISH = "We wrote the parser over a weekend, and then we"


@pytest.fixture
def two_models(qtbot) -> Iterator[EditorRig]:  # noqa: ANN001 (qtbot)
    """The rig of conftest with an English and a Chinese model folder."""
    engine = FakeEngine({"我们用": Suggestion("它来", [], 0.8), "then we": Suggestion(" used", [], 0.8)})
    yield from editor_rig(qtbot, engine, ModelRouter({"en": EN, "zh": ZH}))


def test_han_characters_at_the_cursor_go_to_the_chinese_model(qtbot, two_models: EditorRig) -> None:  # noqa: ANN001
    rig = two_models
    qtbot.keyClicks(rig.editor, ENGLISH)
    wait_ghost(qtbot, rig.editor, " used")
    assert rig.engine.folders[-1] == EN
    commit_text(rig.editor, "然后我们用")
    wait_ghost(qtbot, rig.editor, "它来")  # shown: not dropped as another model's answer
    assert rig.engine.folders[-1] == ZH
    assert rig.controller.language == "en"  # the paragraph is still English
    assert rig.controller.route().folder == EN
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    assert rig.editor.toPlainText() == ENGLISH + "然后我们用它来"


def test_english_after_the_han_characters_goes_back_to_the_english_model(
        qtbot, two_models: EditorRig) -> None:  # noqa: ANN001
    rig = two_models
    qtbot.keyClicks(rig.editor, "In short, ")
    commit_text(rig.editor, "这个")
    qtbot.waitUntil(lambda: rig.engine.calls[-1:] == ["In short, 这个"])
    settle(rig.service)
    assert rig.engine.folders[-1] == ZH
    qtbot.keyClicks(rig.editor, " is how then we")
    wait_ghost(qtbot, rig.editor, " used")
    assert rig.engine.folders[-1] == EN

"""The editor takes what the benchmark's simulated user takes (issue 13, point 2): Tab and
Ctrl+Right insert a word with the space after it, as bench/simulate.py counts them, and
the ask-now key shows the best suggestion whatever the threshold."""

from __future__ import annotations

from PySide6.QtCore import Qt

from bench.simulate import simulate_typing
from writer_app.inference.types import Suggestion

from .conftest import EditorRig, wait_ghost

CTRL = Qt.KeyboardModifier.ControlModifier


def _simulated(reference: str, at: int, suggestion: str) -> str:
    """What the simulated user inserts with one key at ``at`` (Tab or one Ctrl+Right)."""
    r = simulate_typing(reference, lambda pos: Suggestion(suggestion, [], 0.9) if pos == at else None, 0.5)
    q = r.queries[at]
    assert q.action in ("tab", "words") and q.saved + (q.matched if q.action == "words" else 1) > 0
    return reference[at:at + q.saved + (q.matched if q.action == "words" else 1)]


def test_tab_after_a_word_completing_suggestion_inserts_the_space(qtbot, rig: EditorRig) -> None:
    rig.engine.answers = {"Hello wo": Suggestion("rld ", [], 0.9)}
    qtbot.keyClicks(rig.editor, "Hello wo")
    wait_ghost(qtbot, rig.editor, "rld ")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Tab)
    assert rig.editor.toPlainText() == "Hello world "
    assert _simulated("Hello world again", 8, "rld ") == "rld "  # the benchmark counts the same


def test_ctrl_right_takes_a_word_with_its_space_as_the_benchmark_counts(qtbot, rig: EditorRig) -> None:
    rig.engine.answers = {"Hello": Suggestion(" world is big", [], 0.9)}
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    assert rig.editor.toPlainText() == "Hello world "
    assert rig.editor.ghost is not None and rig.editor.ghost.text == "is big"
    assert _simulated("Hello world was big", 5, " world is big") == " world "


def test_ctrl_right_takes_the_space_a_suggestion_took_after_its_last_word(qtbot, rig: EditorRig) -> None:
    rig.engine.answers = {"Hi": Suggestion(" there ", [], 0.9)}
    qtbot.keyClicks(rig.editor, "Hi")
    wait_ghost(qtbot, rig.editor, " there ")
    qtbot.keyClick(rig.editor, Qt.Key.Key_Right, CTRL)
    assert rig.editor.toPlainText() == "Hi there "
    assert _simulated("Hi there you", 2, " there ") == " there "


def test_the_ask_now_key_shows_the_best_suggestion_whatever_the_threshold(qtbot, rig: EditorRig) -> None:
    qtbot.keyClicks(rig.editor, "Hello")
    wait_ghost(qtbot, rig.editor)
    assert rig.engine.configs[-1].threshold == rig.controller._config.threshold != 0.0
    rig.controller.request_now()
    qtbot.waitUntil(lambda: rig.engine.configs[-1].threshold == 0.0, timeout=5000)

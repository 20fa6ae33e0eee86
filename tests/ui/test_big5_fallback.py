"""In a file whose encoding cannot hold the best suggestion, the next one shown must meet
the confidence threshold too (a fresh-clone tester's Big5 file: 我們 + "5", 今天 + "，")."""

from __future__ import annotations

from pathlib import Path

from writer_app.editor.suggestion_policy import candidates_for_file
from writer_app.inference.types import Suggestion

from .conftest import commit_text, focus_at_end, settle


def _big5(text: str) -> bool:
    try:
        text.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


def test_the_next_candidate_counts_only_with_the_best_ones_first_word() -> None:
    assert candidates_for_file(["们的", "5", "們的"], _big5, asked=False) == ()
    assert candidates_for_file(["这很好", "，"], _big5, asked=False) == ()
    assert candidates_for_file(["明笔记", "明書", "5"], _big5, asked=False) == ("明書", "5")
    assert candidates_for_file(["们的", "5", "們的"], _big5, asked=True) == ("5", "們的")  # Ctrl+Space
    assert candidates_for_file(["們的", "5"], _big5, asked=False) == ("們的", "5")  # the best fits


def test_a_suggestion_that_came_by_itself_falls_back_only_within_its_confidence(
        qtbot, make_app, engine, tmp_path: Path) -> None:  # noqa: ANN001
    engine.answers["我們"] = Suggestion("们的", ["5", "們的"], 0.9)  # 们: simplified
    engine.answers["的說"] = Suggestion("明笔记", ["明筆記", "书"], 0.9)
    path = tmp_path / "big5.txt"
    path.write_bytes("請參考下面的說明。\n".encode("big5"))
    w = make_app(files=[path]).windows[0]
    assert w.document.fmt.encoding == "big5"
    focus_at_end(qtbot, w)
    sent = w.suggestions.requests_sent
    commit_text(w.editor, "我們")
    qtbot.waitUntil(lambda: w.suggestions.requests_sent > sent and engine.calls[-1].endswith("我們"))
    settle(w.suggestions.service)
    assert w.editor.ghost is None  # not "5": its confidence is not the one checked
    commit_text(w.editor, "下面的說")
    qtbot.waitUntil(lambda: w.editor.ghost is not None, timeout=5000)
    assert w.editor.ghost.candidates == ("明筆記",)  # 明 is the best one's first word

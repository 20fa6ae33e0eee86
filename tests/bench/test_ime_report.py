"""bench/ime_report.py: where the engine is asked in the input-method runs (--ask-at)."""

from __future__ import annotations

import pytest

from bench.ime_report import ime_figures
from bench.texts import Segment
from writer_app.inference import Suggestion

TEXT = "我们去北京大学。"  # 我们|去|北京大学|。


def _inside_a_word(_i: int, text: str):  # type: ignore[no-untyped-def]
    """Proposes the rest of 北京大学 only after 北, inside the word (no commit point there)."""
    return lambda pos: Suggestion("京大学", [], 0.9) if text[:pos].endswith("北") else None


def test_asked_after_every_character_a_suggestion_inside_a_word_saves_keys() -> None:
    seg = [Segment("s", TEXT, 0)]
    commit = ime_figures(_inside_a_word, seg, [], ask_at="commit")["s"]
    every = ime_figures(_inside_a_word, seg, [], ask_at="every")["s"]
    # at commit points the engine never sees 北 alone: nothing shown, nothing saved
    assert commit["ksr_ime_words"] == 0.0 and commit["trigger_rate"] == 0.0
    # after every character it does: jing da xue + commit (12 keys) for one Tab
    assert every["ksr_ime_words"] > 0.2 and every["ksr_ime_whole"] == every["ksr_ime_words"]
    assert every["trigger_rate"] > 0.0 and every["right_whole"] == 1.0
    # each reports the other beside its headline
    assert commit["ksr_other_words"] == every["ksr_ime_words"]
    assert every["ksr_other_words"] == commit["ksr_ime_words"]


def test_an_unknown_place_to_ask_is_refused() -> None:
    with pytest.raises(ValueError, match="ask_at"):
        ime_figures(_inside_a_word, [Segment("s", TEXT, 0)], [], ask_at="sometimes")

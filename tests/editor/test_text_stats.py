from __future__ import annotations

from writer_app.editor.text_stats import count_chars, count_words


def test_words() -> None:
    assert count_words("Hello, world!") == 2
    assert count_words("  -- ... —  ") == 0
    assert count_words("don't stop 3.14") == 3
    assert count_words("我们去市场。") == 5
    assert count_words("mix中文words") == 4


def test_chars_exclude_line_breaks() -> None:
    assert count_chars("ab\ncd\n") == 4


def test_long_punctuation_run_is_fast_enough_to_finish() -> None:
    assert count_words("-" * 200_000 + " a") == 1

from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from writer_app.editor import text_stats
from writer_app.editor.text_stats import count_chars, count_words, line_counts


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


# line_counts: every line counted in one pass, as count_words / count_chars count each.

TRICKY = list(" \t\n\r\u3000\u00a0\u2028\u2029\u200b\x1c\x85_-.,'，。「」我們a1１Ａ𠀀ㄅ한カ—") + ["\ud800", "\udc00"]


def _per_line(text: str, sep: str = "\n") -> tuple[list[int], list[int]]:
    lines = text.split(sep)
    return [count_words(line) for line in lines], [count_chars(line) for line in lines]


@pytest.mark.parametrize("text", [
    "", "\n", "one\n", "The cat sat, didn't it? 3.14 -- yes.\nAnd then\n\n",
    "我们去市场。他说「好的」，然后\n离开了", "mix中文words 学潮〔１０〕，连 hello，world\n--- ... \n",
    "a b\r\nc d\r\n", "-" * 5000 + " a\n" + "x" * 3000, "\n\n\n",
])
def test_line_counts_are_each_lines_counts(text: str) -> None:
    assert line_counts(text) == _per_line(text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(st.sampled_from(TRICKY), st.characters()), max_size=80),
       st.sampled_from(["\n", "\u2029"]), st.integers(1, 12))
def test_line_counts_equal_the_regex_on_any_text_cut_anywhere(text: str, sep: str, chunk: int) -> None:
    with patch.object(text_stats, "CHUNK_CHARS", chunk):  # cut into pieces as a long text is
        assert line_counts(text, sep) == _per_line(text, sep)


def test_a_long_text_is_cut_into_pieces_whose_counts_add_up() -> None:
    line = "The quick brown fox -- 敏捷的狐狸，跳过了 lazy dogs. "
    text = (line * 3 + "\n") * 2000 + "x" * 300 + "-" * 3000 + "一" * 2000
    with patch.object(text_stats, "CHUNK_CHARS", 1000):
        assert len(text_stats._pieces(text)) > 100
        assert line_counts(text) == _per_line(text)

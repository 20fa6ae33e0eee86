"""Ctrl+Right words (writer_app.text.words): English words, punctuation marks, Chinese by a segmenter, mixed."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from writer_app.text import words
from writer_app.text.words import (
    is_whole_word,
    is_word_boundary,
    matched_words,
    next_word,
    segment_han,
    split_words,
    word_ends,
)


def test_chinese_is_cut_into_dictionary_words() -> None:
    assert split_words("我们今天去北京大学") == ["我们", "今天", "去", "北京大学"]
    assert split_words("中华人民共和国成立了") == ["中华人民共和国", "成立", "了"]
    assert next_word("我们今天去北京大学") == "我们"
    assert next_word("们明天早上") == "们"  # the rest of a word begun: see the next test


def test_a_word_begun_before_the_cursor_is_completed_whole() -> None:
    assert next_word("京大学很大", before="我们去北") == "京大学"
    assert next_word("天早上去", before="我们明") == "天"  # 明天 is one word
    assert split_words("们明天早上", before="我") == ["们", "明天", "早上"]
    assert next_word("京大学", before="北 ") == "京"  # not joined across a space


def test_punctuation_is_a_piece_of_its_own_in_chinese_as_in_english() -> None:
    assert split_words("北京大学，我们走吧。”然后") == ["北京大学", "，", "我们", "走", "吧", "。", "”", "然后"]
    assert split_words("他说：“我们走”") == ["他", "说", "：", "“", "我们", "走", "”"]
    assert next_word("好，世界") == "好"


def test_mixed_chinese_and_english() -> None:
    assert split_words("我用Python写了一个程序，hello world") == [
        "我", "用", "Python", "写", "了", "一个", "程序", "，", "hello ", "world"]
    assert split_words(" iPhone手机 is new") == [" iPhone", "手机 ", "is ", "new"]


def test_english_words_and_punctuation() -> None:
    assert split_words(" world is big") == [" world ", "is ", "big"]
    assert split_words("ld, and more") == ["ld", ", ", "and ", "more"]
    assert split_words(" don't stop, now ") == [" don't ", "stop", ", ", "now "]
    assert split_words(" well-known.\"") == [" well-known", ".", '"']
    # a possessive goes with its word: a tester's Ctrl+Right on 's brother took only the '
    assert split_words("'s brother") == ["'s ", "brother"] and split_words("s\u2019 bowl") == ["s\u2019 ", "bowl"]
    assert next_word(" ...") == " ."
    assert next_word("  ") == "  "
    assert next_word("") == ""


@given(st.text(alphabet=st.sampled_from(list("ab1 ,.;:!?'’\"-()[]é😀ßかな한글\t"))))
def test_first_piece_is_one_word_or_one_mark_without_han(text: str) -> None:
    first = next_word(text).strip()  # the last word also carries the space after it
    if first and text.strip():
        assert len(first) == 1 or all(words.is_word_char(ch) for ch in first)


@given(st.text(alphabet=st.one_of(st.characters(codec="utf-8"),
                                  st.sampled_from(list("我们今天去北京大学，。“”的了 ab")))),
       st.text(alphabet=st.sampled_from(list("我们北京 x")), max_size=10))
def test_split_words_is_a_partition(text: str, before: str) -> None:
    pieces = split_words(text, before)
    assert "".join(pieces) == text
    assert all(pieces)
    assert all(p.strip() for p in pieces) or pieces == [text]  # whitespace alone: all of it


def test_without_the_segmenter_each_han_character_is_a_word(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(words, "_segmenter", lambda: None)
    assert split_words("我们今天，ok") == ["我", "们", "今", "天", "，", "ok"]
    assert segment_han("北京", before="在") == [1, 2]


def test_word_ends() -> None:
    assert word_ends(" station, and") == {8, 10, 13}
    assert word_ends("北京大学很大") == {4, 6}
    assert word_ends("ok我们") == {2, 4}


def test_matched_words_needs_a_word_end_in_the_reference() -> None:
    def match(suggestion: str, reference: str, before: str = "") -> tuple[int, int]:
        text = before + reference
        return matched_words(split_words(suggestion, before), text, len(before), word_ends(text))

    assert match("ick brown fox", "ick brown fox jumps", "The qu") == (3, 13)
    assert match("ick brown fox", "ick brown foxes", "The qu") == (2, 10)
    assert match("ick brown", "ick red", "The qu") == (1, 4)
    assert match("ick", "ickle", "The qu") == (0, 0)
    assert match(" station,", " station, and") == (2, 9)  # the word, then the comma
    assert match(" station", " station.") == (1, 8)
    assert match(" station.", " station, and") == (1, 8)  # the right word without the wrong mark
    assert match("ick", "ick") == (1, 3)
    assert match(" don", " don't") == (0, 0)
    # Chinese: words of the reference's segmentation
    assert match("北京大学很大", "北京大学很大。") == (2, 6)
    assert match("北京", "北京大学") == (0, 0)  # part of the reference's word
    assert match("京大学很好", "京大学很大", before="我们去北") == (1, 3)
    assert match("们明天早上", "们明天早上去市场", before="我") == (3, 5)
    assert match("手机很好", "手机很贵", before="iPhone") == (2, 3)  # 手机|很|好


def test_the_segmenter_is_imported_only_for_han() -> None:
    code = (
        "import sys\n"
        "from writer_app.text.words import next_word, split_words\n"
        "split_words(' hello, world'); next_word('えっ 한글')\n"
        "assert 'rjieba' not in sys.modules\n"
        "assert next_word('我们今天') == '我们'\n"
        "assert 'rjieba' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_word_takes_the_space_after_it() -> None:
    """Ctrl+Right takes a word with the space after it, as Presage's accept does, and a
    suggestion that takes the space after its last word ("had ") gives that space to the
    Ctrl+Right that takes the word, as Tab takes it (issue 13, point 2)."""
    assert split_words("e had ") == ["e ", "had "]
    assert split_words(" world is big") == [" world ", "is ", "big"]
    assert next_word(" had ") == " had "
    assert next_word("had, ") == "had"  # the comma is a piece of its own
    assert split_words("  ") == ["  "]


def test_whole_words_by_letters_and_by_the_segmenter() -> None:
    assert is_whole_word("the cat sat", 4, 7) and not is_whole_word("concat", 3, 6)
    assert is_whole_word("cat.", 0, 3) and is_whole_word("2 cats", 0, 1)
    assert is_whole_word("这个算法很好", 2, 4) and not is_whole_word("这个算法很好", 2, 3)
    assert is_whole_word("用Python写", 1, 7)  # a script change is a boundary
    assert is_word_boundary("算法", 0) and is_word_boundary("算法", 2)
    # a tester's "wasn" found inside "wasn’t": an apostrophe between letters is in the word
    assert not is_whole_word("it wasn\u2019t", 3, 7) and not is_whole_word("it wasn't", 3, 7)
    assert is_whole_word("it wasn\u2019t", 3, 9) and not is_whole_word("don't", 4, 5)
    # but a possessive's 's is not in the word: "Woolf" is found in "Woolf’s" (a tester's rename)
    assert is_whole_word("Woolf\u2019s room", 0, 5) and is_whole_word("Margaret's", 0, 8)
    assert not is_whole_word("Woolf\u2019sx", 0, 5)
    assert is_whole_word("the dogs' bowls", 4, 8) and is_whole_word("'cat'", 1, 4)

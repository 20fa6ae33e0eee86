"""Units (what Ctrl+Right accepts), sentence ends and whole UTF-8 characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from writer_app.inference.text_units import (
    complete_units_prefix,
    ends_phrase,
    ends_sentence,
    split_units,
    whole_chars,
    word_match_length,
)


def test_split_units_words_punctuation_and_cjk() -> None:
    assert split_units("ick brown fox.") == ["ick", " brown", " fox", "."]
    assert split_units(" don't stop, now ") == [" don't", " stop", ",", " now", " "]
    assert split_units("我们去公园") == ["我", "们", "去", "公", "园"]
    assert split_units("ok 👍🏽!") == ["ok", " 👍", "🏽", "!"]
    assert split_units("") == []


@given(st.text())
def test_split_units_is_a_partition(text: str) -> None:
    assert "".join(split_units(text)) == text


def test_complete_units_prefix_drops_an_unconfirmed_last_word() -> None:
    assert complete_units_prefix("to the stat") == "to the"
    assert complete_units_prefix("to the,") == "to the,"
    assert complete_units_prefix("我们") == "我们"
    assert complete_units_prefix(" word") == ""


def test_sentence_and_phrase_ends() -> None:
    assert ends_sentence("the dog.")
    assert ends_sentence('he said."')
    assert ends_sentence("好。")
    assert not ends_sentence("the dog")
    assert ends_phrase("the dog,")
    assert not ends_phrase("the dog.")


def test_whole_chars_holds_back_a_split_character() -> None:
    data = "好".encode()
    assert whole_chars(data[:1]) == ("", True)
    assert whole_chars(data[:2]) == ("", True)
    assert whole_chars(b"ab" + data) == ("ab好", True)
    assert whole_chars(b"ab\xff") == ("ab", False)
    assert whole_chars(b"ab\x80cd") == ("ab", False)
    assert whole_chars("a\ufffdb".encode()) == ("a", False)


@given(st.text(), st.data())
def test_whole_chars_never_splits_or_invents_characters(text: str, data: st.DataObject) -> None:
    raw = text.encode("utf-8")
    cut = data.draw(st.integers(0, len(raw)))
    decoded, valid = whole_chars(raw[:cut])
    assert "\ufffd" not in decoded
    if "\ufffd" not in text:
        assert valid
        assert text.startswith(decoded)
        assert len(raw[:cut]) - len(decoded.encode()) < 4  # only an incomplete char held back


def test_word_match_length_needs_a_boundary_in_the_reference() -> None:
    assert word_match_length("ick brown fox", "ick brown fox jumps") == (3, 13)
    assert word_match_length("ick brown fox", "ick brown foxes") == (2, 9)
    assert word_match_length("ick brown", "ick red") == (1, 3)
    assert word_match_length("ick", "ickle") == (0, 0)
    assert word_match_length(" station,", " station, and") == (2, 9)
    assert word_match_length(" station", " station.") == (1, 8)
    assert word_match_length("ick", "ick") == (1, 3)
    assert word_match_length("我们", "我们去") == (2, 2)

"""Units (the decoder's words), sentence ends and whole UTF-8 characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from writer_app.text.units import (
    complete_units_prefix,
    ends_phrase,
    ends_sentence,
    first_unit,
    replaces_accepted_mark,
    split_units,
    stop_position,
    whole_chars,
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


@given(st.text(alphabet=st.sampled_from("ab1 '’我们，.\t👍é")))
def test_first_unit_is_the_first_of_two_or_more_units(text: str) -> None:
    units = split_units(text)
    assert first_unit(text) == (units[0] if len(units) >= 2 else None)


def test_first_unit_waits_for_the_word_to_end() -> None:
    assert first_unit(" the") is None  # "the" may go on ("there")
    assert first_unit(" the ") == " the"
    assert first_unit("我们") == "我"
    assert first_unit("   ") is None


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


def test_full_width_punctuation_ends_sentences_and_phrases_as_ascii_does() -> None:
    for mark in "。！？．…﹒﹖﹗":
        assert ends_sentence("我们走吧" + mark), mark
        assert stop_position("走吧" + mark) == 3, mark
    for mark in "，；：、﹔﹐︰":
        assert ends_phrase("我们走吧" + mark), mark
        assert stop_position("走吧" + mark, phrase=True) == 3, mark
        assert stop_position("走吧" + mark) is None, mark  # a phrase end only when asked
    for quote in "”」』）》’":
        assert ends_sentence("他说：“走吧。" + quote), quote


def test_stop_position_takes_closing_marks_and_cuts_what_follows() -> None:
    assert stop_position("the dog.") == 8
    assert stop_position('he said."') == 9
    assert stop_position("really?!") == 8
    assert stop_position("好……”") == 4  # the whole ellipsis and the closing quote
    assert stop_position("走吧。」") == 4
    # one byte-level token can hold the end of one sentence and the start of the next
    assert stop_position("走吧。“你") == 3
    assert stop_position("他说：“", phrase=True) == 3
    assert stop_position("很好，——", phrase=True) == 3
    assert stop_position("the dog") is None
    assert stop_position("Yes. And", start=5) is None  # only the new part is examined
    assert stop_position("a, b", start=0, phrase=True) == 2


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



def test_a_mark_after_an_accepted_mark_replaces_it_unless_it_continues_it() -> None:
    """The writer's own mark decides ("much," for "much. " + ","), but the same mark again
    continues the accepted one (an ellipsis: "stairs. " + "." is "stairs.."), and an
    abbreviation's full stop stays ("e.g.,")."""
    assert replaces_accepted_mark(",", "very much. ")
    assert replaces_accepted_mark("!", "Good night. ")
    assert replaces_accepted_mark("，", "我很好。")
    assert not replaces_accepted_mark(".", "on the stairs. ")
    assert not replaces_accepted_mark("!", "Good night! ")
    assert not replaces_accepted_mark("?", "Who is it? ")
    assert not replaces_accepted_mark(",", "for example e.g. ")
    assert not replaces_accepted_mark("x", "very much. ")
    assert replaces_accepted_mark(",", "very much, ")  # a comma again is the same one retyped
    assert replaces_accepted_mark("。", "我很好。")
    assert not replaces_accepted_mark("…", "我很好…")

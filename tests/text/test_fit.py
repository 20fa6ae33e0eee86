"""writer_app.text.fit: what of a suggestion can be right around the cursor."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from writer_app.text.chars import is_han
from writer_app.text.fit import fit_suggestion, script_joins, spaces_between_scripts


@pytest.mark.parametrize("before, text, fitted", [
    # no leading space after an English word in Chinese text that glues the scripts
    ("在这个函数里，func", " 的，", "的，"),
    ("我们用Python写代码，用Go", " 的", "的"),
    # ... nor between Han characters, nor before CJK punctuation, in any text
    ("他们在北京", " 生活", "生活"),
    ("I like Go", " ，", "，"),
    # a text that spaces the scripts keeps its space
    ("我们用 Python 写代码，用 Go", " 的", " 的"),
    # English keeps its spaces
    ("我们用Python", " is", " is"),
    ("The quick brown", " fox", " fox"),
])
def test_no_space_where_the_text_writes_none(before: str, text: str, fitted: str) -> None:
    assert fit_suggestion(text, before) == fitted


@pytest.mark.parametrize("before, text, fitted", [
    # a fresh-clone tester's: Ctrl+Space gave " “", and Tab then 我 saved "？” “我"
    ("她问：“你去哪里？”", " “", "“"),
    ("她问：“你去哪里？”", " “我", "“我"),
    ("他说……", " ‘好", "‘好"),
    ("他说：“好。”", " 我们", "我们"),
    # ... and " 这" after code in a text that does not space the scripts
    ("def main():", " 这", "这"),
    ('print("你好")', " 这", "这"),
    ("我们用 Python 写代码：print()", " 这", " 这"),  # a text that spaces them keeps it
    # an opening quotation mark after English text keeps its space
    ("He said, “Yes.”", " “No", " “No"),
    ("He said", " “No", " “No"),
])
def test_no_space_before_chinese_after_chinese_text(before: str, text: str, fitted: str) -> None:
    assert fit_suggestion(text, before) == fitted


@pytest.mark.parametrize("before, text, fitted", [
    # a tester's "couldn" + Tab gave "couldn't  have" and "couldn't . " (the model's lone space token)
    ("She said she couldn", "'t  have ", "'t have "),
    ("She said she couldn", "'t . ", "'t. "),
    ("She wasn't", " .", "."),  # a tester's Ctrl+Space after a contraction
    ("She wasn't ", ".", ""),  # a tester's "She didn't . ": no mark after a space
    ("I didn't", "  know what ", " know what "),  # a tester's "I didn't  know" (straight ')
    ("I didn't ", " know", "know"),
    ("It cost", " 3 .5 dollars ,  then", " 3 .5 dollars, then"),  # only before a mark that ends a word
    ("Il a dit", " oui ! ", " oui ! "),  # French spaces before ! ; : ? stay
])
def test_no_space_a_writer_does_not_type(before: str, text: str, fitted: str) -> None:
    assert fit_suggestion(text, before) == fitted


@pytest.mark.parametrize("before, text, fitted", [
    # testers' "much.,", "temporary....", "https::", "earlier. " after "earlier "
    ("He thanked them very much.", ", ", ""),
    ("Everything felt temporary...", ".", ""),
    ("The link is https:", ":", ""),
    ("我很好。", "，", ""),
    ("\n", ". ", ""),
    ("", ". ", ""),
    ("for example, e.g.", ", ", ", "),  # an abbreviation's full stop, then a comma
    ("apples, pears, etc.", ", ", ", "),
    ("It was the best of", " times. ", " times. "),
    ("It was the best of times", ". ", ". "),
])
def test_a_mark_only_after_a_word(before: str, text: str, fitted: str) -> None:
    assert fit_suggestion(text, before) == fitted


@pytest.mark.parametrize("before, text, fitted", [
    ("sixty years earlier ", "earlier. ", ""),  # a tester's, from the document cache
    ("He went to the", " the house", ""),
    ("The", " the", ""),
    ("He went to the", " house", " house"),
    ("He went to th", "e house", "e house"),  # the word being typed is finished, not doubled
    ("I said no", " no, no", ""),
    ("我们们", "们", "们"),  # Chinese doubles characters (谢谢, 看看): left alone
])
def test_a_word_just_written_is_not_suggested_again(before: str, text: str, fitted: str) -> None:
    assert fit_suggestion(text, before) == fitted


def test_a_space_the_text_after_the_cursor_holds_is_not_suggested_again() -> None:
    """A tester's Tab on " it. " before three spaces left "it.    "."""
    assert fit_suggestion(" it. ", "It was the best of", "   ") == " it."
    assert fit_suggestion("world ", "Hello", " is here") == "world"
    assert fit_suggestion(" it. ", "It was the best of", "") == " it. "


def test_the_spacing_style_is_read_from_the_text() -> None:
    assert spaces_between_scripts("我们用 Python 写代码")
    assert not spaces_between_scripts("我们用Python写代码")
    assert not spaces_between_scripts("我们写代码")  # no evidence: no space


def _joins_one_by_one(text: str) -> tuple[int, int]:
    """script_joins by its definition, pair by pair (the reference)."""
    def latin(ch: str) -> bool:
        return ch.isascii() and ch.isalnum()

    def join(a: str, b: str) -> bool:
        return (is_han(a) and latin(b)) or (latin(a) and is_han(b))

    glued = sum(join(a, b) for a, b in zip(text, text[1:], strict=False))
    spaced = sum(b == " " and join(a, c) for a, b, c in zip(text, text[1:], text[2:], strict=False))
    return glued, spaced


@given(st.text(alphabet=st.sampled_from("的用𠀀aZ9 ，é١\n")))
def test_script_joins_counts_every_join_pair_by_pair(text: str) -> None:
    assert script_joins(text) == _joins_one_by_one(text)


def test_script_joins_counts_overlapping_joins() -> None:
    assert script_joins("a的b") == (2, 0)
    assert script_joins("a 的 b") == (0, 2)
    assert script_joins("第3章") == (2, 0)


@pytest.mark.parametrize("before, text, fitted", [
    ("这是一个关于匚", "X", ""),  # a Latin letter glued to Han in a text without Latin
    ("这是一个关于", "匚X的", "匚"),
    ("向量", "的x", "的"),
    ("我们用 Python 写", "代码Go", "代码"),  # the text spaces the scripts
    # joins the text itself makes are kept
    ("我们用Python", "写代码", "写代码"),
    ("向量x的长度和y", "的长度", "的长度"),
    ("他在", "3年", "3年"),  # digits glue to Han: 3年, 第3章
])
def test_no_made_up_join_of_han_and_latin(before: str, text: str, fitted: str) -> None:
    assert fit_suggestion(text, before) == fitted


@pytest.mark.parametrize("before, text, fitted", [
    ("他们在北京", "呢？”", "呢？"),  # no “ open
    ("他说：“今天天气很好", "。”", "。”"),
    ("他说：“今天天气很好”。我们", "走吧。”", "走吧。"),  # closed already
    ("见《论语", "》。", "》。"),
    ("深度学习的算法", "》的", ""),
    ("f(x", ") = 1", ") = 1"),
    ("It was", " over)", " over"),
    ("“你好”\n他说", "。”", "。"),  # the paragraph counts, not the text before it
])
def test_no_closing_mark_that_closes_nothing(before: str, text: str, fitted: str) -> None:
    assert fit_suggestion(text, before) == fitted


@pytest.mark.parametrize("text, after, fitted", [
    ("很好。", "。", "很好"),
    ("。", "。", ""),
    ("很好！", "。", "很好"),  # sentence punctuation before sentence punctuation
    ("走吧。”", "”", "走吧。"),
    ("很好。", "", "很好。"),
    ("很好。", "  ", "很好。"),
    (" the end.", ".", " the end"),
    ("很好，", "”", "很好，"),
])
def test_nothing_the_text_after_the_cursor_already_holds(text: str, after: str, fitted: str) -> None:
    assert fit_suggestion(text, "他说：“今天天气", after) == fitted


@pytest.mark.parametrize(("before", "text", "fitted"), [
    ("我们的实验结果表明，这个方法", "τους", ""),  # a tester's: English model, Chinese text
    ("I went to", " Москва.", ""),
    ("韩语的你好是", "안녕", ""),
    ("He said", " Привет.", ""),
    ("where α is", " the angle α.", " the angle α."),  # Greek the text uses
    ("Он сказал", " Привет мир", " Привет мир"),
    ("un caf", "é crème", "é crème"),  # Latin letters are never foreign
    ("the ", "ﬁrst ﬂoor", "ﬁrst ﬂoor"),  # ligatures, as old scans have them
    ("Chào", " buổi sáng", " buổi sáng"),
    ("我们用", " Python 写", " Python 写"),
])
def test_no_letters_of_an_alphabet_the_text_does_not_use(before: str, text: str, fitted: str) -> None:
    assert fit_suggestion(text, before) == fitted

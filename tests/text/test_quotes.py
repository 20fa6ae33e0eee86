"""text/quotes.py: a suggestion's quotation marks in the writer's style."""

from __future__ import annotations

import pytest

from writer_app.text.fit import fit_suggestion
from writer_app.text.quotes import in_quote_style, matching_quotes, open_quotations, quote_style


def test_the_style_is_the_last_mark_before_the_cursor() -> None:
    assert quote_style("no quotes here") is None
    assert quote_style("“Yes,” she said. It's") == "straight"
    assert quote_style('"Yes," she said. It’s') == "curly"


def test_a_suggestion_takes_the_style_of_the_text_before_it() -> None:
    """A tester's “I can’t believe it," he: a curly quotation closed with a straight mark."""
    before = "“I can’t believe"
    assert in_quote_style(' it," he', before) == " it,” he"
    assert in_quote_style(" he said, \"it's", "“Well,” ") == " he said, “it’s"
    assert in_quote_style("'s brother", "Holmes’s friend and Holmes") == "’s brother"
    assert in_quote_style(" “it’s”", 'He said "no" and') == ' "it\'s"'
    assert in_quote_style(' it," he', "no quotation yet") == ' it," he'  # no style: as it is
    assert in_quote_style('("a', "’") == "(“a"  # after an opening bracket: opens


def test_open_quotations_and_their_kind() -> None:
    """The quotations open at the end of the last paragraph, innermost last; ’ inside a word
    (don’t) closes nothing, one after it does; the kind of those opened with none open."""
    assert open_quotations("“I am not a girl,") == (("“",), "“")
    assert open_quotations("“Yes,” he said. “I don’t know ‘why,’ but") == (("“",), "“")
    assert open_quotations("‘Go ‘home’") == (("‘",), "‘")
    assert open_quotations('"Yes," he said. "Well') == (('"',), "“")
    assert open_quotations("“Yes,” he said.\n‘No,’ she said.") == ((), None)  # both kinds
    assert open_quotations("“Hello\nThe end") == ((), "“")  # the paragraph closes it
    assert open_quotations("No quotation") == ((), None)


@pytest.mark.parametrize("before, text, fitted", [
    # a novelist's: a “double” quotation closed with a single ’
    ("“I am not a girl,", "’ she said.", "” she said."),
    ("“Who is that?", "’ ", "” "),
    ("“Who is that?", "’ she asked.", "” she asked."),
    ("‘Who is that?", "” she asked.", "’ she asked."),  # and the other way round
    ('"I am not a girl,', "' she said.", '" she said.'),  # straight
    ("“He called it ‘modern,", "” she said.", "’ she said."),  # the innermost first
    ("“He called it ‘modern,’ and", " left.” She", " left.” She"),
    # ’ closing nothing ends the suggestion; the apostrophe is left alone
    ("She walked home.", "’ she said", ""),
    ("She walked home.", " It was ’", " It was ’"),
    ("I don", "’t know.", "’t know."),
    ("“The dogs", "’ bowls,” he said", "’ bowls,” he said"),
    ("“Yes,” he said. I don", "’t care.", "’t care."),
    # a quotation opened with none open takes the text's kind
    ("“Come in,” he said from the doorway. ", "‘I am here.’", "“I am here.”"),
    ("‘Come in,’ he said from the doorway. ", "“I am here.”", "‘I am here.’"),
    ("“Come in,” he said. ‘Yes,’ she said. ", "‘I ", "‘I "),  # both kinds: as it is
    ("“Come in,” he said, ", "‘dear.’", "“dear.”"),
    ("“Come in,” he said. “Do you know ", "‘Jabberwocky’?", "‘Jabberwocky’?"),  # nested
    ("No quotation yet. ", "‘I am here.’", "‘I am here.’"),
])
def test_a_suggestion_closes_the_quotation_that_is_open(before: str, text: str, fitted: str) -> None:
    """A novelist's “I am not a girl, + ’ she said. and ‘I after a text of “” only."""
    assert matching_quotes(text, before) == fitted
    assert fit_suggestion(text, before) == fitted


@pytest.mark.parametrize("before, text, fitted", [
    # a fresh-clone tester's: a text of “” throughout, and after 中写道： the suggestion 「
    ("他在信中写道：“我很好。”她在日记中写道：", "「", "“"),
    ("他在信中写道：“我很好。”她在日记中写道：", "『我很好。』", "“我很好。”"),
    # and the other way round: a text of 「」 only gets no “
    ("他在信中写道：「我很好。」她在日记中写道：", "“我很好。”", "「我很好。」"),
    ("他在信中写道：「我很好。」她在日记中写道：", "‘我", "「我"),
    # a closing mark is the open quotation's own
    ("他说：「我很好", "。”", "。」"),
    ("他说：“我很好", "。」他", "。”他"),
    ("他说：「我说『好", "』。”", "』。」"),
    # 」 closing nothing ends the suggestion; both kinds in the text: as it is
    ("他们在北京", "呢？」", "呢？"),
    ("他写道：「好。」她说：“好。”他说：", "「对", "「对"),
])
def test_corner_brackets_follow_the_text(before: str, text: str, fitted: str) -> None:
    assert matching_quotes(text, before) == fitted
    assert fit_suggestion(text, before) == fitted


def test_open_corner_brackets_and_their_kind() -> None:
    assert open_quotations("他说：「我说『好") == (("「", "『"), "「")
    assert open_quotations("他说：「好。」她说：「对") == (("「",), "「")
    assert open_quotations("他说：「好。」\n她说：“对”") == ((), None)


def test_the_quotation_open_far_back_in_the_paragraph_still_counts() -> None:
    """A long speech: its “ more than fit's WINDOW_CHARS (200) before the cursor."""
    before = "“" + "and then we walked on, " * 30 + "and then"
    assert fit_suggestion(" home.” She", before) == " home.” She"
    assert fit_suggestion(" home.’ She", before) == " home.” She"

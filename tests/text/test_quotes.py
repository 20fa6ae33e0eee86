"""text/quotes.py: a suggestion's quotation marks in the writer's style."""

from __future__ import annotations

from writer_app.text.quotes import in_quote_style, quote_style


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

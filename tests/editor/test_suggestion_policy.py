"""Where suggestions may appear."""

from __future__ import annotations

import pytest

from writer_app.editor.suggestion_policy import (
    at_suggestion_spot,
    paragraph_started,
    should_suggest,
)


@pytest.mark.parametrize("after", ["", "  ", ".", '")', "。", " ) ."])
def test_end_of_line_or_trailing_punctuation(after: str) -> None:
    assert at_suggestion_spot(after)


@pytest.mark.parametrize("after", ["word", " and more", "x."])
def test_not_before_text(after: str) -> None:
    assert not at_suggestion_spot(after)


def test_all_rules() -> None:
    kw = {"has_selection": False, "composing": False, "enabled": True}
    assert should_suggest("Hello", "", **kw)
    assert not should_suggest("   \n ", "", **kw)  # nothing to continue
    assert not should_suggest("Hello", "", **{**kw, "has_selection": True})
    assert not should_suggest("Hello", "", **{**kw, "composing": True})
    assert not should_suggest("Hello", "", **{**kw, "enabled": False})


def test_the_empty_paragraph_rule() -> None:
    """Nothing by itself until the cursor's paragraph has a character; asking works."""
    kw = {"has_selection": False, "composing": False, "enabled": True}
    for before in ("Hello\n", "Hello\n\n", "Hello\n\t ", "\u201cHi.\u201d\n  "):
        assert not paragraph_started(before)
        assert not should_suggest(before, "", **kw)
        assert should_suggest(before, "", **kw, asked=True)
    assert paragraph_started("Hello\n\u201c") and should_suggest("Hello\n\u201c", "", **kw)
    assert not should_suggest("\n ", "", **kw, asked=True)  # still nothing to continue

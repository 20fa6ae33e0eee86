"""Ghost text as data: type-through, next word, cycling (the engine's output comes cleaned:
tests/inference/test_showable.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from writer_app.editor.ghost_text import GhostText


def ghost(*candidates: str, index: int = 0) -> GhostText:
    return GhostText(revision=1, position=10, candidates=candidates, index=index)


def test_type_through_keeps_the_rest_and_moves_the_anchor() -> None:
    g = ghost(" world is big").after_typed(" wo", revision=4, position=13)
    assert g == GhostText(4, 13, ("rld is big",))


def test_type_through_drops_alternatives_that_no_longer_fit() -> None:
    g = ghost(" world", " word", " there", index=1).after_typed(" wor", 2, 14)
    assert g is not None and g.candidates == ("ld", "d") and g.text == "d"


def test_typing_all_of_it_or_something_else_ends_it() -> None:
    assert ghost(" hi").after_typed(" hi", 2, 13) is None
    assert ghost(" hi").after_typed("x", 2, 11) is None


def test_nothing_to_see_is_not_left_to_accept() -> None:
    """A tester typed "much." through "much. " and pressed Tab to indent: the space left
    was invisible and Tab put it in."""
    assert ghost(" much. ").after_typed(" much.", 2, 16) is None
    g = ghost(" much. ", " much. And").after_typed(" much.", 2, 16)
    assert g is not None and g.candidates == (" And",)


def test_cycling_wraps_both_ways() -> None:
    g = ghost("a", "b", "c")
    assert g.cycled(1).text == "b"
    assert g.cycled(-1).text == "c"
    assert g.cycled(3).text == "a"


def test_next_word() -> None:
    assert ghost(" world is big").next_word() == " world "  # with the space after it
    assert ghost("ld, and more").next_word() == "ld"
    assert ghost(" don't stop").next_word() == " don't "
    assert ghost("们明天早上").next_word() == "们"
    assert ghost(" ...").next_word() == " ."
    # Chinese: one segmented word, completed across the cursor
    assert ghost("北京大学很大").next_word() == "北京大学"
    assert ghost("京大学很大").next_word(before="我们去北") == "京大学"
    assert ghost("天早上").next_word(before="我们明") == "天"


@given(st.lists(st.text(min_size=1), min_size=1, max_size=4), st.integers(0, 6))
def test_after_typed_only_keeps_consistent_candidates(cands: list[str], cut: int) -> None:
    g = GhostText(0, 0, tuple(dict.fromkeys(cands)))
    typed = g.text[:cut]
    rest = g.after_typed(typed, 1, len(typed))
    if rest is not None:
        assert all(typed + c in g.candidates and c.strip() for c in rest.candidates)
        if g.text[len(typed):].strip():
            assert rest.text == g.text[len(typed):]


def test_without_drops_the_rejected_suggestion_in_every_length() -> None:
    g = ghost(" world is big", " world", " there", " worldly", index=2)
    kept = g.without(" world")
    assert kept is not None and kept.candidates == (" there",) and kept.text == " there"
    assert ghost(" world is big", " there").without(" world is big is it") == ghost(" there")
    assert ghost(" world").without(" world") is None
    assert ghost("abc", "xyz", index=1).without("a") == ghost("xyz")

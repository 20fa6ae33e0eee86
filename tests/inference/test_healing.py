"""Token healing: the back-off point, the constraint, and mid-word suggestions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from writer_app.inference import DecodingConfig, Suggester
from writer_app.inference.healing import MAX_HEAL_CHARS, MAX_HEAL_TOKENS, consume, heal_start


@pytest.fixture(scope="module")
def suggester(tiny_model_dir: Path) -> Suggester:
    # beam 4 pinned: the expected words below are the tiny model's best with 4 beams
    return Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0, beam_width=4))


@pytest.mark.parametrize(
    ("text", "healed"),
    [
        ("The qu", " qu"),
        ("The quick", " quick"),
        ("She walked to the ", " "),
        ("She walked  to", "  to"),
        ("The end.\n", "\n"),
        ("Hello,wor", "wor"),
        ("我们明天", "我们明天"),
        ("", ""),
    ],
)
def test_heal_start_backs_off_the_word_being_typed(
    suggester: Suggester, text: str, healed: str
) -> None:
    cut = heal_start(text, suggester._model.tokenizer)
    assert text[cut:] == healed


def test_heal_start_is_capped(suggester: Suggester) -> None:
    tok = suggester._model.tokenizer
    text = "x" * 200
    assert len(text) - heal_start(text, tok) <= MAX_HEAL_CHARS
    for text in ["a " + "zqxj" * 10, "我们明天早上去市场今天天气很好"]:
        healed = text[heal_start(text, tok):]
        assert 0 < len(tok.encode(healed, add_special_tokens=False).ids) <= MAX_HEAL_TOKENS


def test_consume() -> None:
    assert consume(b" qu", b" quick") == (b"", b"ick")
    assert consume(b" qu", b" q") == (b"u", b"")
    assert consume(b" qu", b" qu") == (b"", b"")
    with pytest.raises(ValueError):
        consume(b" qu", b" a")


def test_tokens_consistent_with_matches_brute_force(suggester: Suggester) -> None:
    table = suggester._table
    for typed in [b" qu", b" ", b"ick", "我".encode(), "我".encode()[:2], b"zzzq", b"\n"]:
        got = set(table.tokens_consistent_with(typed).tolist())
        want = {
            i for i, b in enumerate(table.token_bytes)
            if b and not table.special[i] and (b.startswith(typed) or typed.startswith(b))
        }
        assert got == want
        assert got, typed  # single bytes are always there


@pytest.mark.parametrize(
    ("text", "expected_start"),
    [
        ("The qu", "ick"),
        ("The quick brown fox jumps over the l", "azy dog"),
        ("We are going to the mar", "ket"),
        ("He opened the do", "or"),
        ("Thank you for your let", "ter"),
    ],
)
def test_mid_word_prefix_is_completed(suggester: Suggester, text: str, expected_start: str) -> None:
    sug = suggester.propose(text)
    assert sug is not None
    assert sug.text.startswith(expected_start), sug


def test_suggestion_after_a_space_starts_a_new_word(suggester: Suggester) -> None:
    sug = suggester.propose("She walked to the ")
    assert sug is not None
    assert sug.text.startswith("station"), sug


def test_without_healing_the_fragment_would_be_a_bad_prompt(suggester: Suggester) -> None:
    """The raw tokenization of "The qu" ends in a rare token; healing avoids it."""
    tok = suggester._model.tokenizer
    raw = tok.encode("The qu", add_special_tokens=False).ids
    full = tok.encode("The quick", add_special_tokens=False).ids
    assert raw[:-1] == full[:-1] and raw[-1] != full[-1]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([
    "The quick brown fox jumps over the lazy dog.",
    "She walked to the station and waited for the train.",
    "Thank you for your letter, I will write again soon.",
]), st.data())
def test_suggestion_never_repeats_the_typed_characters(
    suggester: Suggester, sentence: str, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(1, len(sentence) - 1))
    typed = sentence[:cut]
    sug = suggester.propose(typed)
    if sug is None:
        return
    # What the model regenerated for the healed part is not shown again: the text is
    # what follows the cursor, so typed + text reads as one continuous string.
    fragment = typed[heal_start(typed, suggester._model.tokenizer):]
    assert not (fragment.strip() and len(fragment) > 1 and sug.text.startswith(fragment)), sug
    assert np.isfinite(sug.score)

"""Whole characters only: no partial UTF-8, no U+FFFD, Chinese and emoji whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from writer_app.inference import DecodingConfig, Suggester, Suggestion

# Text weighted towards what breaks byte-level BPE: CJK, emoji, combining marks.
_alphabet = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(list("我们明天早上去市场今天天气很好公园散步。，")),
    st.sampled_from(["👍", "🏽", "😀", "\u200d", "é", "\u0301", "ß", " ", "\n"]),
    st.sampled_from(list("The quick brown fox ")),
)


@pytest.fixture(scope="module")
def suggester(tiny_model_dir: Path) -> Suggester:
    return Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0, max_tokens=8))


def _check(sug: Suggestion | None) -> None:
    if sug is None:
        return
    for text in [sug.text, *sug.alternatives]:
        assert "\ufffd" not in text
        text.encode("utf-8")  # raises on a lone surrogate


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_alphabet, max_size=40))
def test_random_unicode_gives_whole_characters(suggester: Suggester, text: str) -> None:
    _check(suggester.propose(text))


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=_alphabet, max_size=20))
def test_sampling_gives_whole_characters(tiny_model_dir: Path, text: str) -> None:
    s = Suggester.load(
        tiny_model_dir,
        config=DecodingConfig(threshold=0.0, sample=True, temperature=2.0, top_k=0, top_p=1.0),
    )
    _check(s.propose(text))


def test_chinese_comes_out_whole(suggester: Suggester) -> None:
    """"早" and "市" are several byte-level tokens each in this vocabulary."""
    tok = suggester._model.tokenizer
    assert len(tok.encode("早", add_special_tokens=False).ids) > 1
    sug = suggester.propose("我们明天")
    assert sug is not None and sug.text.startswith("早上去市场")


def test_emoji_prompts_give_whole_characters(
    suggester: Suggester,
) -> None:
    for prompt in ["👍", "I like it 👍", "今天天气很好，我们去公园散步。😀"]:
        _check(suggester.propose(prompt))


@pytest.mark.parametrize("text", ["\ud800", "The qu\udc00", "我们\udfff明天"])
def test_a_lone_surrogate_is_replaced_not_raised(suggester: Suggester, text: str) -> None:
    """A broken paste can leave a lone surrogate in the text; the model reads it as '?' (the
    rules on what can follow the cursor read the text as written: after a real "?" no mark
    is suggested)."""
    sug = suggester.propose(text)
    _check(sug)
    as_read = suggester.propose(text.encode("utf-8", "replace").decode("utf-8"))
    assert sug is not None and as_read is not None and sug.score == as_read.score

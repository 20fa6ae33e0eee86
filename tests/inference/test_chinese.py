"""Chinese with the tiny model: token healing mid-word and whole characters only.

In the tiny model's 400-token vocabulary most Chinese characters are two or three
byte-level tokens, so a prompt ending in one ends in the middle of a multi-token
character: the healing constraint then holds partial UTF-8 that the first generated
tokens must complete.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_model import SENTENCES

from writer_app.inference import DecodingConfig, Suggester, Suggestion
from writer_app.inference.healing import heal_start

CHINESE = [s for s in SENTENCES if not s.isascii()]


@pytest.fixture(scope="module")
def suggester(tiny_model_dir: Path) -> Suggester:
    return Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0))


def _whole(sug: Suggestion | None) -> list[str]:
    texts = [] if sug is None else [sug.text, *sug.alternatives]
    for text in texts:
        assert "\ufffd" not in text, text
        text.encode("utf-8")  # no lone surrogate
    return texts


@pytest.mark.parametrize(
    ("prompt", "rest"),
    [
        ("我们明天早", "上"),  # 早上: the prompt ends inside a word
        ("我们明", "天"),
        ("今天天气很好，我们去公", "园"),
        ("今天天气很好，我们去公园散", "步"),
        ("The weather was cold. 我们明天早", "上"),  # mixed text
    ],
)
def test_a_prompt_ending_mid_word_is_completed_in_whole_characters(
    suggester: Suggester, prompt: str, rest: str
) -> None:
    tok = suggester._model.tokenizer
    ids = tok.encode(prompt, add_special_tokens=False).ids
    assert "\ufffd" in tok.decode([ids[-1]])  # the last token is part of a character
    healed = prompt[heal_start(prompt, tok):]
    assert len(healed) >= 2 and prompt.endswith(healed)  # the whole Han run is backed off
    sug = suggester.propose(prompt)
    assert sug is not None and sug.text.startswith(rest), sug
    _whole(sug)


@pytest.mark.parametrize("sentence", CHINESE)
def test_every_prefix_of_a_chinese_sentence_gives_whole_characters(
    suggester: Suggester, sentence: str
) -> None:
    """At every cursor position, and via suggest() (threshold 0) as the editor asks."""
    for cut in range(len(sentence) + 1):
        prompt = sentence[:cut]
        texts = _whole(suggester.propose(prompt))
        # (each may end with the one space the model predicts after an English word)
        assert all((t == t.rstrip() or t[:-1] == t.rstrip()) and "\n" not in t for t in texts)
        assert _whole(suggester.suggest(prompt)) == texts

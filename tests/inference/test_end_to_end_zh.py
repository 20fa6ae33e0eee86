"""End to end with the shipped Chinese model (slow: loads assets/zh-default).

The prompts are held-out text (Lu Xun's 彷徨, the zh-default recipe's test file): the
model never saw them. Its vocabulary has one token per common Han character, splits
characters it never saw across byte-level tokens (她, 础) and merges runs of punctuation
(。“ ：“ are single tokens), the cases where whole-character output, token healing and
the stop rules can go wrong.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.texts import load_segment
from writer_app.inference import DecodingConfig, Suggester, Suggestion
from writer_app.text.chars import is_han
from writer_app.text.units import stop_position
from writer_app.text.words import split_words

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent.parent
# Lines 1378-1640 of 彷徨 (zh-gutenberg-classics/simplified); its second paragraph on is the
# 1,500-character segment from the middle of the book that these tests type.
HELD_OUT = REPO / "tests" / "data" / "texts" / "simplified" / "panghuang_lu-xun_1926.txt"


@pytest.fixture(scope="module")
def model_dir() -> Path:
    """assets/zh-default, or the folder named by INKLING_TEST_ZH_MODEL (a model to try)."""
    folder = Path(os.environ.get("INKLING_TEST_ZH_MODEL") or REPO / "assets" / "zh-default")
    if not (folder / "model.json").is_file():
        pytest.fail(f"the shipped Chinese model is missing: {folder}")
    return folder


@pytest.fixture(scope="module")
def held_out() -> str:
    return load_segment(str(HELD_OUT), 1500, offset=0.0).text


def _texts(sug: Suggestion | None) -> list[str]:
    texts = [] if sug is None else [sug.text, *sug.alternatives]
    for text in texts:
        assert "\ufffd" not in text and text.strip(), text
        text.encode("utf-8")
    return texts


def test_every_cursor_position_gives_whole_characters_and_clean_stops(
    model_dir: Path, held_out: str
) -> None:
    """Typing 400 characters of held-out text: at every position each candidate is whole
    characters, and nothing follows a sentence end (or, with stop_at_phrase, a phrase end)."""
    plain = Suggester.load(model_dir, config=DecodingConfig(threshold=0.0))
    phrase = Suggester.load(model_dir, config=DecodingConfig(threshold=0.0, stop_at_phrase=True))
    text = held_out[:400]
    for cut in range(len(text) + 1):
        for t in _texts(plain.suggest(text[:cut])):
            assert stop_position(t) in (None, len(t)), (text[:cut], t)
        for t in _texts(phrase.suggest(text[:cut])):
            assert stop_position(t, phrase=True) in (None, len(t)), (text[:cut], t)


def test_a_character_split_across_tokens_is_healed(model_dir: Path) -> None:
    s = Suggester.load(model_dir, config=DecodingConfig(threshold=0.0))
    tok = s._model.tokenizer
    # 爸 and 鳄 occur fewer than 3 times in the training text (Ming/Qing novels, Lu Xun,
    # technical documentation), so they are byte tokens even after --han-tokens 3
    assert all(len(tok.encode(ch, add_special_tokens=False).ids) > 1 for ch in "爸鳄")
    for prompt in ["爸", "我看爸", "子君和爸", "他说：“爸", "小鳄"]:
        texts = _texts(s.propose(prompt))
        assert texts, prompt


def test_words_begun_in_held_out_text_are_completed(model_dir: Path, held_out: str) -> None:
    """Cursor after the first character of multi-character words (jieba's segmentation):
    the model should often finish the word (20 of these 60 for the shipped model, top 4)."""
    s = Suggester.load(model_dir, config=DecodingConfig(threshold=0.0))
    cases, pos = [], 0
    for piece in split_words(held_out):
        word = "".join(ch for ch in piece if is_han(ch))
        if len(word) >= 2 and piece.lstrip().startswith(word):
            start = pos + len(piece) - len(piece.lstrip())
            cases.append((held_out[: start + 1], word[1:]))
        pos += len(piece)
    cases = cases[:: max(1, len(cases) // 60)][:60]
    assert len(cases) >= 40
    right = 0
    for prompt, rest in cases:
        texts = _texts(s.propose(prompt))
        right += any(t.startswith(rest) for t in texts)
    assert right >= len(cases) // 4, (right, len(cases))

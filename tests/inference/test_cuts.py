"""Cut points of a tokenization (inference/cuts.py): TailEncoder and heal_start must give
exactly what encoding the whole text gives, with the shipped tokenizers."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from tokenizers import Tokenizer

from writer_app.inference.cuts import Cuts, TailEncoder, shared_prefix
from writer_app.inference.healing import MAX_HEAL_CHARS, MAX_HEAL_TOKENS, heal_start

ASSETS = Path(__file__).resolve().parents[2] / "assets"
PIECES = ["算法", "的", "，", "。", "“", "”", "我们", "模型", " ", "  ", "\n", "func", " Python",
          "3.14", "10", "ｘ", "𠀀", "😀", "着", "、", "(", ")", "hello", "'s", "—", "a", "々"]


@pytest.fixture(scope="module", params=["zh-default", "en-default"])
def tok(request: pytest.FixtureRequest) -> Tokenizer:
    return Tokenizer.from_file(str(ASSETS / request.param / "tokenizer.json"))


def _encode(tok: Tokenizer, text: str) -> tuple[int, ...]:
    return tuple(tok.encode(text, add_special_tokens=False).ids)


def _edits(seed: int, steps: int = 300) -> list[str]:
    """Texts as a writer makes them: mostly typed on, sometimes erased back or edited
    inside, sometimes the start cut off (a moving window)."""
    rng = random.Random(seed)
    text, out = "", []
    for _ in range(steps):
        r = rng.random()
        if r < 0.7:
            text += rng.choice(PIECES)
        elif r < 0.8:
            text = text[: max(0, len(text) - rng.randint(1, 4))]
        elif r < 0.9 and text:
            i = rng.randrange(len(text))
            text = text[:i] + rng.choice(PIECES) + text[i + 1:]
        else:
            text = text[rng.randint(0, 8):]
        out.append(text)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_the_tail_encoder_gives_exactly_the_whole_encoding(tok: Tokenizer, seed: int) -> None:
    enc = TailEncoder(tok, kept=4)
    for text in _edits(seed):
        assert enc(text) == _encode(tok, text), repr(text)
        assert enc(text[-3:]) == _encode(tok, text[-3:])  # a short text between (a healed word)


class _Counting:
    """A tokenizer that records the length of every text it encodes."""

    def __init__(self, tok: Tokenizer) -> None:
        self.tok, self.pre_tokenizer, self.lengths = tok, tok.pre_tokenizer, []

    def encode(self, text: str, add_special_tokens: bool = True):
        self.lengths.append(len(text))
        return self.tok.encode(text, add_special_tokens=add_special_tokens)


def test_typing_chinese_on_encodes_only_the_new_tail() -> None:
    tok = Tokenizer.from_file(str(ASSETS / "zh-default" / "tokenizer.json"))
    counting = _Counting(tok)
    enc = TailEncoder(counting)  # type: ignore[arg-type]
    text = "我们用一个简单的例子来说明这个算法的思路，" * 10
    enc(text)
    for ch in "然后看它在更大的数据集上怎样工作。":
        text += ch
        assert enc(text) == _encode(tok, text)
    assert counting.lengths[0] == len(text) - 17 and max(counting.lengths[1:]) <= 2


def test_english_text_has_no_cuts_and_is_encoded_whole() -> None:
    tok = Tokenizer.from_file(str(ASSETS / "en-default" / "tokenizer.json"))
    cuts = Cuts(tok)
    assert not any(cuts.isolates(ch) for ch in "算a1，. 😀")
    counting = _Counting(tok)
    enc = TailEncoder(counting)  # type: ignore[arg-type]
    enc("The keeper counted the gulls")
    enc("The keeper counted the gulls on")
    assert counting.lengths == [28, 31]


def test_only_what_the_chinese_tokenizer_isolates_is_a_cut() -> None:
    cuts = Cuts(Tokenizer.from_file(str(ASSETS / "zh-default" / "tokenizer.json")))
    assert all(cuts.isolates(ch) for ch in "算法的着〇𠀀")
    assert not any(cuts.isolates(ch) for ch in "，。“a1 \n😀ｘ")


def _old_heal_start(text: str, tokenizer: Tokenizer) -> int:
    """heal_start as it was before cuts (pre-tokenizing the last 64 characters)."""
    n = len(text)
    if n == 0:
        return 0
    base = max(0, n - 2 * MAX_HEAL_CHARS)
    pieces = tokenizer.pre_tokenizer.pre_tokenize_str(text[base:])
    start = base + (pieces[-1][1][0] if pieces else 0)
    while start > base and text[start - 1].isspace():
        start -= 1
    start = max(start, n - MAX_HEAL_CHARS)
    offsets = tokenizer.encode(text[start:], add_special_tokens=False).offsets
    if len(offsets) > MAX_HEAL_TOKENS:
        start += offsets[-MAX_HEAL_TOKENS][0]
    return start


@pytest.mark.parametrize("seed", range(4))
def test_heal_start_from_the_last_cut_is_what_the_whole_tail_gave(tok: Tokenizer, seed: int) -> None:
    for text in _edits(100 + seed):
        assert heal_start(text, tok) == _old_heal_start(text, tok), repr(text)


def test_shared_prefix() -> None:
    assert shared_prefix("", "abc") == 0
    assert shared_prefix("abc", "abd") == 2
    assert shared_prefix("abc", "abc") == 3
    assert shared_prefix("算法的", "算法") == 2

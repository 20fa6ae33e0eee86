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
          "3.14", "10", "ｘ", "𠀀", "😀", "着", "、", "(", ")", "hello", "'s", "—", "a", "々",
          " the", " Xq", "\u00a0", "\t", " 2024", "é", "'ll", " \u3000", "\u1680", "٣", "ǅ"]


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


def _encoded_lengths(recording: type, model: str, text: str, typed: str) -> list[int]:
    """Type ``typed`` after ``text`` one character at a time through a TailEncoder (each
    result checked against the whole encoding); the lengths of the texts it encoded."""
    tok = Tokenizer.from_file(str(ASSETS / model / "tokenizer.json"))
    counting = recording(tok)
    enc = TailEncoder(counting)
    enc(text)
    for ch in typed:
        text += ch
        assert enc(text) == _encode(tok, text)
    return counting.lengths


def test_typing_chinese_on_encodes_only_the_new_tail(recording: type) -> None:
    text = "我们用一个简单的例子来说明这个算法的思路，" * 10
    lengths = _encoded_lengths(recording, "zh-default", text, "然后看它在更大的数据集上怎样工作。")
    assert lengths[0] == len(text) and max(lengths[1:]) <= 2


def test_typing_english_on_encodes_from_the_last_word(recording: type) -> None:
    cuts = Cuts(Tokenizer.from_file(str(ASSETS / "en-default" / "tokenizer.json")))
    assert cuts.between_words and not any(cuts.isolates(ch) for ch in "算a1，. 😀")
    text = "The keeper counted the gulls on the rocks below the light. " * 10
    lengths = _encoded_lengths(recording, "en-default", text, "Then he went in")
    # from the last space between two words: at most " light. Then h" (no cut after "."),
    # never the ~600-character window
    assert lengths[0] == len(text) and max(lengths[1:]) <= len(" light. Then h")


def test_a_space_is_a_cut_only_between_letters_or_digits() -> None:
    cuts = Cuts(Tokenizer.from_file(str(ASSETS / "en-default" / "tokenizer.json")))
    assert cuts.last_cut("the gulls", 0, 9) == 3  # before " gulls"
    assert cuts.last_cut("the gulls", 0, 4) == -1  # " g" not yet decided by "the "
    assert cuts.last_cut("end. Then", 0, 9) == -1  # after punctuation: not a cut
    assert cuts.last_cut("a  b", 0, 4) == -1  # two spaces: the regex's lookahead decides
    assert cuts.last_cut("1 2", 0, 3) == 1


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

"""The bounded, stable context window."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_model import SENTENCES
from tokenizers import Tokenizer

from writer_app.inference.context import (
    CHARS_PER_TOKEN,
    CJK_SAMPLE,
    WIDTH_GRID,
    build_model_input,
    mostly_cjk,
    window_start,
)


@pytest.fixture(scope="module")
def tok(tiny_model_dir: Path) -> Tokenizer:
    return Tokenizer.from_file(str(tiny_model_dir / "tokenizer.json"))


def _document(chars: int) -> str:
    paras, i = [], 0
    while sum(len(p) + 1 for p in paras) < chars:
        paras.append(" ".join(SENTENCES[(i + k) % 6] for k in range(3)))
        i += 1
    return "\n".join(paras)[:chars]


def test_a_megabyte_costs_what_a_kilobyte_does(tok: Tokenizer, recording: type) -> None:
    context = 64
    small, big = _document(1_000), _document(1_000_000)
    rec_small, rec_big = recording(tok), recording(tok)
    a = build_model_input(small, rec_small, 0, context)  # type: ignore[arg-type]
    b = build_model_input(big, rec_big, 0, context)  # type: ignore[arg-type]
    assert max(rec_big.lengths) <= CHARS_PER_TOKEN * context
    assert max(rec_small.lengths) <= CHARS_PER_TOKEN * context
    assert len(a.prefix_ids) <= context + 1 and len(b.prefix_ids) <= context + 1
    assert b.window_start > 990_000


def test_window_start_is_stable_while_typing() -> None:
    text = _document(20_000)
    width = 300
    starts = [window_start(text[:n], width) for n in range(5_000, 6_000)]
    assert len(set(starts)) <= 1000 // (width // 2) + 2  # moves once per stride
    for n, s in zip(range(5_000, 6_000), starts, strict=True):
        assert width // 4 < n - s <= width
        assert s == 0 or text[s - 1].isspace()  # the first word of the window is whole


def test_window_starts_after_a_newline_when_there_is_one() -> None:
    text = "word " * 100 + "\n" + "word " * 100
    s = window_start(text, 1000)
    assert s == 501


def test_prefix_starts_with_bos_and_heal_is_the_typed_tail(tok: Tokenizer) -> None:
    inp = build_model_input("She walked to the sta", tok, 0, 64)
    assert inp.prefix_ids[0] == 0
    assert inp.heal == b" sta"
    assert tok.decode(list(inp.prefix_ids[1:])) == "She walked to the"


def test_token_budget_drops_whole_strides(tok: Tokenizer) -> None:
    # Chinese needs more tokens per character than the window assumes.
    text = "".join(SENTENCES[6:8]) * 40
    budget = 32
    seen = set()
    for n in range(len(text) - 60, len(text)):
        inp = build_model_input(text[:n], tok, 0, budget)
        assert len(inp.prefix_ids) <= budget + 1
        seen.add(inp.prefix_ids[1:4])
    assert len(seen) < 30  # the prefix start moves in strides, not on every keystroke


def test_line_separators_become_newlines(tok: Tokenizer) -> None:
    a = build_model_input("One.\r\nTwo", tok, 0, 64)
    b = build_model_input("One.\nTwo", tok, 0, 64)
    c = build_model_input("One.\u2029Two", tok, 0, 64)
    assert a == b == c


def test_a_text_of_one_token_per_character_gets_a_narrower_window_that_moves_rarely() -> None:
    """Chinese with a one-token-per-character vocabulary: the 3-chars-per-token window
    would hold three times the budget and shed tokens at its start every few keystrokes
    (a cache miss each time); the narrowed window moves once per half its width."""
    zh_default = Path(__file__).resolve().parents[2] / "assets" / "zh-default" / "tokenizer.json"
    tok = Tokenizer.from_file(str(zh_default))  # one token per common Han character (han_chars)
    text = "".join(SENTENCES[6:8]) * 60
    budget = 64
    starts, firsts = [], set()
    for n in range(len(text) - 400, len(text)):
        inp = build_model_input(text[:n], tok, 0, budget)
        assert len(inp.prefix_ids) <= budget + 1
        assert n - inp.window_start <= budget  # 0.9-1.2 characters per token in this text
        starts.append(inp.window_start)
        firsts.add(inp.prefix_ids[1:4])
    assert len(set(starts)) <= 400 // (budget * 0.9 // 2) + 2
    assert len(firsts) == len(set(starts))  # the prefix start changes only with the window


def test_english_terms_typed_into_chinese_do_not_flip_the_window_width() -> None:
    """Each flip between the Chinese and the Latin width moves the window start by hundreds
    of characters (a cold prefill): the width follows the text before the last grid point,
    so a term like "ResNet" inside Chinese keeps it, and a long run of English turns it
    within WIDTH_GRID + CJK_SAMPLE characters."""
    chinese = "我们用这个算法的思路来训练模型，然后看它在更大的数据集上怎样工作。" * 20
    mixed = chinese + "（ResNet, BatchNorm and Dropout, learning rate 0.01, batch size 256）" + chinese[:100]
    assert all(mostly_cjk(mixed[:n]) for n in range(len(chinese), len(mixed) + 1))
    starts = {window_start(mixed[:n], 230) for n in range(len(chinese), len(mixed) + 1)}
    assert len(starts) <= (len(mixed) - len(chinese)) // 115 + 2  # only the regular moves (width 230)
    english = chinese + "The model is trained with stochastic gradient descent. " * 20
    turned = next(n for n in range(len(chinese), len(english) + 1) if not mostly_cjk(english[:n]))
    assert turned - len(chinese) <= WIDTH_GRID + CJK_SAMPLE
    assert not mostly_cjk("short English") and mostly_cjk("短的中文")

import pytest

from training.errors import TrainingError
from training.tokenizer import BOS_TOKEN, EOS_TOKEN, special_ids, train_tokenizer

TEXTS = [
    "The quick brown fox jumps over the lazy dog. She said: “Don’t!” — and left.",
    "我们明天早上去市场。今天天气很好，我们去公园散步。",
    "Emoji 🙂👍🏽 and accents: café, naïve, Straße.",
] * 20


@pytest.fixture(scope="module")
def tok():
    return train_tokenizer(TEXTS, vocab_size=400)


@pytest.mark.parametrize("text", [
    "Hello, world!", "  leading and trailing spaces  ", "line one\nline two\n\n",
    "中文句子，没有空格。", "混合 mixed 文本 text", "🙂👍🏽🇨🇳 family: 👨‍👩‍👧", "tab\tand\r\nCRLF", "",
    "never seen: ǅ ᚠ ꙮ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
])
def test_round_trip_is_exact(tok, text):
    ids = tok.encode(text).ids
    assert tok.decode(ids) == text


def test_special_tokens_present_and_not_produced_by_text(tok):
    ids = special_ids(tok)
    assert tok.id_to_token(ids["bos"]) == BOS_TOKEN and tok.id_to_token(ids["eos"]) == EOS_TOKEN
    assert not set(ids.values()) & set(tok.encode("plain text, 中文").ids)
    assert tok.get_vocab_size() <= 400


def test_vocab_too_small_is_refused():
    with pytest.raises(TrainingError, match="vocab_size"):
        train_tokenizer(TEXTS, vocab_size=100)


@pytest.fixture(scope="module")
def han_tok():
    return train_tokenizer(TEXTS, vocab_size=400, han_chars=True)


@pytest.mark.parametrize("text", ["中文句子，没有空格。", "混合 mixed 文本 text", "𠀀𠀁 rare 龘", ""])
def test_han_chars_round_trip_is_exact(han_tok, text):
    assert han_tok.decode(han_tok.encode(text).ids) == text


def test_han_chars_keeps_each_chinese_character_apart(tok, han_tok):
    text = "我们明天早上去市场。今天天气很好，我们去公园散步。"
    # the plain byte-level BPE learns tokens that span characters ("我们", "天天"...) ...
    plain = [tok.decode([i]) for i in tok.encode(text).ids]
    assert any(sum(ch >= "\u4e00" for ch in piece) > 1 for piece in plain)
    # ... with han_chars every Han character is exactly one token, at most one per token
    pieces = [han_tok.decode([i]) for i in han_tok.encode(text).ids]
    assert [p for p in pieces if p >= "\u4e00"] == [ch for ch in text if ch >= "\u4e00"]
    # so typing one more character only appends tokens: the prefix's ids stay put
    for k in range(1, len(text)):
        a, b = han_tok.encode(text[:k]).ids, han_tok.encode(text[: k + 1]).ids
        assert b[: len(a)] == a
    # Latin text still merges into multi-character tokens
    assert len(han_tok.encode("The quick brown fox").ids) < len("The quick brown fox")

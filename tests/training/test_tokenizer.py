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

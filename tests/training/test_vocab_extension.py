"""Growing a trained model's tokenizer and embedding (training.tokenizer.extend_tokenizer,
add_char_tokens, training.vocab_resize): the Chinese model gains English words and whole
Han characters without losing an id."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from training.config import ModelConfig
from training.errors import TrainingError
from training.model import LSTMLanguageModel
from training.tokenizer import add_char_tokens, extend_tokenizer, train_tokenizer
from training.vocab_resize import resize_vocabulary

CHINESE = ["我们今天去学校读书，明天去公园散步。", "他说这个问题很难，但是我们可以解决。"] * 30
# any text but the special tokens' spellings, which decode to nothing
PLAIN = st.text(max_size=60).filter(lambda t: "<|" not in t)
MIXED = ["我们用 Python 实现这个 function，再用 Python 测试 function 的结果。",
         "The function returns a value; the value is printed by Python."] * 30


@pytest.fixture(scope="module")
def base():
    return train_tokenizer(CHINESE, vocab_size=400, han_chars=True)


@pytest.fixture(scope="module")
def grown(base):
    return extend_tokenizer(base, MIXED, base.get_vocab_size() + 40)


def test_every_base_id_keeps_its_token_and_the_size_is_reached(base, grown):
    old = base.get_vocab()
    assert grown.get_vocab_size() == base.get_vocab_size() + 40
    assert all(grown.get_vocab()[tok] == i for tok, i in old.items())


def test_english_words_are_no_longer_shattered_into_bytes(base, grown):
    text = "用 Python 实现 function"
    assert len(grown.encode(text).ids) < len(base.encode(text).ids)
    assert "Python" in grown.get_vocab() or "ĠPython" in grown.get_vocab()


def test_chinese_encodes_as_before(base, grown):
    text = "我们今天去学校"
    assert grown.encode(text).ids == base.encode(text).ids


@given(PLAIN)
def test_any_text_still_round_trips(grown, text):
    assert grown.decode(grown.encode(text).ids) == text


def test_a_size_not_above_the_base_is_refused(base):
    with pytest.raises(TrainingError, match="not above"):
        extend_tokenizer(base, MIXED, base.get_vocab_size())


def test_the_grown_embedding_keeps_old_rows_and_starts_new_ones_from_their_pieces(base, grown):
    model = LSTMLanguageModel(ModelConfig(vocab_size=base.get_vocab_size(), embedding_size=8, hidden_size=8,
                                          num_layers=1, dropout=0.0))
    state = model.state_dict()
    out = resize_vocabulary(state, base, grown)
    v_old, v_new = base.get_vocab_size(), grown.get_vocab_size()
    assert out["embedding.weight"].shape == (v_new, 8) and out["output_bias"].shape == (v_new,)
    assert torch.equal(out["embedding.weight"][:v_old], state["embedding.weight"])
    token, new_id = max(grown.get_vocab().items(), key=lambda kv: kv[1])
    pieces = [t.id for t in base.model.tokenize(token)]
    assert len(pieces) >= 2
    assert torch.allclose(out["embedding.weight"][new_id], state["embedding.weight"][pieces].mean(0))
    grown_model = LSTMLanguageModel(ModelConfig(vocab_size=v_new, embedding_size=8, hidden_size=8,
                                                num_layers=1, dropout=0.0))
    grown_model.load_state_dict(out)  # the shapes fit a model of the grown size


def test_a_tokenizer_that_renumbers_ids_is_refused(base):
    other = train_tokenizer(MIXED, vocab_size=450, han_chars=True)
    state = LSTMLanguageModel(ModelConfig(vocab_size=base.get_vocab_size(), embedding_size=8, hidden_size=8,
                                          num_layers=1, dropout=0.0)).state_dict()
    with pytest.raises(TrainingError, match="ids"):
        resize_vocabulary(state, base, other)


def test_characters_the_base_splits_become_one_token_each(base):
    rare = "她爸坝"  # not in the base's training text: each is 2-3 byte tokens there
    assert all(len(base.encode(ch).ids) > 1 for ch in rare)
    grown = add_char_tokens(base, [*rare, "我"])
    assert all(len(grown.encode(ch).ids) == 1 for ch in rare)
    assert all(grown.get_vocab()[tok] == i for tok, i in base.get_vocab().items())
    text = "她对爸爸说：我们去坝上。"
    assert grown.decode(grown.encode(text).ids) == text
    assert grown.encode("我们今天去学校").ids == base.encode("我们今天去学校").ids


@pytest.fixture(scope="module")
def with_chars(base):
    return add_char_tokens(base, ["她", "爸", "🙂"])


@given(PLAIN)
def test_text_still_round_trips_with_added_characters(with_chars, text):
    assert with_chars.decode(with_chars.encode(text).ids) == text


def test_add_char_tokens_takes_single_characters(base):
    with pytest.raises(TrainingError, match="single characters"):
        add_char_tokens(base, ["她们"])

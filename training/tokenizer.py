"""Byte-level BPE tokenizer training (HuggingFace ``tokenizers``).

Byte-level BPE (Radford et al. 2019, GPT-2) starts from the 256 byte values, so any
Unicode text, Chinese and emoji included, encodes and decodes back exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers

from training.errors import TrainingError
from writer_app.text.chars import TOKENIZER_HAN_PATTERN

BOS_TOKEN = "<|bos|>"  # start of a document
EOS_TOKEN = "<|eos|>"  # end of a document
SPECIAL_TOKENS = [BOS_TOKEN, EOS_TOKEN]


def train_tokenizer(
    texts: Iterable[str], vocab_size: int = 8000, min_frequency: int = 2, han_chars: bool = False,
) -> Tokenizer:
    """Train a byte-level BPE with ``vocab_size`` entries (specials and 256 bytes included).

    texts: paragraphs or whole documents. han_chars: every Han character is a pre-token of
    its own (a Split on the Unicode Script=Han property, TOKENIZER_HAN_PATTERN, before
    GPT-2's byte-level split), so no token spans two Chinese characters: a common character
    is one token, a rare one 2-3 byte tokens. Chinese typed one character at a time then
    extends the prompt's tokenization instead of re-merging its last characters, which
    keeps the engine's state cache warm and its token healing to one character (see
    writer_app/inference/healing.py).
    Raises TrainingError when vocab_size is too small.
    """
    if vocab_size < 256 + len(SPECIAL_TOKENS):
        raise TrainingError(f"vocab_size must be at least {256 + len(SPECIAL_TOKENS)}, got {vocab_size}")
    tok = Tokenizer(models.BPE())
    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    if han_chars:
        tok.pre_tokenizer = pre_tokenizers.Sequence(
            [pre_tokenizers.Split(Regex(TOKENIZER_HAN_PATTERN), behavior="isolated"), byte_level])
    else:
        tok.pre_tokenizer = byte_level
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=min_frequency,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    return tok


def special_ids(tok: Tokenizer) -> dict[str, int]:
    """Ids of the document start/end tokens; raises TrainingError if they are missing."""
    ids = {"bos": tok.token_to_id(BOS_TOKEN), "eos": tok.token_to_id(EOS_TOKEN)}
    if None in ids.values():
        raise TrainingError(f"Tokenizer lacks the special tokens {SPECIAL_TOKENS}")
    return ids  # type: ignore[return-value]


def load_tokenizer(path: Path) -> Tokenizer:
    """Load a ``tokenizer.json``; raises TrainingError if missing or unreadable."""
    try:
        return Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception
        raise TrainingError(f"Cannot load tokenizer {path}: {exc}") from exc


def extend_tokenizer(base: Tokenizer, texts: Iterable[str], vocab_size: int) -> Tokenizer:
    """``base`` with merges appended until it holds ``vocab_size`` entries.

    The merges are learned by a fresh BPE (``base``'s own pre-tokenizer, so its Han
    splitting too) on ``texts``, then appended in the order learned, after every merge of
    ``base``; a merge whose result ``base`` already has is skipped. Every id of ``base``
    keeps its token, so a model trained with ``base`` keeps its embeddings and gains rows
    for the new ids (``training.vocab_resize``). Used to give the Chinese model, whose
    tokenizer saw only Chinese, whole tokens for English words, identifiers and numbers
    without losing what it learned (vocabulary extension as in Chau et al. 2020,
    "Parsing with Multilingual BERT, a Small Corpus, and a Small Treebank").
    Raises TrainingError when vocab_size is not above the base's size.
    """
    state = json.loads(base.to_str())
    model = state["model"]
    vocab: dict[str, int] = model["vocab"]
    if vocab_size <= len(vocab):
        raise TrainingError(f"vocab_size {vocab_size} is not above the base tokenizer's {len(vocab)} entries")
    fresh = Tokenizer(models.BPE())
    fresh.pre_tokenizer = base.pre_tokenizer
    trainer = trainers.BpeTrainer(
        # the fresh BPE relearns the base's merges too: room for them and the new ones
        vocab_size=vocab_size + len(vocab), min_frequency=2, special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
    )
    fresh.train_from_iterator(texts, trainer=trainer)
    merges = model["merges"]
    next_id = max(vocab.values()) + 1
    for pair in json.loads(fresh.to_str())["model"]["merges"]:
        left, right = pair if isinstance(pair, list) else pair.split(" ", 1)
        merged = left + right
        if merged in vocab or left not in vocab or right not in vocab:
            continue
        merges.append([left, right])
        vocab[merged] = next_id
        next_id += 1
        if len(vocab) >= vocab_size:
            break
    return Tokenizer.from_str(json.dumps(state))


def add_char_tokens(base: Tokenizer, chars: Iterable[str]) -> Tokenizer:
    """``base`` with merges appended so that each of ``chars`` (single characters) is one
    token; every id of ``base`` keeps its token (new ids follow), as for extend_tokenizer.

    A character's UTF-8 bytes that ``base`` splits into pieces p1..pk get the merges
    (p1, p2), (p1p2, p3), ... appended after all of ``base``'s merges, an intermediate
    result added as a token of its own where ``base`` lacks it. With ``base``'s Han
    pre-tokenizer (train_tokenizer's han_chars) each Han character is a word of its own,
    so the new merges make exactly that character one token; other text that holds the
    same leading bytes may then use the intermediate token. Used so that every Han
    character the training text uses is reachable as one token (issue 12: "她", absent from
    the classical and technical text the tokenizer was fitted on, was two byte tokens).
    Characters already one token are skipped. Raises TrainingError for a string that is
    not one character.
    """
    state = json.loads(base.to_str())
    vocab: dict[str, int] = state["model"]["vocab"]
    merges = state["model"]["merges"]
    known = {tuple(m) if isinstance(m, list) else tuple(m.split(" ", 1)) for m in merges}
    next_id = max(vocab.values()) + 1
    for ch in chars:
        if len(ch) != 1:
            raise TrainingError(f"add_char_tokens takes single characters, got {ch!r}")
        (symbols, _), = base.pre_tokenizer.pre_tokenize_str(ch)  # its bytes as BPE symbols
        pieces = [t.value for t in base.model.tokenize(symbols)]
        while len(pieces) > 1:
            pair = (pieces[0], pieces[1])
            if pair not in known:
                known.add(pair)
                merges.append(list(pair))
            merged = pair[0] + pair[1]
            if merged not in vocab:
                vocab[merged] = next_id
                next_id += 1
            pieces = [merged, *pieces[2:]]
    return Tokenizer.from_str(json.dumps(state))

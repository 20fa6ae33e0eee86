"""The raw bytes of every token of a byte-level BPE vocabulary, indexed for prefix queries.

Byte-level BPE (GPT-2, Radford et al. 2019) writes each byte as a printable character
(``bytes_to_unicode``); this table undoes that mapping once at load time so decoding a
token is a list lookup, and keeps the vocabulary sorted by bytes so "all tokens that
start with these bytes" is a binary search (used by token healing).
"""

from __future__ import annotations

import bisect
from functools import lru_cache

import numpy as np
from tokenizers import Tokenizer

from writer_app.inference.model_folder import ModelLoadError
from writer_app.text.chars import CJK_UTF8_LEAD_BYTES, is_presentation_form
from writer_app.text.units import is_boundary_char


@lru_cache(maxsize=1)
def byte_decoder() -> dict[str, int]:
    """GPT-2's printable character -> byte value map (the inverse of bytes_to_unicode)."""
    printable = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    chars = printable[:]
    n = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(printable, chars, strict=True)}


def _starts_word_boundary(data: bytes) -> bool:
    """True if a token with these bytes cannot continue the word before it."""
    b0 = data[0]
    if b0 < 0x80:
        return is_boundary_char(chr(b0))
    if 0x80 <= b0 < 0xC0:  # a continuation byte: the middle of a character
        return False
    width = 2 if b0 < 0xE0 else 3 if b0 < 0xF0 else 4
    try:
        return is_boundary_char(data[:width].decode("utf-8"))
    except UnicodeDecodeError:
        # Only the lead byte is here: E3-E9 lead CJK (U+3000-U+9FFF, CJK_UTF8_LEAD_BYTES),
        # F0 and up emoji and the like.
        return b0 in CJK_UTF8_LEAD_BYTES or b0 >= 0xF0


class TokenTable:
    """Bytes of each token id plus the indexes decoding needs.

    token_bytes: list of V bytes (b"" for special tokens); special: bool[V] and
    special_ids: int64[S], the special tokens (<|bos|>, <|eos|>, ...);
    boundary: bool[V], True where the token starts with whitespace, punctuation, a CJK
    character or is special (it ends the word before it); presentation_ids: int64[P], the
    tokens holding a presentation form of punctuation (writer_app.text.chars:
    is_presentation_form, "︰" for "："), which the decoder never generates.
    """

    def __init__(self, token_bytes: list[bytes], special_ids: set[int]) -> None:
        self.token_bytes = token_bytes
        self.vocab_size = len(token_bytes)
        self.special = np.zeros(self.vocab_size, dtype=bool)
        self.special[sorted(special_ids)] = True
        self.special_ids = np.array(sorted(special_ids), dtype=np.int64)
        self.boundary = np.array(
            [i in special_ids or (bool(b) and _starts_word_boundary(b))
             for i, b in enumerate(token_bytes)],
            dtype=bool,
        )
        self.boundary_weight = self.boundary.astype(np.float32)  # for a mat-vec sum
        self.presentation_ids = np.array(
            [i for i, b in enumerate(token_bytes)
             if any(map(is_presentation_form, b.decode("utf-8", "ignore")))], dtype=np.int64)
        pairs = sorted((b, i) for i, b in enumerate(token_bytes) if b and i not in special_ids)
        self._sorted_bytes = [b for b, _ in pairs]
        self._sorted_ids = np.array([i for _, i in pairs], dtype=np.int64)
        self._by_bytes = {b: i for b, i in pairs}
        # functools' LRU per table (a decorated method would keep every table alive).
        self._consistent = lru_cache(maxsize=256)(self._tokens_consistent_with)
        self.blocked_memo: dict[tuple[int, int], np.ndarray] = {}

    @classmethod
    def from_tokenizer(cls, tokenizer: Tokenizer, vocab_size: int) -> TokenTable:
        """Build the table. Raises ModelLoadError if the tokenizer is not byte-level BPE
        (a token that is not byte-level, or fewer than 256 single-byte tokens)."""
        decoder = byte_decoder()
        special = {i for i, t in tokenizer.get_added_tokens_decoder().items() if t.special}
        out: list[bytes] = []
        for i in range(vocab_size):
            piece = tokenizer.id_to_token(i)
            if piece is None:
                raise ModelLoadError(f"the tokenizer has no token with id {i} (vocab {vocab_size})")
            if i in special:
                out.append(b"")
                continue
            try:
                out.append(bytes(decoder[ch] for ch in piece))
            except KeyError:
                raise ModelLoadError(
                    f"token {i} ({piece!r}) is not byte-level BPE; Inkling needs a byte-level "
                    "BPE tokenizer such as the one its training tools write"
                ) from None
        if len({b for b in out if len(b) == 1}) < 256:
            raise ModelLoadError(
                "the tokenizer is not byte-level BPE (it lacks tokens for some of the 256 "
                "byte values, so not every text can be encoded); Inkling needs a byte-level "
                "BPE tokenizer such as the one its training tools write"
            )
        return cls(out, special)

    def token_id(self, data: bytes) -> int | None:
        """The id of the (non-special) token whose bytes are exactly ``data``, or None."""
        return self._by_bytes.get(data)

    def tokens_extending(self, typed: bytes) -> np.ndarray:
        """int64[K], sorted: tokens whose bytes start with ``typed`` (non-empty)."""
        lo = bisect.bisect_left(self._sorted_bytes, typed)
        hi = bisect.bisect_left(self._sorted_bytes, typed + b"\xff" * 64, lo)
        return np.sort(self._sorted_ids[lo:hi])

    def tokens_consistent_with(self, typed: bytes) -> np.ndarray:
        """int64[K], sorted: tokens whose bytes start with ``typed`` or are a proper prefix of it.

        These are the tokens that keep a continuation consistent with ``typed`` (the
        token healing constraint). Results are memoised (functools.lru_cache of 256); the
        array returned is shared: do not modify it.
        """
        return self._consistent(typed)

    def _tokens_consistent_with(self, typed: bytes) -> np.ndarray:
        lo = bisect.bisect_left(self._sorted_bytes, typed)
        hi = bisect.bisect_left(self._sorted_bytes, typed + b"\xff" * 64, lo)
        ids = [int(x) for x in self._sorted_ids[lo:hi]]
        ids += [i for n in range(1, len(typed)) if (i := self._by_bytes.get(typed[:n])) is not None]
        return np.array(sorted(set(ids)), dtype=np.int64)

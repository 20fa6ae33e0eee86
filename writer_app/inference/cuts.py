"""Where a tokenization can be cut: positions whose tokens do not depend on the text around.

A tokenizer whose first pre-tokenizer isolates every Han character (training/tokenizer.py:
a ``Split`` on ``writer_app.text.chars.TOKENIZER_HAN_PATTERN``, "Isolated", saved in the
Chinese model's tokenizer.json) never lets a token cross the boundary before or after such
a character, so

    encode(a + b) == encode(a) + encode(b)    whenever a ends with an isolated character.

That makes two per-keystroke costs of Chinese text proportional to what changed instead
of to the context window (~230 characters, one pre-token each): TailEncoder re-encodes
only the text after the last cut the new text shares with the last one, and heal_start
(healing.py) pre-tokenizes only from the last cut. Which characters are isolated is asked
of the tokenizer itself (Cuts.isolates).

Both shipped tokenizers also cut *between words*: their last pre-tokenizer is byte-level
BPE's regular expression (GPT-2's, Radford et al. 2019; ``ByteLevel(use_regex=True)`` in
the tokenizers library), which starts a piece at a space followed by a letter or digit
(an optional space, then letters or digits), ends the piece before it at that space
whatever follows, and keeps every BPE merge inside a piece. So a space with a letter or
digit on each side is a cut (Cuts.between_words, read from the tokenizer's
configuration): English text, the window of ~1,000 characters, is re-encoded from the
last word typed, not whole. No Qt here.
"""

from __future__ import annotations

import json
from bisect import bisect_right

from tokenizers import Tokenizer

from writer_app.inference.lru import LRUDict
from writer_app.text.chars import TOKENIZER_HAN_PATTERN

CUT_SEARCH = 64  # characters searched back for a cut (beyond: encode the text whole)
TOKENIZERS_KEPT = 8  # tokenizers whose Cuts are kept (cuts_for)


class Cuts:
    """The cuts of one tokenizer: the characters it isolates (memoised per character) and,
    where ``between_words``, the spaces between two letters or digits."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self._pre = tokenizer.pre_tokenizer
        self._known: dict[str, bool] = {}
        self.between_words = splits_between_words(tokenizer)

    def isolates(self, ch: str) -> bool:
        """Whether the pre-tokenizer makes ``ch`` (one character) a piece of its own in any
        context: alone between letters, between digits, doubled, and between spaces (a
        letter, digit or punctuation mark joins one of these; only a split rule like the
        Han one isolates it in all four)."""
        known = self._known.get(ch)
        if known is None:
            known = self._known[ch] = self._pre is not None and not ch.isspace() and all(
                len(self._pre.pre_tokenize_str(probe)) == pieces
                for probe, pieces in ((f"a{ch}a", 3), (f"1{ch}1", 3), (f"a{ch}{ch}a", 4), (f" {ch} ", 3)))
        return known

    def last_cut(self, text: str, lo: int, hi: int) -> int:
        """The largest cut b with lo < b <= hi that ``text[:hi]`` decides (every text
        beginning with text[:hi] has it): text[b - 1] isolated, or (between_words) text[b]
        a space between two letters or digits, text[b + 1] before hi. -1 if none."""
        words = self.between_words
        for b in range(hi, lo, -1):
            if self.isolates(text[b - 1]) or (words and b + 1 < hi and text[b] == " "
                                              and text[b - 1].isalnum() and text[b + 1].isalnum()):
                return b
        return -1


def splits_between_words(tokenizer: Tokenizer) -> bool:
    """Whether ``tokenizer`` always splits before a space between two letters or digits
    (module docstring): no normalizer, and a pre-tokenizer that is ByteLevel with its
    regular expression, alone or after Splits that isolate Han characters (which only add
    pieces). Read from the tokenizer's JSON configuration; False for anything else."""
    config = json.loads(tokenizer.to_str())
    pre = config.get("pre_tokenizer") or {}
    steps = pre.get("pretokenizers", []) if pre.get("type") == "Sequence" else [pre]
    han_splits = all(
        p.get("type") == "Split" and p.get("behavior") == "Isolated" and not p.get("invert")
        and p.get("pattern") == {"Regex": TOKENIZER_HAN_PATTERN} for p in steps[:-1])
    last = steps[-1] if steps else {}
    return (config.get("normalizer") is None and han_splits
            and last.get("type") == "ByteLevel" and last.get("use_regex") is True)


_CUTS: LRUDict[int, tuple[Tokenizer, Cuts]] = LRUDict(TOKENIZERS_KEPT)


def cuts_for(tokenizer: Tokenizer) -> Cuts:
    """The Cuts of ``tokenizer`` (one per tokenizer object, the last TOKENIZERS_KEPT kept).
    Called from the Suggester's lock and from its document builder thread: each dict
    operation is atomic under the GIL, and a race can at worst build one tokenizer's
    Cuts twice (both give the same answers)."""
    known = _CUTS.get(id(tokenizer))
    if known is None or known[0] is not tokenizer:
        known = (tokenizer, Cuts(tokenizer))
        _CUTS.put(id(tokenizer), known)
    return known[1]


def shared_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix of ``a`` and ``b`` (binary search over
    slice comparisons: O(n log n) character compares in C, not a Python loop)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


class TailEncoder:
    """text -> token ids without special tokens, always equal to
    ``tuple(tokenizer.encode(text, add_special_tokens=False).ids)``, memoised (the last
    ``kept`` texts) and, for a text that shares a cut with the last long text encoded,
    computed as that text's tokens before the cut plus the new text's after it: typing
    Chinese at the end of a 230-character window costs the characters after the last Han
    character, not the window. Not thread-safe (the Suggester serialises)."""

    def __init__(self, tokenizer: Tokenizer, kept: int = 32) -> None:
        self._tok = tokenizer
        self._cuts = cuts_for(tokenizer)
        self._memo: LRUDict[str, tuple[int, ...]] = LRUDict(kept)
        # the base: the last text encoded that was not much shorter than the one before
        # (a healed word does not replace a window), its ids and each token's end (chars)
        self._base: tuple[str, tuple[int, ...], tuple[int, ...]] = ("", (), ())

    def __call__(self, text: str) -> tuple[int, ...]:
        ids = self._memo.get(text)
        if ids is None:
            ids = self._encode(text)
            self._memo.put(text, ids)
        return ids

    def _encode(self, text: str) -> tuple[int, ...]:
        base_text, base_ids, base_ends = self._base
        m = shared_prefix(base_text, text)
        cut = self._cuts.last_cut(text, max(0, m - CUT_SEARCH), m) if m else -1
        enc = self._tok.encode(text[max(cut, 0):], add_special_tokens=False)
        if cut > 0:
            k = bisect_right(base_ends, cut)  # the base's tokens before the cut
            ids = base_ids[:k] + tuple(enc.ids)
            ends = base_ends[:k] + tuple(cut + e for _, e in enc.offsets)
        else:
            ids, ends = tuple(enc.ids), tuple(e for _, e in enc.offsets)
        if 2 * len(text) >= len(base_text):
            self._base = (text, ids, ends)
        return ids

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
of the tokenizer itself (Cuts.isolates), so a tokenizer without the split (the English
model's) simply has no cuts and everything is encoded whole, as before. No Qt here.
"""

from __future__ import annotations

from bisect import bisect_right

from tokenizers import Tokenizer

from writer_app.inference.lru import LRUDict

CUT_SEARCH = 64  # characters searched back for a cut (beyond: encode the text whole)
TOKENIZERS_KEPT = 8  # tokenizers whose Cuts are kept (cuts_for)


class Cuts:
    """The isolated characters of one tokenizer (memoised per character)."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self._pre = tokenizer.pre_tokenizer
        self._known: dict[str, bool] = {}

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
        """The largest cut b with lo < b <= hi (text[b - 1] isolated), or -1 if none."""
        for b in range(hi, lo, -1):
            if self.isolates(text[b - 1]):
                return b
        return -1


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

"""A cache of the document being written: its token n-grams lift the model's next-token
probabilities for what this document keeps saying (names, terms, set phrases).

The model sees only the last ``context_tokens`` tokens before the cursor; a name used
forty times in the chapter is as unlikely on the forty-first as on the first. This is
the *cache language model* of Kuhn & De Mori (1990, "A cache-based natural language
model for speech recognition", IEEE PAMI 12(6)): counts of the document's own token
n-grams, interpolated into the next-token distribution. Here the document's token
frequencies (order 1, no context) and the counts of every order 2..``order`` are
interpolated with the LSTM's distribution, recursively from the lowest order up::

    p_0(w)   = p_lm(w)
    p_n(w)   = (1 - l_n) p_{n-1}(w) + l_n c(ctx_n, w) / c(ctx_n)
    l_1      = unigram_weight * N / (N + kappa_1 * U)              (Witten-Bell)
    l_n      = weight * max_w c(ctx_n, w) / (c(ctx_n) + kappa)
               * N / (N + ramp_tokens)                              (n >= 2)

where ctx_n is the last n - 1 tokens, c(ctx_n) how often the document has it, N the
tokens counted and U the different ones. l_1 is the Witten-Bell weight (Witten & Bell
1991) of the document's unigram, as in Kuhn & De Mori's cache and the unigram cache of
Jelinek et al. (1991, "A dynamic language model for speech recognition"). For n >= 2 the
weight depends on how sure and how well attested the context is (dynamic interpolation
by the context's counts, in the manner of Jelinek & Mercer's bucketed weights): the
share of its most frequent continuation, damped by its count; a context always followed
by the same token ("Sherlock" -> " Holmes") earns up to ``weight``, one followed by
hundreds of tokens ("the") almost nothing, and contexts the document never had leave
only the unigram's small share. While the document is short every context is seen once
and looks sure, so the weights grow with the document (the last factor): the second
sentence of a new document is not offered the first one's words back ("It was a cold
morning, and the sun was" + " a cold morning"). Chosen by keystroke savings on validation text
(bench/RESULTS.md, "Document cache").

The document is kept as lines (the editor's blocks); each line is tokenized on its own
and n-grams do not cross lines, so an edit costs the lines it touched (``replace_lines``)
and an incremental update gives the same counts as a rebuild. At most ``max_tokens``
tokens are counted: the lines added or edited longest ago are evicted first (on opening
a file, the start of the document), so a 50 MB file costs what its last ``max_tokens``
tokens do, in time and memory. No Qt here.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from writer_app.inference.candidates import word_end
from writer_app.inference.lru import LRUDict
from writer_app.inference.mixture import Part, mix, sorted_unique

DEFAULT_ORDER = 4  # n-grams of 2..4 tokens (contexts of 1..3 tokens), and the unigram
DEFAULT_WEIGHT = 0.5  # the largest share a context's counts may take (tuned, bench/RESULTS.md)
DEFAULT_KAPPA = 2.0  # how many counts a context needs before it earns half of its share
DEFAULT_UNIGRAM_WEIGHT = 0.1  # the largest share of the document's token frequencies
DEFAULT_RAMP_TOKENS = 10.0  # tokens counted at which the n-grams' weights are half (tuned)
MEMO_CONTEXTS = 4096  # mixtures kept per version of the counts (cleared when exceeded)
UNIGRAM_KAPPA = 4.0  # Witten-Bell: how much the document's variety lowers the unigram's weight
DEFAULT_MAX_TOKENS = 100_000  # ~400 KB of English text, ~20 MB of counts (bench/RESULTS.md)

IDS_KEPT = 16  # lines whose token ids are kept for the next tokenization (_token_ids)
_MASK64 = (1 << 64) - 1

Encoder = Callable[[list[str]], list[Sequence[int]]]  # lines -> token ids of each line
_UNKNOWN = object()  # a context not in the memo yet (None there: it adds nothing)


@dataclass(frozen=True)
class DocumentEdit:
    """Lines ``start`` .. ``end`` - 1 (0-based) of the document were replaced by ``lines``.

    end None: to the end of the document (DocumentEdit(0, None, lines) is the whole
    document, e.g. a file just opened). Lines carry no newline characters.
    """

    start: int
    end: int | None
    lines: tuple[str, ...]

    @classmethod
    def whole(cls, text: str) -> DocumentEdit:
        """The edit that makes the document ``text`` (lines split at "\\n")."""
        return cls(0, None, tuple(text.split("\n")))


class _Line:
    """One line of the document: its token ids while counted, None when not (evicted, or
    never tokenized because later lines already filled the cap)."""

    __slots__ = ("ids",)

    def __init__(self, ids: tuple[int, ...] | None = None) -> None:
        self.ids = ids


class DocCache:
    """Token n-gram counts of one document, and the mixing they imply.

    encode: lines -> token ids per line (the model's tokenizer, no special tokens);
    order: longest n-gram counted (>= 2); weight: 0..1, the most a context's counts may
    take of the distribution; kappa: > 0, the count at which a context earns half of
    that; unigram_weight: 0..1, the most the document's token frequencies may take (0:
    none); ramp_tokens: >= 0, how many tokens the document needs for half of the n-gram
    weights (0: full weights at once); max_tokens: tokens counted at most. Raises
    ValueError for a bad parameter.
    Not thread-safe (the Suggester serialises access).
    """

    def __init__(
        self, encode: Encoder, order: int = DEFAULT_ORDER, weight: float = DEFAULT_WEIGHT,
        kappa: float = DEFAULT_KAPPA, max_tokens: int = DEFAULT_MAX_TOKENS,
        unigram_weight: float = DEFAULT_UNIGRAM_WEIGHT, ramp_tokens: float = DEFAULT_RAMP_TOKENS,
    ) -> None:
        if (order < 2 or not 0.0 <= weight <= 1.0 or kappa <= 0.0 or max_tokens < 1
                or not 0.0 <= unigram_weight <= 1.0 or ramp_tokens < 0.0):
            raise ValueError("order must be >= 2, weight and unigram_weight 0..1, kappa > 0, "
                             "max_tokens >= 1, ramp_tokens >= 0")
        self._encode = encode
        self.order, self.weight, self.kappa, self.max_tokens = order, weight, kappa, max_tokens
        self.unigram_weight, self.ramp_tokens = unigram_weight, ramp_tokens
        self._lines: list[_Line] = []
        self._counted: OrderedDict[_Line, None] = OrderedDict()  # oldest first
        # order n -> context (n - 1 tokens) -> next token -> count (order 1: context ())
        self._counts: dict[int, dict[tuple[int, ...], dict[int, int]]] = {
            n: {} for n in range(1, order + 1)}
        self._totals: dict[int, dict[tuple[int, ...], int]] = {n: {} for n in range(1, order + 1)}
        self._unigram = np.zeros(0, dtype=np.float64)  # token id -> count (dense, for mixing)
        self._touched_at = -1  # the version _touched_cache was computed at
        # context -> its part (_sparse_part; None: it adds nothing), for this version
        self._memo: dict[tuple[int, ...], tuple[float, float, np.ndarray, np.ndarray] | None] = {}
        self._memo_at = -1  # the version _memo's mixtures belong to
        self._touched_cache: tuple[np.ndarray, np.ndarray, np.ndarray] = (
            np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64))
        self.tokens = 0  # tokens counted now
        # A fingerprint of the counts (the sum of the hashes of the n-grams counted, mod
        # 2**64): counts that come back to what they were (typing on in a word, which
        # exclude_word leaves out) come back to the same version, and so do the memos.
        self.version = 0
        self._ids_of: LRUDict[str, tuple[int, ...]] = LRUDict(IDS_KEPT)  # recent lines' ids
        self._synced_head: str | None = None  # sync_prefix's text up to its last newline
        self._synced_lines: list[str] = []  # its lines
        self._line_ids: Counter[tuple[int, ...]] = Counter()  # the counted lines' ids
        self._word: tuple[str, int, int] | None = None  # the word left out (exclude_word)
        self._word_delta: list[tuple[tuple[int, ...], int, int]] = []  # its _add calls

    # -- the document ---------------------------------------------------------------
    @property
    def line_count(self) -> int:
        """Lines of the document (counted or not)."""
        return len(self._lines)

    def apply(self, edit: DocumentEdit) -> None:
        """Apply one editor edit. Raises IndexError when it does not fit the document."""
        n = len(self._lines)
        end = n if edit.end is None else edit.end
        if not 0 <= edit.start <= end <= n:
            raise IndexError(f"edit of lines {edit.start}..{end} in a document of {n} lines")
        self.replace_lines(edit.start, end, list(edit.lines))

    def set_text(self, text: str) -> None:
        """Make the document ``text`` (a rebuild; only its last max_tokens tokens count)."""
        self.replace_lines(0, len(self._lines), text.split("\n"))

    def replace_lines(self, start: int, end: int, lines: list[str]) -> None:
        """Lines start..end-1 become ``lines``: the old ones' counts go, the new ones' come.

        Cost: the tokens of the lines removed and added (for a replacement of more lines
        than fit in max_tokens, only the last ones are tokenized); one counted line
        replaced by one (typing in a line) costs its tokens after those both share. The
        word left out by exclude_word counts again.
        """
        self._lift_word()
        if end - start == 1 and len(lines) == 1 and self._lines[start] in self._counted:
            self._recount(self._lines[start], self._token_ids(lines)[0])
            self._evict()
            return
        for line in self._lines[start:end]:
            self._uncount(line)
        new = [_Line() for _ in lines]
        self._lines[start:end] = new
        # Tokenize from the end back, in batches, until the cap is full.
        budget, i = self.max_tokens, len(lines)
        batch = 64
        while i > 0 and budget > 0:
            j = max(0, i - batch)
            for k, ids in zip(range(j, i), self._token_ids(lines[j:i]), strict=True):
                new[k].ids = ids
            budget -= sum(len(new[k].ids or ()) for k in range(j, i))
            i, batch = j, min(batch * 4, 4096)
        for line in new:
            if line.ids is not None:
                self._count(line)
        self._evict()

    def _token_ids(self, lines: list[str]) -> list[tuple[int, ...]]:
        """The token ids of each of ``lines``; a few lines are looked up among the last
        IDS_KEPT tokenized first (exclude_word tokenizes the line just edited, and the
        same part before the word keystroke after keystroke)."""
        if len(lines) > IDS_KEPT:
            return [tuple(ids) for ids in self._encode(lines)]
        out = [self._ids_of.get(line) for line in lines]
        missing = [line for line, ids in zip(lines, out, strict=True) if ids is None]
        if missing:
            fresh = iter(self._encode(missing))
            out = [ids if ids is not None else tuple(next(fresh)) for ids in out]
            for line, ids in zip(lines, out, strict=True):
                self._ids_of.put(line, ids)
        return out  # type: ignore[return-value]

    def sync_prefix(self, text: str, typed_from: int) -> None:
        """Follow a document given only as text before the cursor, call after call
        (scripts, the bench, and an editor that sends a bounded window of it): the lines
        of ``text`` are counted, but for ``text[typed_from:]``, what is being typed (the
        counts exclude_cursor_word leaves for a document that ends at the cursor).
        Typing at the end costs the last line, when the word being typed is done (and a
        comparison of the lines before it, which did not change); a window whose start
        moved (the editor's last CONTEXT_CHARS characters) costs its first line too;
        lines that did not change cost nothing.
        """
        cut = text.rfind("\n", 0, typed_from) + 1
        head = self._synced_head
        if (head is not None and len(head) == cut and len(self._lines) == len(self._synced_lines)
                and text.startswith(head)):  # only the last line may have changed
            last = text[cut:typed_from]
            if last != self._synced_lines[-1]:
                self._synced_lines[-1] = last
                self.replace_lines(len(self._lines) - 1, len(self._lines), [last])
            return
        self._sync_lines(text[:typed_from])

    def _sync_lines(self, done: str) -> None:
        """The document's lines become ``done``'s (sync_prefix), at the cost of those that
        changed."""
        new, old, fresh = done.split("\n"), self._synced_lines, self._synced_head is None
        self._synced_head, self._synced_lines = done[:done.rfind("\n") + 1], new
        if fresh or not old or len(self._lines) != len(old):
            self.replace_lines(0, len(self._lines), new)
            return
        # The first line may have lost its start (the window moved), and whole lines may
        # have left the window: align on the new second line.
        first = 0
        if len(new) > 1 and new[0] != old[0]:
            first = next((j for j in range(len(old) - 1) if old[j + 1] == new[1]), -1)
            if first < 0:
                self.replace_lines(0, len(self._lines), new)
                return
            self.replace_lines(0, first + 1, [new[0]])
            old = [new[0], *old[first + 1:]]
        same = 0
        for a, b in zip(old, new, strict=False):
            if a != b:
                break
            same += 1
        if same < len(old) or same < len(new):
            self.replace_lines(same, len(old), new[same:])

    # -- the word at the cursor --------------------------------------------------------
    def exclude_cursor_word(self, before: str, typed_from: int, after: str = "") -> None:
        """Leave out what is being typed at the cursor: ``before`` is the text before the
        cursor (its last line is the cursor's line up to it), ``after`` the rest of that
        line; ``before[typed_from:]`` is being typed (the Suggester's token-healing
        start: what the decoder regenerates), and so is the rest of the word in ``after``
        (candidates.word_end). Counted, it would predict its own beginning ("shi"
        completed to nothing rather than "shining"). See exclude_word."""
        after = after.split("\n", 1)[0]
        line_start = before.rfind("\n") + 1
        start, cursor = max(typed_from - line_start, 0), len(before) - line_start
        self.exclude_word(before[line_start:] + after, start, cursor + word_end(after))

    def exclude_word(self, line: str, start: int, end: int) -> None:
        """Count the document without the word ``line[start:end]`` of its line ``line``:
        that line counts as its two parts around the word, until the next edit or call
        (start == end: the whole line again). Does nothing when no counted line holds
        exactly ``line`` (an engine's copy behind the editor, or the end of a longer line).
        Cost: tokenizing ``line`` and its parts, and counting the n-grams past the tokens
        the line and its part before the word share."""
        word = (line, start, end) if start < end else None
        if word == self._word:
            return
        self._lift_word()
        self._word = word
        if word is None:
            return
        whole, head, tail = self._token_ids([line, line[:start], line[end:]])
        if not self._line_ids.get(whole):
            return
        same = _shared(whole, head)
        self._word_delta = [(whole, -1, same), (head, 1, same), (tail, 1, 0)]
        for ids, sign, first in self._word_delta:
            self._add(ids, sign, first)

    def _lift_word(self) -> None:
        """Count the word exclude_word left out again."""
        for ids, sign, first in reversed(self._word_delta):
            self._add(ids, -sign, first)
        self._word, self._word_delta = None, []

    # -- counts ------------------------------------------------------------------------
    def _count(self, line: _Line) -> None:
        self._add(line.ids or (), 1)
        self._counted[line] = None
        self._line_ids[line.ids or ()] += 1
        self.tokens += len(line.ids or ())

    def _uncount(self, line: _Line) -> None:
        if line in self._counted:
            del self._counted[line]
            self._add(line.ids or (), -1)
            self._drop_line_ids(line.ids or ())
            self.tokens -= len(line.ids or ())
        line.ids = None

    def _drop_line_ids(self, ids: tuple[int, ...]) -> None:
        """One counted line holding ``ids`` fewer."""
        left = self._line_ids[ids] - 1
        if left > 0:
            self._line_ids[ids] = left
        else:
            del self._line_ids[ids]

    def _evict(self) -> None:
        while self.tokens > self.max_tokens and self._counted:
            oldest = next(iter(self._counted))
            self._uncount(oldest)

    def _recount(self, line: _Line, ids: tuple[int, ...]) -> None:
        """A counted ``line`` now holds ``ids``: the n-grams ending past the tokens the old
        and new ids share go, the new ones come (the counts of uncounting the line and
        counting it anew), and the line is the most recently edited."""
        old = line.ids or ()
        same = _shared(old, ids)
        self._add(old, -1, same)
        self._add(ids, 1, same)
        self._drop_line_ids(old)
        self._line_ids[ids] += 1
        self.tokens += len(ids) - len(old)
        line.ids = ids
        self._counted.move_to_end(line)

    def _add(self, ids: tuple[int, ...], sign: int, first: int = 0) -> None:
        """Count (sign 1) or uncount (-1) the n-grams of ``ids`` that end at index
        ``first`` or later."""
        if len(ids) > first:
            top = max(ids[first:]) + 1
            if top > len(self._unigram):
                self._unigram = np.concatenate([self._unigram, np.zeros(top - len(self._unigram))])
            np.add.at(self._unigram, np.asarray(ids[first:], dtype=np.int64), sign)
        version = self.version
        for n in range(1, self.order + 1):
            counts, totals = self._counts[n], self._totals[n]
            for i in range(max(0, first - n + 1), len(ids) - n + 1):
                ctx, w = ids[i:i + n - 1], ids[i + n - 1]
                version += sign * hash((ctx, w))
                nxt = counts.get(ctx)
                if nxt is None:
                    nxt = counts[ctx] = {}
                c = nxt.get(w, 0) + sign
                if c:
                    nxt[w] = c
                else:
                    del nxt[w]
                t = totals.get(ctx, 0) + sign
                if t:
                    totals[ctx] = t
                else:
                    del totals[ctx], counts[ctx]
        self.version = version & _MASK64

    def ngram_counts(self) -> dict[tuple[int, ...], int]:
        """Every counted n-gram (orders 1..order) -> its count (for tests and checks)."""
        return {(*ctx, w): c for n in self._counts for ctx, nxt in self._counts[n].items()
                for w, c in nxt.items()}

    # -- mixing ------------------------------------------------------------------------
    def cache_distribution(self, context: Sequence[int]) -> tuple[float, float, dict[int, float]]:
        """The cache's part of p(next | context): (a, b, s) with
        p = a * p_lm + b * unigram + s, unigram the document's token frequencies.

        context: the token ids before the next one (only the last order - 1 matter).
        a: the share left to the model (1.0 for an empty document); b: the unigram's
        share; s: token id -> probability mass the n-gram counts add (empty when the
        document never had any of the contexts).
        """
        a, b, s = 1.0, 0.0, {}
        n_tokens = self._totals[1].get(())
        if not n_tokens:
            return a, b, s
        if self.unigram_weight > 0.0:
            b = self.unigram_weight * n_tokens / (n_tokens + UNIGRAM_KAPPA * len(self._counts[1][()]))
            a = 1.0 - b
        ctx_all = tuple(context[-(self.order - 1):])
        fill = n_tokens / (n_tokens + self.ramp_tokens)
        for n in range(2, self.order + 1):
            if len(ctx_all) < n - 1:
                break
            ctx = ctx_all[len(ctx_all) - (n - 1):]
            total = self._totals[n].get(ctx)
            if not total:
                break  # a longer context cannot have been seen either
            nxt = self._counts[n][ctx]
            lam = self.weight * max(nxt.values()) / (total + self.kappa) * fill
            a *= 1.0 - lam
            b *= 1.0 - lam
            s = {w: p * (1.0 - lam) for w, p in s.items()}
            share = lam / total
            for w, c in nxt.items():
                s[w] = s.get(w, 0.0) + share * c
        return a, b, s

    def adjust(self, logits: np.ndarray, contexts: Sequence[Sequence[int]]) -> np.ndarray:
        """Log-probabilities of the mixture for each row: log(a p_lm + b unigram + s).

        logits: float32[B, V], the model's next-token scores; contexts: B token-id
        sequences (what precedes each row's next token). Returns ``logits`` itself when
        the cache adds nothing (an empty document, or unigram_weight 0 and contexts the
        document never had); else a new float32[B, V] array (rows the cache leaves alone
        keep the model's logits, not normalised: the decoder normalises). The Suggester
        mixes this cache's part() with the continuous cache's in one pass (mixture.mix).
        """
        return mix(logits, [self.part(contexts)])

    def part(self, contexts: Sequence[Sequence[int]]) -> Part | None:
        """This cache's part of the mixture (mixture.Part: share a, mass b * unigram + s)
        for B rows continuing ``contexts`` (token-id sequences); None when it adds nothing
        to any row. Each context's part is kept until the counts change (keystroke after
        keystroke the beam meets the same contexts)."""
        if self._memo_at != self.version or len(self._memo) > MEMO_CONTEXTS:
            self._memo, self._memo_at = {}, self.version
        memo, n = self._memo, self.order - 1
        rows, entries = [], []
        for i, context in enumerate(contexts):
            key = tuple(context[-n:])
            entry = memo.get(key, _UNKNOWN)
            if entry is _UNKNOWN:
                entry = memo[key] = self._sparse_part(key)
            if entry is not None:
                rows.append(i)
                entries.append(entry)
        if not rows:
            return None
        share, uni_share = np.ones(len(contexts)), np.zeros(len(contexts))
        share[rows] = [e[0] for e in entries]
        uni_share[rows] = [e[1] for e in entries]
        ids, uni, _ = self._touched()
        sizes = [len(e[2]) for e in entries]
        cols = np.concatenate([e[2] for e in entries])
        if not uni_share.any():  # no unigram share: only the n-grams' tokens are mixed
            used = sorted_unique(cols)
            ids, uni, cols = ids[used], np.zeros(len(used)), np.searchsorted(used, cols)
        mass = np.multiply.outer(uni_share, uni)
        if any(sizes):
            mass[np.repeat(rows, sizes), cols] += np.concatenate([e[3] for e in entries])
        return Part(share, ids, mass)

    def _sparse_part(self, context: tuple[int, ...]) -> tuple[float, float, np.ndarray, np.ndarray] | None:
        """cache_distribution(context) as (a, b, positions of s's tokens among
        _touched()'s ids, their mass); None when it adds nothing."""
        a, b, s = self.cache_distribution(context)
        if not s and b <= 0.0:
            return None
        where = self._touched()[2]
        cols = where[np.fromiter(s.keys(), dtype=np.int64, count=len(s))]
        return a, b, cols, np.fromiter(s.values(), dtype=np.float64, count=len(s))

    def _touched(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The document's token ids (int64[K]), their unigram probabilities (float64[K]) and
        token id -> position in them (int64[max id + 1]); recomputed once per version."""
        if self._touched_at != self.version:
            counts = self._unigram
            ids = np.flatnonzero(counts > 0)
            where = np.zeros(len(counts), dtype=np.int64)
            where[ids] = np.arange(len(ids))
            self._touched_cache = (ids, counts[ids] / counts[ids].sum(), where)
            self._touched_at = self.version
        return self._touched_cache


def _shared(a: Sequence[int], b: Sequence[int]) -> int:
    """How many tokens ``a`` and ``b`` share at their start."""
    same = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        same += 1
    return same

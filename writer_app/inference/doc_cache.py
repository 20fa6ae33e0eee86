"""A cache of the document being written: its token n-grams lift the model's next-token
probabilities for what this document keeps saying (names, terms, set phrases).

The model sees only the last ``context_tokens`` tokens before the cursor; a name used
forty times in the chapter is as unlikely on the forty-first as on the first. This is
the *cache language model* of Kuhn & De Mori (1990, "A cache-based natural language
model for speech recognition", IEEE PAMI 12(6)): counts of the document's own token
n-grams, interpolated into the next-token distribution. Here the counts of every
order 2..``order`` back off to the LSTM's distribution, recursively from the lowest
order up, each with a Witten-Bell weight (Witten & Bell 1991; as in PPM and Kneser-Ney
interpolation)::

    p_1(w)   = p_lm(w)
    p_n(w)   = (1 - l_n) p_{n-1}(w) + l_n c(ctx_n, w) / c(ctx_n)
    l_n      = weight * c(ctx_n) / (c(ctx_n) + kappa * u(ctx_n))

where ctx_n is the last n - 1 tokens, c(ctx_n) how often the document has it, and
u(ctx_n) how many different tokens followed it: a context always followed by the same
token ("Sherlock" -> " Holmes") earns a large weight, one followed by hundreds ("the")
almost none, and a context the document never had leaves p_lm exactly as it was.

The document is kept as lines (the editor's blocks); each line is tokenized on its own
and n-grams do not cross lines, so an edit costs the lines it touched (``replace_lines``)
and an incremental update gives the same counts as a rebuild. At most ``max_tokens``
tokens are counted: the lines added or edited longest ago are evicted first (on opening
a file, the start of the document), so a 50 MB file costs what its last ``max_tokens``
tokens do, in time and memory. No Qt here.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_ORDER = 3  # n-grams of 2..3 tokens (contexts of 1..2 tokens)
DEFAULT_WEIGHT = 0.35  # the largest share the cache may take (tuned, bench/RESULTS.md)
DEFAULT_KAPPA = 4.0  # Witten-Bell: how much a context's variety lowers its weight
DEFAULT_MAX_TOKENS = 100_000  # ~400 KB of English text, ~20 MB of counts (bench/RESULTS.md)

Encoder = Callable[[list[str]], list[Sequence[int]]]  # lines -> token ids of each line


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
    order: longest n-gram counted (>= 2); weight: 0..1, the most the cache may take of
    the distribution; kappa: > 0, the Witten-Bell variety factor; max_tokens: tokens
    counted at most. Raises ValueError for a bad parameter. Not thread-safe (the
    Suggester serialises access).
    """

    def __init__(
        self, encode: Encoder, order: int = DEFAULT_ORDER, weight: float = DEFAULT_WEIGHT,
        kappa: float = DEFAULT_KAPPA, max_tokens: int = DEFAULT_MAX_TOKENS,
    ) -> None:
        if order < 2 or not 0.0 <= weight <= 1.0 or kappa <= 0.0 or max_tokens < 1:
            raise ValueError("order must be >= 2, weight 0..1, kappa > 0, max_tokens >= 1")
        self._encode = encode
        self.order, self.weight, self.kappa, self.max_tokens = order, weight, kappa, max_tokens
        self._lines: list[_Line] = []
        self._counted: OrderedDict[_Line, None] = OrderedDict()  # oldest first
        # order n -> context (n - 1 tokens) -> next token -> count
        self._counts: dict[int, dict[tuple[int, ...], dict[int, int]]] = {
            n: {} for n in range(2, order + 1)}
        self._totals: dict[int, dict[tuple[int, ...], int]] = {n: {} for n in range(2, order + 1)}
        self.tokens = 0  # tokens counted now
        self.version = 0  # changes with every change of the counts
        self._synced: str | None = None  # text given to sync_prefix, up to its last word
        self._synced_lines: list[str] = []  # its lines

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
        than fit in max_tokens, only the last ones are tokenized).
        """
        for line in self._lines[start:end]:
            self._uncount(line)
        new = [_Line() for _ in lines]
        self._lines[start:end] = new
        # Tokenize from the end back, in batches, until the cap is full.
        budget, i = self.max_tokens, len(lines)
        batch = 64
        while i > 0 and budget > 0:
            j = max(0, i - batch)
            for k, ids in zip(range(j, i), self._encode(lines[j:i]), strict=True):
                new[k].ids = tuple(ids)
            budget -= sum(len(new[k].ids or ()) for k in range(j, i))
            i, batch = j, min(batch * 4, 4096)
        for line in new:
            if line.ids is not None:
                self._count(line)
        self._evict()
        self.version += 1

    def sync_prefix(self, text: str) -> None:
        """Follow a document given only as text before the cursor, call after call
        (scripts, the bench, and an editor that sends a bounded window of it): the lines
        of ``text`` up to its last complete word are counted (the word being typed is
        not: it would predict its own beginning). Typing at the end costs the last line;
        a window whose start moved (the editor's last CONTEXT_CHARS characters) costs its
        first line too; lines that did not change cost nothing.
        """
        cut = len(text)
        while cut > 0 and not text[cut - 1].isspace():
            cut -= 1
        done = text[:cut]
        if done == self._synced:
            return
        new, old, fresh = done.split("\n"), self._synced_lines, self._synced is None
        self._synced, self._synced_lines = done, new
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

    # -- counts ------------------------------------------------------------------------
    def _count(self, line: _Line) -> None:
        self._add(line.ids or (), 1)
        self._counted[line] = None
        self.tokens += len(line.ids or ())

    def _uncount(self, line: _Line) -> None:
        if line in self._counted:
            del self._counted[line]
            self._add(line.ids or (), -1)
            self.tokens -= len(line.ids or ())
        line.ids = None

    def _evict(self) -> None:
        while self.tokens > self.max_tokens and self._counted:
            oldest = next(iter(self._counted))
            self._uncount(oldest)

    def _add(self, ids: tuple[int, ...], sign: int) -> None:
        for n in range(2, self.order + 1):
            counts, totals = self._counts[n], self._totals[n]
            for i in range(len(ids) - n + 1):
                ctx, w = ids[i:i + n - 1], ids[i + n - 1]
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

    def ngram_counts(self) -> dict[tuple[int, ...], int]:
        """Every counted n-gram (orders 2..order) -> its count (for tests and checks)."""
        return {(*ctx, w): c for n in self._counts for ctx, nxt in self._counts[n].items()
                for w, c in nxt.items()}

    # -- mixing ------------------------------------------------------------------------
    def cache_distribution(self, context: Sequence[int]) -> tuple[float, dict[int, float]]:
        """The cache's part of p(next | context): (a, s) with p = a * p_lm + s.

        context: the token ids before the next one (only the last order - 1 matter).
        a: the share left to the model (1.0 when the document never had any of the
        contexts); s: token id -> probability mass the cache adds.
        """
        a, s = 1.0, {}
        ctx_all = tuple(context[-(self.order - 1):]) if self.order > 1 else ()
        for n in range(2, self.order + 1):
            if len(ctx_all) < n - 1:
                break
            ctx = ctx_all[len(ctx_all) - (n - 1):]
            total = self._totals[n].get(ctx)
            if not total:
                break  # a longer context cannot have been seen either
            nxt = self._counts[n][ctx]
            lam = self.weight * total / (total + self.kappa * len(nxt))
            a *= 1.0 - lam
            s = {w: p * (1.0 - lam) for w, p in s.items()}
            share = lam / total
            for w, c in nxt.items():
                s[w] = s.get(w, 0.0) + share * c
        return a, s

    def adjust(self, logits: np.ndarray, contexts: Sequence[Sequence[int]]) -> np.ndarray:
        """Log-probabilities of the mixture for each row: log(a p_lm + s).

        logits: float32[B, V], the model's next-token scores; contexts: B token-id
        sequences (what precedes each row's next token). Rows whose contexts the document
        never had are returned unchanged (logits, not normalised: the decoder normalises).
        """
        out: np.ndarray | None = None
        memo: dict[tuple[int, ...], tuple[float, dict[int, float]]] = {}
        for i, context in enumerate(contexts):
            key = tuple(context[-(self.order - 1):])
            mix = memo.get(key)
            if mix is None:
                mix = memo[key] = self.cache_distribution(key)
            a, s = mix
            if not s:
                continue
            if out is None:
                out = np.array(logits, dtype=np.float32, copy=True)
            row = out[i]
            m = float(row.max())
            lse = m + float(np.log(np.exp(row - m, dtype=np.float64).sum()))
            idx = np.fromiter(s.keys(), dtype=np.int64, count=len(s))
            add = np.fromiter(s.values(), dtype=np.float64, count=len(s))
            p_idx = np.exp(row[idx].astype(np.float64) - lse)
            row -= np.float32(lse - np.log(a)) if a > 0 else np.float32(np.inf)
            row[idx] = np.log(a * p_idx + add)
        return logits if out is None else out

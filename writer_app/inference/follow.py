"""The space or punctuation mark after a suggestion (issue 13, point 2: a word accepted
takes the space after it, as Presage's accept does, so the writer need not type it).

``FollowMarks.add`` gives each candidate of a Suggestion (the text shown and every
alternative Alt+] can show) the character the model expects right after it, when the
model gives it at least ``prob``: a space (the summed probability of the tokens that
begin with one) or else one punctuation mark of FOLLOW_PUNCT (the likeliest token). One
forward call covers all candidates: a batch of their tokens, right-padded (an LSTM's
output at a position does not depend on what comes after it), from the prompt's state.
Through the state cache's one-token schedule it would be a call per token, a quarter of
a slow keystroke's time (bench/RESULTS.md). No Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from writer_app.inference.token_table import TokenTable
from writer_app.inference.types import Suggestion
from writer_app.text.chars import is_cjk

FOLLOW_PUNCT = frozenset(",.;:!?")  # one-character tokens a suggestion may end with
Forward = Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]


class FollowMarks:
    """The follow rule for one model's vocabulary (``table``)."""

    def __init__(self, table: TokenTable) -> None:
        self._table = table
        self._space_first: np.ndarray | None = None  # bool[V]: the token begins with a space

    def add(self, sug: Suggestion, heal: bytes, forward: Forward, encode: Callable[[str], Sequence[int]],
            state: tuple[np.ndarray, np.ndarray], prob: float) -> Suggestion:
        """``sug`` with each candidate followed by its space or mark where the model gives
        it >= ``prob``. ``heal``: the bytes of the healed span the candidates continue
        (UTF-8); ``forward``: the model's (int64[B, T], h, c) -> (logits float32[B, T, V],
        hn, cn); ``encode``: text -> token ids; ``state``: (h, c) float32[L, 1, H] after the
        prompt. A candidate ending in whitespace or in a character of a script written
        without spaces (writer_app.text.chars.is_cjk) is left as it is; so is ``sug`` when
        ``heal`` is not whole UTF-8."""
        texts = [sug.text, *sug.alternatives]
        todo = [i for i, t in enumerate(texts) if t and not t[-1].isspace() and not is_cjk(t[-1])]
        try:
            healed = heal.decode("utf-8")
        except UnicodeDecodeError:
            return sug
        if not todo:
            return sug
        rows = [list(encode(healed + texts[i])) for i in todo]
        ids = np.zeros((len(rows), max(map(len, rows))), dtype=np.int64)
        for r, row in enumerate(rows):
            ids[r, :len(row)] = row
        h, c = (np.repeat(x, len(rows), axis=1) for x in state)
        logits = forward(ids, h, c)[0]
        for r, i in enumerate(todo):
            texts[i] += self.mark(logits[r, len(rows[r]) - 1], prob)
        return Suggestion(texts[0], texts[1:], sug.score)

    def mark(self, logits: np.ndarray, prob: float) -> str:
        """" " or a mark of FOLLOW_PUNCT that the next-token ``logits`` (float32[V]) give at
        least ``prob``, else ""."""
        table = self._table
        if self._space_first is None:
            self._space_first = np.array([b[:1] == b" " for b in table.token_bytes])
        z = np.exp(logits.astype(np.float64) - logits.max())
        p = z / z.sum()
        if p[self._space_first].sum() >= prob:
            return " "
        top = int(p.argmax())
        mark = table.token_bytes[top].decode("utf-8", "replace")
        return mark if mark in FOLLOW_PUNCT and p[top] >= prob else ""

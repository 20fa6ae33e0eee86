"""From the search's hypotheses to the Suggestion the editor shows (no Qt, no model).

What the Suggester (suggester.py) does with what beam search or sampling found:
``to_suggestion`` picks the best hypothesis and up to width - 1 distinct alternatives,
each cut to DecodingConfig.extent (``cut_to_extent``) and passed over when it completes
the word being typed (``word_start``, ``WORD``) to a word already shown there
(pass_over); ``showable`` then keeps of each candidate what can be shown inline
(``one_line``) and what can be right between the text before and after the cursor
(writer_app.text.fit), so every engine's answer is ready to paint.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from writer_app.inference.hypothesis import Hypothesis
from writer_app.inference.types import REST_OF_WORD, Suggestion
from writer_app.text.chars import is_cjk
from writer_app.text.fit import fit_suggestion
from writer_app.text.units import split_units
from writer_app.text.words import next_word

# A word as the pass-over rule compares them: letters/digits with inner ' ’ - ("don't").
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
WORD_TAIL_CHARS = 64  # how far back the word being typed is looked for


def _in_word(ch: str, beside: str) -> bool:
    """Whether ``ch`` is part of a word: a letter or digit of a script written with
    spaces, or one of ' ’ - next to a letter or digit ``beside`` (the character before it,
    read backwards; after it, read forwards)."""
    return (ch.isalnum() and not is_cjk(ch)) or (ch in "'’-" and beside.isalnum())


def word_start(text: str) -> int:
    """Where the word being typed at the end of ``text`` begins (len(text) at a word
    start): letters and digits of a script written with spaces, with single ' ’ - between
    or after them ("don'"; Chinese has no word being typed: each character is committed
    whole), looked for in the last WORD_TAIL_CHARS characters only (a linear scan: this runs on every
    keystroke, whatever the document's length)."""
    i, stop = len(text), max(0, len(text) - WORD_TAIL_CHARS)
    while i > stop and _in_word(text[i - 1], text[i - 2] if i >= 2 else ""):
        i -= 1
    return i


def word_end(after: str) -> int:
    """How far the word at the cursor goes on into ``after`` (the text after the cursor):
    the characters word_start's rule would take, read forwards (0 when ``after`` does
    not begin with one); looked at in the first WORD_TAIL_CHARS characters only."""
    i, stop = 0, min(len(after), WORD_TAIL_CHARS)
    while i < stop and _in_word(after[i], after[i + 1:i + 2]):
        i += 1
    return i


def one_line(text: str) -> str:
    """What of ``text`` can be shown inline after the cursor: its first line, without
    control characters (a tab stays) or U+FFFD; "" when nothing but whitespace is left."""
    line = text.split("\n", 1)[0].split("\r", 1)[0]
    line = "".join(ch for ch in line if ch == "\t" or (ch >= " " and ch != "\x7f"))
    line = line.replace("\ufffd", "")
    return line if line.strip() else ""


def showable(s: Suggestion | None, before: str = "", after: str = "") -> Suggestion | None:
    """``s`` with each candidate cut to one_line and to what can be right between ``before``
    and ``after``, the text around the cursor (writer_app.text.fit.fit_suggestion: no space
    Chinese does not write, no made-up Han-Latin join, no closing mark that closes nothing,
    nothing the text after the cursor already holds), the blank ones dropped and the
    repeats removed (best first), so the editor can show it as it is; None when nothing is
    left. The score stays that of ``s`` (its best candidate's, as decoded). A new object."""
    if s is None:
        return None
    cut = (lambda c: fit_suggestion(one_line(c), before, after)) if before or after else one_line
    candidates = list(dict.fromkeys(c for c in map(cut, (s.text, *s.alternatives)) if c))
    if not candidates:
        return None
    return Suggestion(candidates[0], candidates[1:], s.score)


def cut_to_extent(text: str, extent: str, before: str = "") -> str:
    """``text`` (a decoded suggestion) cut to DecodingConfig.extent: "unit" its first unit
    (writer_app.text.units: one Han character, or one word with the space before it),
    "word" its first Ctrl+Right piece (writer_app.text.words.next_word, ``before`` the text
    before it: the rest of a Chinese word begun there, or the next segmented word);
    "phrase" and "sentence" end while decoding (hypothesis.py's stop rules): unchanged;
    "rest" (types.REST_OF_WORD) the part of ``text`` that continues the word being typed at
    the end of ``before`` ("hon" of "hon." after "Pyt", "'t" of "'t go" after "don"), ""
    when it continues none."""
    if extent == REST_OF_WORD:
        typed = before[word_start(before):]
        latin = text[:next((i for i, ch in enumerate(text) if is_cjk(ch)), len(text))]
        word = WORD.match(typed + latin) if typed else None
        return word.group(0)[len(typed):] if word is not None else ""
    if extent == "unit":
        units = split_units(text)
        return units[0] if units else text
    if extent == "word":
        return next_word(text, before)
    return text


def to_suggestion(
    hyps: list[Hypothesis], width: int, banned: frozenset[str] = frozenset(), typed: str = "",
    cut: Callable[[str], str] | None = None,
) -> Suggestion | None:
    """The best non-empty hypothesis with up to width - 1 distinct alternatives.

    banned: skip hypotheses that complete ``typed`` (the part of the word already typed)
    to one of these words (pass_over; empty = none); cut: applied to each hypothesis' text
    first (cut_to_extent; None: none)."""
    texts: list[str] = []
    best: Hypothesis | None = None
    for hyp in hyps:
        t = hyp.text if cut is None else cut(hyp.text)
        if not t.strip() or any(other.startswith(t) for other in texts):
            continue
        if banned:
            word = WORD.match(typed + t)
            if word is not None and word.group(0) in banned:
                continue
        if best is None:
            best = hyp
        texts.append(t)
        if len(texts) == width:
            break
    if best is None:
        return None
    score = math.exp(best.first_logp) if best.first_logp is not None else 0.0
    return Suggestion(text=texts[0], alternatives=texts[1:], score=min(score, 1.0))

"""Words as "accept next word" (Ctrl+Right) sees them, in English, Chinese and mixed text.

One piece is what one Ctrl+Right accepts: one word or one punctuation mark with the
whitespace after it (and, for the first piece, the whitespace before it: " ld " ", "
"don't" " 北京" "，"), so that a right word can be taken without a wrong comma after it
(the benchmark's rule in issue 3: a word matches when the reference has a space,
punctuation or line end after it), and with the space after it, as Presage's accept and
the cursor's own Ctrl+Right (to the start of the next word) take it (issue 13, point 2:
the space after an accepted word is one key saved). A word is

- a run of letters/digits of a space-separated script, with inner apostrophes and
  hyphens ("don't", "well-known"), as the editor has always taken it;
- one *segmented* word of a run of Han characters: Chinese has no spaces, so the run is
  cut by a dictionary segmenter (jieba's dictionary and algorithm via rjieba, the Rust
  port, without the HMM guesser for unknown words, so an unknown sequence falls apart
  into single characters rather than into made-up words): 我们今天去北京大学 ->
  我们|今天|去|北京大学;
- one character of another script written without spaces (kana, Hangul, full-width
  forms: writer_app.text.chars.is_cjk), or one other character (a symbol, an opening quote).

(The decoder's units, writer_app.text.units, are a different cut; writer_app.text says why.)

Qt's QTextBoundaryFinder does not help here: the PySide6 wheels are built without ICU
and split Chinese at every character. The segmenter is imported on the first Han
character seen (about 80 ms, once), so English-only use never loads it; without it
(not installed) each Han character is a word, as before.

The editor (GhostText.next_word) and the keystroke benchmark (bench/simulate.py) both
use these functions, so the benchmark's Ctrl+Right is the editor's. No Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from functools import cache

from writer_app.text import chars
from writer_app.text.units import APOSTROPHES

# Regex class bodies: Han ideographs (what the segmenter handles), and every character of a
# script written without spaces (one character per piece unless it is Han).
HAN = chars.HAN.regex_class()
_NO_SPACE = chars.NO_SPACE.regex_class()
# a word with its apostrophes: inner (don't), leading ('s after a word typed: a tester's
# Ctrl+Right took only the ') and trailing (dogs')
_WORD_RUN = rf"['’]?[^\W_{_NO_SPACE}]+(?:['’\-][^\W_{_NO_SPACE}]+)*['’]?"
BEFORE_CHARS = 8  # Han characters of context before a run that the segmenter looks at


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(one piece, a Han run at the end); compiled on first use (~10 ms)."""
    piece = re.compile(
        rf"(\s*)(?:([{HAN}]+)|([{_NO_SPACE}]|{_WORD_RUN}|\S))(\s*)"
    )
    return piece, re.compile(rf"[{HAN}]+\Z")


@cache
def _segmenter() -> Callable[[str], list[str]] | None:
    """rjieba's dictionary cut (HMM off), imported on first use; None if not installed."""
    try:
        import rjieba
    except ImportError:  # pragma: no cover - a dependency; fall back to one char per word
        return None
    return lambda text: rjieba.cut(text, hmm=False)


def segment_han(run: str, before: str = "") -> list[int]:
    """Word ends (offsets into ``run``, increasing, the last == len(run)) of a run of Han.

    before: Han characters just before the run (the end of the typed text); they are
    segmented with it, so a word the user began ("北" typed, "京大学" suggested) is
    completed as one word. Runs are segmented with the dictionary when available.
    """
    if not run:
        return []
    cut = _segmenter()
    if cut is None:
        return list(range(1, len(run) + 1))
    ends, pos = [], -len(before)
    for word in cut(before + run):
        pos += len(word)
        if pos > 0:
            ends.append(pos)
    return ends


def split_words(text: str, before: str = "") -> list[str]:
    """``text`` cut into the pieces successive Ctrl+Right presses accept.

    "".join(result) == text; whitespace goes with the piece before it (" world is" ->
    [" world ", "is"]: Ctrl+Right takes a word and its space), whitespace at the start
    with the first piece, and whitespace alone is one piece. before: the text just
    before ``text`` (before the cursor), so that the first Han word may complete a word
    already begun.
    """
    piece_re, han_tail = _patterns()
    pieces: list[str] = []
    pos, n = 0, len(text)
    tail = han_tail.search(before[-BEFORE_CHARS:])
    context = tail.group(0) if tail else ""
    while pos < n:
        m = piece_re.match(text, pos)
        if m is None:  # only whitespace is left (nothing else: the pattern takes it otherwise)
            pieces.append(text[pos:])
            break
        space, run = m.group(1), m.group(2)
        if run:
            start = pos + len(space)
            prev = 0
            ends = segment_han(run, context if start == 0 else "")
            for k, end in enumerate(ends):
                piece = run[prev:end]
                if k == 0:
                    piece = space + piece
                pieces.append(piece)
                prev = end
            pieces[-1] += m.group(4)
        else:
            pieces.append(m.group(0))
        pos = m.end()
    return pieces


def next_word(text: str, before: str = "") -> str:
    """What one Ctrl+Right accepts from the suggestion ``text`` (all of it if it has no word).

    " world is big" -> " world "; "ld, and more" -> "ld"; "北京大学很大" -> "北京大学";
    "京大学" after "北" -> "京大学".
    """
    pieces = split_words(text, before)
    return pieces[0] if pieces and pieces[0].strip() else text


def word_ends(text: str) -> set[int]:
    """Offsets in ``text`` where a piece ends (" station, x" ends pieces at 8, 10 and 11)."""
    ends: set[int] = set()
    pos = 0
    for piece in split_words(text):
        pos += len(piece)
        ends.add(pos)
    return ends


def is_word_char(ch: str) -> bool:
    """A letter or digit (of any script, Han included) that a word can continue with."""
    return ch.isalnum() or ch in "'’-"


def matched_words(pieces: list[str], reference: str, pos: int, ends: Container[int]) -> tuple[int, int]:
    """How many of ``pieces`` (a suggestion at reference[pos:]) the reference confirms.

    Returns (k, chars): the first k non-space pieces are what reference[pos:] holds and
    each of them ends where the reference has a word end (``ends``: word_ends(reference))
    or at punctuation; chars is their length with the whitespace between them. A piece
    that is only part of the reference's word ("fox" for "foxes", 北京 for 北京大学) is not
    a right word. A right word whose trailing whitespace the reference does not have
    ("fox " before "fox.") counts, as the last one: chars ends before that whitespace.
    """
    k = chars = 0
    at = pos
    for piece in pieces:
        end = at + len(piece)
        if reference[at:end] != piece:
            word = piece.rstrip()  # the word is right and the space after it is not:
            end = at + len(word)  # the word counts, and nothing after it
            if word.strip() and reference[at:end] == word and not (
                    end < len(reference) and is_word_char(word[-1]) and is_word_char(reference[end])
                    and end not in ends):
                k, chars = k + 1, end - pos
            break
        at = end
        if not piece.strip():
            continue
        if end < len(reference) and is_word_char(piece[-1]) and is_word_char(reference[end]) \
                and end not in ends:
            break
        k, chars = k + 1, end - pos
    return k, chars


HAN_RUN_WINDOW = 32  # Han characters on each side of a position that segment it


def is_word_boundary(text: str, pos: int) -> bool:
    """True where a word may begin or end, as Ctrl+Right's pieces have it: the ends of
    ``text``, between two characters that are not both letters or digits (str.isalnum),
    but not beside an apostrophe inside a word ("wasn|’t"), beside a character of a script
    written without spaces (chars.is_cjk: 用|Python|写,
    each kana its own word), and inside a run of Han characters where the segmenter ends a
    word (``segment_han``, looking at up to HAN_RUN_WINDOW characters on each side).
    Find's "Whole words": Qt's own rule sees a Chinese sentence as one word."""
    if pos <= 0 or pos >= len(text):
        return True
    left, right = text[pos - 1], text[pos]
    if not (left.isalnum() and right.isalnum()):
        return not _inside_contraction(text, pos)
    if not (chars.is_han(left) and chars.is_han(right)):
        return chars.is_cjk(left) or chars.is_cjk(right)
    start = pos
    while start > max(0, pos - HAN_RUN_WINDOW) and chars.is_han(text[start - 1]):
        start -= 1
    end = pos
    while end < min(len(text), pos + HAN_RUN_WINDOW) and chars.is_han(text[end]):
        end += 1
    return (pos - start) in segment_han(text[start:end])


def _inside_contraction(text: str, pos: int) -> bool:
    """An apostrophe between two letters or digits is part of the word ("wasn’t":
    units.split_units), so neither of its sides is a word boundary; but a possessive's
    's is not ("Woolf" is found whole in "Woolf’s": a tester's Replace All left them)."""
    at = pos if text[pos] in APOSTROPHES else pos - 1 if text[pos - 1] in APOSTROPHES else -1
    if at < 1 or at + 1 >= len(text) or not (text[at - 1].isalnum() and text[at + 1].isalnum()):
        return False
    possessive = text[at + 1] in "sS" and not text[at + 2:at + 3].isalnum()
    return not possessive


def is_whole_word(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` begins and ends at word boundaries (is_word_boundary):
    "cat" in "the cat sat" and 算法 in 这个算法很好 are whole words; "cat" in "concat"
    and 算 in 算法 are not."""
    return is_word_boundary(text, start) and is_word_boundary(text, end)

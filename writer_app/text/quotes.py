"""Quotation marks in the writer's style: straight (' ") or curly (‘ ’ “ ”), no Qt.

A model trained on texts of both styles may close a curly quotation with a straight mark
(a tester's “I can’t believe it," he). ``in_quote_style`` writes a suggestion's marks in
the style of the last quotation mark before the cursor; with none there it leaves them.
Which curly mark a straight one becomes follows the usual "smart quotes" rule (as word
processors do it): an opening mark at the start, after whitespace or after an opening
bracket, dash or other opening quote; a closing one (or an apostrophe) after anything
else.

A model trained on British and American novels also closes a “double” quotation with a
single ’ and opens a ‘single’ one in a text that writes only “double” ones (a novelist's
“I am not a girl, + ’ she said.). ``matching_quotes`` makes a suggestion's marks match the
quotations before the cursor (``open_quotations``): a closing mark closes the innermost
quotation still open in the paragraph with that quotation's own mark (“ with ”, ‘ with ’,
" with ", 「 with 」, 『 with 』), and a curly ” or ’ or a corner bracket 」 』 that closes
nothing ends the suggestion before it; a ‘ “ 「 or 『 opening a quotation with none open
takes the kind the text's other such quotations all use (a Chinese text of “” only gets no
「, one of 「」 only no “). ’ is also the apostrophe (don’t, dogs’): it closes a quotation only right after a
sentence or phrase mark (“Who is that?’), and in the text before the cursor only a ’ that
is not inside a word (don’t) closes an open ‘. A straight ' opens no quotation here ('em
and 'Tis are as likely), and one that closes nothing stays as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from writer_app.text.units import PHRASE_END, SENTENCE_END

STRAIGHT = frozenset("'\"")
CURLY = frozenset("‘’“”")
TO_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_OPENS_AFTER = frozenset("([{<«‹—–-/‘“")  # a straight mark after these opens a quotation


def quote_style(before: str) -> str | None:
    """"straight" or "curly": the style of the last quotation mark or apostrophe in
    ``before``; None when it has none."""
    for ch in reversed(before):
        if ch in STRAIGHT:
            return "straight"
        if ch in CURLY:
            return "curly"
    return None


def curly(text: str, before: str) -> str:
    """``text`` with its straight marks made curly, each opening or closing as it stands
    after ``before`` and the text so far (module docstring)."""
    out: list[str] = []
    prev = before[-1:]
    for ch in text:
        if ch in STRAIGHT:
            opening = not prev or prev.isspace() or prev in _OPENS_AFTER
            ch = ("“" if opening else "”") if ch == '"' else ("‘" if opening else "’")
        out.append(ch)
        prev = ch
    return "".join(out)


def in_quote_style(text: str, before: str) -> str:
    """``text`` (a suggestion to insert after ``before``) with its quotation marks and
    apostrophes in the style of ``before`` (quote_style); unchanged without one."""
    style = quote_style(before)
    if style == "curly" and STRAIGHT.intersection(text):
        return curly(text, before)
    if style == "straight" and CURLY.intersection(text):
        return text.translate(TO_STRAIGHT)
    return text


QUOTE_WINDOW = 4096  # characters before the cursor read for open quotations and their kind
CLOSE = {"“": "”", "‘": "’", '"': '"', "「": "」", "『": "』"}  # each opening mark's closing one
OPENERS = "“‘「『"  # the curly and corner opening marks (a straight " opens only by its place)
_KIND = {"“": "“", '"': "“", "‘": "‘", "「": "「", "『": "『"}  # " counts as “
_CORNER_CLOSE = {"」": "「", "』": "『"}
_MARKS = SENTENCE_END | PHRASE_END
_QUOTES = frozenset("“”‘’\"'「」『』")
_QUOTE_OR_BREAK = re.compile("[“”‘’\"「」『』\n]")


def _is_opening_place(prev: str) -> bool:
    """A straight mark after ``prev`` opens a quotation (the smart-quotes rule)."""
    return not prev or prev.isspace() or prev in _OPENS_AFTER


def _close(stack: list[str], opener: str) -> None:
    """Close the innermost quotation opened by ``opener`` (and any left open inside it)."""
    if opener in stack:
        del stack[len(stack) - 1 - stack[::-1].index(opener):]


@lru_cache(maxsize=16)  # the same text is read for every candidate of a suggestion
def open_quotations(before: str) -> tuple[tuple[str, ...], str | None]:
    """(open, kind): the opening marks (“ ‘ " 「 『) of the quotations still open at the end
    of ``before``'s last paragraph, innermost last; and "“", "‘", "「" or "『" when every
    quotation in ``before`` opened with none open is of that kind (" counts as “), else
    None."""
    stack: list[str] = []
    kinds: set[str] = set()
    for m in _QUOTE_OR_BREAK.finditer(before):
        ch, at = m.group(), m.start()
        if ch == "\n":
            stack.clear()
        elif ch == "”" or (ch == '"' and '"' in stack):
            _close(stack, "“" if ch == "”" else '"')
        elif ch in _CORNER_CLOSE:
            _close(stack, _CORNER_CLOSE[ch])
        elif ch == "’":
            if stack and stack[-1] == "‘" and not before[at + 1:at + 2].isalnum():
                stack.pop()  # not the apostrophe of don’t
        else:
            if not stack:
                kinds.add(_KIND[ch])
            stack.append(ch)
    return tuple(stack), (next(iter(kinds)) if len(kinds) == 1 else None)


def _closes(ch: str, prev: str) -> bool:
    """Whether the mark ``ch`` after ``prev`` closes a quotation (module docstring)."""
    if ch == "”" or ch in _CORNER_CLOSE:
        return True
    if ch in "’'":
        return prev in _MARKS
    return ch == '"' and not _is_opening_place(prev)


def matching_quotes(text: str, before: str) -> str:
    """``text`` (a suggestion to insert after ``before``) with its quotation marks matching
    the quotations before it (module docstring): each closing mark the one of the innermost
    quotation open, each opening one with none open of the text's kind; cut before a curly
    closing mark that closes nothing. Reads the last QUOTE_WINDOW characters of ``before``."""
    if not _QUOTES.intersection(text):
        return text  # most suggestions: nothing to read
    open_, kind = open_quotations(before[-QUOTE_WINDOW:])
    stack, out, prev = list(open_), [], before[-1:]
    for ch in text:
        if _closes(ch, prev):
            if stack:
                ch = CLOSE[stack.pop()]
            elif ch not in STRAIGHT:
                break  # a curly or corner mark that closes nothing
        elif ch in OPENERS or (ch == '"' and _is_opening_place(prev)):
            if not stack and kind is not None and ch in OPENERS:
                ch = kind
            stack.append(ch)
        out.append(ch)
        prev = ch
    return "".join(out)

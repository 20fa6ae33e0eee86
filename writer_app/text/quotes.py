"""Quotation marks in the writer's style: straight (' ") or curly (‘ ’ “ ”), no Qt.

A model trained on texts of both styles may close a curly quotation with a straight mark
(a tester's “I can’t believe it," he). ``in_quote_style`` writes a suggestion's marks in
the style of the last quotation mark before the cursor; with none there it leaves them.
Which curly mark a straight one becomes follows the usual "smart quotes" rule (as word
processors do it): an opening mark at the start, after whitespace or after an opening
bracket, dash or other opening quote; a closing one (or an apostrophe) after anything
else.
"""

from __future__ import annotations

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

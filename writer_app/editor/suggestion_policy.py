"""Where a suggestion makes sense: pure rules on the text around the cursor.

A suggestion is asked for only with the cursor at the end of a line or before nothing
but whitespace and closing punctuation, with no selection, outside IME composition, and
with some text before the cursor to condition on.

The empty-paragraph rule: suggestions come by themselves only once the cursor's
paragraph has a character that is not a space before the cursor. At the start of an
empty paragraph (or after only spaces and tabs there) nothing is shown unless the
writer asks (Ctrl+Space), so Tab there always indents: it never depends on whether a
suggestion such as an opening quote happened to arrive just before the key.

What of an answer is shown in a file whose encoding cannot hold all of it
(``candidates_for_file``): the candidates the file can hold, and after a best candidate
it cannot hold, the next one only where it is known to meet the confidence threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from writer_app.text.units import split_units

# What may follow the cursor on its line and still count as "the end" of it.
TRAILING_OK = frozenset(" \t\u00a0\u3000.,;:!?)]}\"'”’»›。，、；：！？）」』】》")
# Characters read after the cursor to decide; more than this is certainly not "the end".
LOOKAHEAD_CHARS = 32
# Characters after the cursor (up to the end of its line) handed to the engine, whose
# suggestion must not repeat them (writer_app.text.fit reads that line).
AFTER_CHARS = 200
# Characters before the cursor handed to the engine (its context window is in tokens;
# a few KB covers context_tokens=256 at ~4 bytes/token with room to spare).
CONTEXT_CHARS = 4096


def at_suggestion_spot(after_cursor: str) -> bool:
    """True if ``after_cursor`` (the rest of the line) is only whitespace/closing punctuation."""
    return all(ch in TRAILING_OK for ch in after_cursor)


def has_context(before_cursor: str) -> bool:
    """Something to continue: at least one non-space character before the cursor."""
    return bool(before_cursor.strip())


def paragraph_started(before_cursor: str) -> bool:
    """True if the cursor's paragraph (the text after the last line break in
    ``before_cursor``) has a character other than whitespace before the cursor."""
    return bool(before_cursor.rpartition("\n")[2].strip())


def should_suggest(before_cursor: str, after_cursor: str, *, has_selection: bool,
                   composing: bool, enabled: bool, asked: bool = False) -> bool:
    """All the rules together; ``after_cursor`` is at most LOOKAHEAD_CHARS of the line.
    ``asked``: the writer asked (Ctrl+Space), which also works at the start of an empty
    paragraph (the empty-paragraph rule in the module docstring)."""
    if not enabled or has_selection or composing:
        return False
    if not (asked or paragraph_started(before_cursor)):
        return False
    return has_context(before_cursor) and at_suggestion_spot(after_cursor)


def _first_word(candidate: str) -> str:
    """The first unit of ``candidate`` (text.units: a word or one CJK character), unspaced."""
    units = split_units(candidate)
    return units[0].strip() if units else ""


def candidates_for_file(candidates: Sequence[str], fits: Callable[[str], bool], asked: bool) -> tuple[str, ...]:
    """What of an answer's ``candidates`` (best first) may be shown in a file that holds
    only what ``fits`` accepts (its encoding: simplified characters in a Big5 file): those
    it holds. Where it cannot hold the best one, a suggestion that came by itself (not
    ``asked``) begins with the first candidate it holds whose first word (a unit: one Han
    character) is the best one's, or is not shown: the answer's confidence (Suggestion.score,
    checked against the threshold) is that of the best candidate's first word, and the
    others' is unknown (a tester's Big5 file got "5" after 我們 and "，" after 今天). Asked
    for (Ctrl+Space: whatever the confidence), the first it holds is shown."""
    kept = [c for c in candidates if fits(c)]
    if asked or not kept or kept[0] == candidates[0]:
        return tuple(kept)
    best = _first_word(candidates[0])
    while kept and _first_word(kept[0]) != best:
        kept.pop(0)
    return tuple(kept)

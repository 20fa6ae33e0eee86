"""Where a suggestion makes sense: pure rules on the text around the cursor.

A suggestion is asked for only with the cursor at the end of a line or before nothing
but whitespace and closing punctuation, with no selection, outside IME composition, and
with some text before the cursor to condition on.

The empty-paragraph rule: suggestions come by themselves only once the cursor's
paragraph has a character that is not a space before the cursor. At the start of an
empty paragraph (or after only spaces and tabs there) nothing is shown unless the
writer asks (Ctrl+Space), so Tab there always indents: it never depends on whether a
suggestion such as an opening quote happened to arrive just before the key.
"""

from __future__ import annotations

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

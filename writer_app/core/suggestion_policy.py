"""Where a suggestion makes sense: pure rules on the text around the cursor.

A suggestion is asked for only with the cursor at the end of a line or before nothing
but whitespace and closing punctuation, with no selection, outside IME composition, and
with some text before the cursor to condition on.
"""

from __future__ import annotations

# What may follow the cursor on its line and still count as "the end" of it.
TRAILING_OK = frozenset(" \t\u00a0\u3000.,;:!?)]}\"'”’»›。，、；：！？）」』】》")
# Characters read after the cursor to decide; more than this is certainly not "the end".
LOOKAHEAD_CHARS = 32
# Characters before the cursor handed to the engine (its context window is in tokens;
# a few KB covers context_tokens=256 at ~4 bytes/token with room to spare).
CONTEXT_CHARS = 4096


def at_suggestion_spot(after_cursor: str) -> bool:
    """True if ``after_cursor`` (the rest of the line) is only whitespace/closing punctuation."""
    return all(ch in TRAILING_OK for ch in after_cursor)


def has_context(before_cursor: str) -> bool:
    """Something to continue: at least one non-space character before the cursor."""
    return bool(before_cursor.strip())


def should_suggest(before_cursor: str, after_cursor: str, *, has_selection: bool,
                   composing: bool, enabled: bool) -> bool:
    """All the rules together; ``after_cursor`` is at most LOOKAHEAD_CHARS of the line."""
    if not enabled or has_selection or composing:
        return False
    return has_context(before_cursor) and at_suggestion_spot(after_cursor)

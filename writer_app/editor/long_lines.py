"""The longest line (paragraph) the editor lets the writer edit.

QPlainTextEdit lays out a whole paragraph again on every change to it, in time that
grows with the paragraph's length. Measured with ``docs/keystroke_stall.py lines`` on
the 2-core VM while other jobs kept it loaded (load average 3-6; table in
docs/UI_NOTES.md), median / worst of 12 keys typed at the end of one line:

    characters   line wrap on      line wrap off
        30,000   14-16 / 20-23 ms  22-23 / 26-34 ms
        60,000   23 / 31-32 ms     44-46 / 48-112 ms
       100,000   39-45 / 53-54 ms  72-81 / 119-123 ms
     1,000,000   0.5-0.6 / 0.5-1.0 s  1.0-1.6 / 1.1-5.7 s

So that no key takes more than 100 ms, with room for a slower or busier machine and
with line wrap off, a file with a line longer than MAX_EDITABLE_LINE_CHARS opens
read-only, and a paste that would make such a line is refused. Prose paragraphs are a
few thousand characters at most.
"""

from __future__ import annotations

import re
from typing import Any

MAX_EDITABLE_LINE_CHARS = 30_000

# What ends a paragraph in a QTextDocument (setPlainText turns each into a block break).
_BREAKS = re.compile("[\n\r\u2029]")


def longest_line(text: str) -> int:
    """Length in characters (code points) of the longest line of ``text``. O(len(text)),
    in C (str.split; a Python loop over str.find took 0.6-1 s for a 40 MB file's 621k
    lines, split 0.3 s), with a copy of the text while it runs."""
    for other in "\r\u2029":
        if other in text:
            text = text.replace(other, "\n")
    return max(map(len, text.split("\n")))


def longest_after_insert(before: int, after: int, inserted: str) -> int:
    """The longest line once ``inserted`` goes between ``before`` and ``after``
    characters of one line (a paste into the middle of a paragraph)."""
    first = _BREAKS.search(inserted)
    if first is None:
        return before + len(inserted) + after
    last = max(m.end() for m in _BREAKS.finditer(inserted))
    middle = longest_line(inserted[first.end():last - 1]) if last - 1 > first.end() else 0
    return max(before + first.start(), middle, len(inserted) - last + after)


def read_only_reason(name: str, longest: int) -> str:
    """The message for a file opened read-only for its long line (whole sentences: what
    happened, why, what to do)."""
    return (f"{name} is open read-only: it has a line of {longest:,} characters. In a line "
            f"over {MAX_EDITABLE_LINE_CHARS:,} characters every key would make the editor "
            "pause for a tenth of a second or more. To edit it, split that line into shorter "
            "paragraphs in another program and open the file again; you can still read, "
            "search and copy it here.")


def paste_refusal(longest: int) -> str:
    """The message for a paste refused because it would make a line too long to edit."""
    return (f"Not pasted: it would make a line of {longest:,} characters, and in a line over "
            f"{MAX_EDITABLE_LINE_CHARS:,} characters every key would make the editor pause. "
            "Split it into paragraphs first; it is still on the clipboard.")


def too_long_to_edit(text: str) -> int | None:
    """The length in characters of ``text``'s longest line when it is over
    MAX_EDITABLE_LINE_CHARS (such a text opens read-only), else None. O(len(text)), as
    longest_line: a file loading in the background has it known before its text is in."""
    longest = longest_line(text)
    return longest if longest > MAX_EDITABLE_LINE_CHARS else None


def limit_long_lines(editor: Any, name: str, text: str) -> str | None:
    """Make ``editor`` (a QPlainTextEdit) read-only for a text with a line too long to edit
    without stalling every key (too_long_to_edit), editable otherwise; the message saying
    why and what to do (read_only_reason), or None."""
    longest = too_long_to_edit(text)
    editor.setReadOnly(longest is not None)
    return None if longest is None else read_only_reason(name, longest)

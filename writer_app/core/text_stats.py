"""Word and character counts for the status bar.

A word is a run of non-space characters holding at least one letter or digit; each CJK
character counts as one word, as word processors count Chinese and Japanese.
"""

from __future__ import annotations

import re

from writer_app.core.ghost_state import CJK

# The lookbehind makes a match start only at the start of a run, so this is linear time
# even on long runs of punctuation.
_WORD = re.compile(rf"[{CJK}]|(?<![^\s{CJK}])(?=[^\s{CJK}]*?[^\W_{CJK}])[^\s{CJK}]+")


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def count_chars(text: str) -> int:
    """Characters (code points) other than line breaks."""
    return len(text) - text.count("\n")

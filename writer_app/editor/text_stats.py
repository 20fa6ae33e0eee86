"""Word and character counts for the status bar.

A word is a run of non-space characters holding at least one letter or digit; each letter
or digit of a script written without spaces (writer_app.text.chars.is_cjk: Han, kana,
Hangul, full-width forms) counts as one word, as word processors count Chinese and
Japanese; its punctuation (，。「」) is punctuation like any other.
"""

from __future__ import annotations

import re
from functools import cache

from writer_app.text.chars import NO_SPACE


@cache
def _word_re() -> re.Pattern[str]:
    """Compiled on first use. The lookbehind makes a match start only at the start of a
    run, so this is linear time even on long runs of punctuation."""
    cjk = NO_SPACE.word_chars().regex_class()  # CJK letters and digits, one word each
    return re.compile(rf"[{cjk}]|(?<![^\s{cjk}])(?=[^\s{cjk}]*?[^\W_{cjk}])[^\s{cjk}]+")


def count_words(text: str) -> int:
    """Words in ``text`` (see the module docstring)."""
    return len(_word_re().findall(text))


def count_chars(text: str) -> int:
    """Characters (code points) other than line breaks."""
    return len(text) - text.count("\n")

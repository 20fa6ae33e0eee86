"""Which language's model should continue the text before the cursor: Chinese or English.

The rule (``detect_script``), on the last ``WINDOW_CHARS`` (200) characters before the
cursor:

- Count *units*. Chinese units: each Han character (CJK Unified Ideographs U+4E00-U+9FFF,
  extension A U+3400-U+4DBF, extensions B-G U+20000-U+323AF, compatibility ideographs
  U+F900-U+FAFF) and each CJK punctuation mark or full-width form (U+3000-U+303F,
  U+FE30-U+FE4F, U+FF01-U+FF60, U+FFE0-U+FFE6), plus bopomofo. Other units: each run of
  other letters (``str.isalpha``), that is one per word, whatever its length.
  Digits, spaces, ASCII punctuation and symbols count for neither side.
- Why a word and not a letter: a Han character carries about as much as a short English
  word, so counting letters would let "我用了iPhone手机" (7 Han characters, 6 letters)
  look half English. Per unit it is 7 against 1.
- The current paragraph (text after the last newline) decides alone when it holds at least
  ``PARAGRAPH_UNITS`` (3) units, so a new paragraph in the other language switches after
  a few words rather than after 200 characters.
- Chinese share = Chinese units / all units. Above ``ZH_ABOVE`` (0.6) the answer is "zh",
  below ``EN_BELOW`` (0.4) it is "en"; from 0.4 to 0.6 inclusive, and when there are no
  units at all (empty text, digits, ASCII punctuation), the previous answer stands. This
  hysteresis keeps one English word inside Chinese text (or a Chinese name in English
  text) from switching the model back and forth.

No Qt; a few microseconds per call (at most 200 characters are looked at).
"""

from __future__ import annotations

ZH = "zh"
EN = "en"
WINDOW_CHARS = 200
PARAGRAPH_UNITS = 3
ZH_ABOVE = 0.6
EN_BELOW = 0.4

# Half-open code point ranges that count as Chinese units.
_CHINESE_RANGES: tuple[tuple[int, int], ...] = (
    (0x3000, 0x3040),  # CJK symbols and punctuation: 、。〈〉《》「」『』【】〜
    (0x3100, 0x3130),  # bopomofo
    (0x31A0, 0x31C0),  # bopomofo extended
    (0x3400, 0x4DC0),  # CJK unified ideographs extension A
    (0x4E00, 0xA000),  # CJK unified ideographs
    (0xF900, 0xFB00),  # CJK compatibility ideographs
    (0xFE30, 0xFE50),  # CJK compatibility forms (vertical punctuation)
    (0xFF01, 0xFF61),  # full-width ASCII variants and brackets: ，！？：；（）
    (0xFFE0, 0xFFE7),  # full-width signs: ￥ ￡
    (0x20000, 0x323B0),  # CJK unified ideographs extensions B-H and compatibility supplement
)


def is_chinese(ch: str) -> bool:
    """True for a Han character or a CJK punctuation mark / full-width form (one code point)."""
    cp = ord(ch)
    if cp < 0x3000:
        return False
    return any(lo <= cp < hi for lo, hi in _CHINESE_RANGES)


def count_units(text: str) -> tuple[int, int]:
    """(Chinese units, other words) in ``text``; see the module docstring for the units."""
    chinese = other = 0
    in_word = False
    for ch in text:
        if is_chinese(ch):
            chinese += 1
            in_word = False
        elif ch.isalpha():
            if not in_word:
                other += 1
            in_word = True
        else:
            in_word = False
    return chinese, other


def detect_script(text: str, previous: str = EN) -> str:
    """"zh" or "en" for the text before the cursor; ``previous`` is the last answer
    (returned on a tie or when ``text`` has no letters). Only the last WINDOW_CHARS
    characters of ``text`` are read."""
    window = text[-WINDOW_CHARS:]
    paragraph = window[window.rfind("\n") + 1:]
    chinese, other = count_units(paragraph)
    if chinese + other < PARAGRAPH_UNITS and len(paragraph) < len(window):
        chinese, other = count_units(window)
    total = chinese + other
    if total == 0:
        return previous
    share = chinese / total
    if share > ZH_ABOVE:
        return ZH
    if share < EN_BELOW:
        return EN
    return previous


class ScriptDetector:
    """``detect_script`` with its memory: one per editor, so each document keeps its own
    hysteresis. ``language`` is the last answer ("en" before the first call)."""

    def __init__(self, initial: str = EN) -> None:
        self.language = initial

    def detect(self, text_before_cursor: str) -> str:
        self.language = detect_script(text_before_cursor, self.language)
        return self.language

    def detect_near(self, text_before_cursor: str, text_after_cursor: str) -> str:
        """``detect`` for a cursor that has not typed yet (a file just opened, a click):
        with no letters or Han characters in the WINDOW_CHARS before the cursor, the first
        WINDOW_CHARS after it decide (the cursor at the top of a Chinese file is in
        Chinese text)."""
        chinese, other = count_units(text_before_cursor[-WINDOW_CHARS:])
        if chinese + other == 0:
            return self.detect(text_after_cursor[:WINDOW_CHARS])
        return self.detect(text_before_cursor)

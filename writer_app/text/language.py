"""Which language's model should continue the text before the cursor: Chinese or English.

The rule (``detect_script``), on the last ``WINDOW_CHARS`` (200) characters before the
cursor:

- Count *units*. Chinese units: each character of writer_app.text.chars.CHINESE (a Han
  character, a CJK punctuation mark or full-width form, bopomofo). Other units: each run of
  other letters (``str.isalpha``), that is one per word, whatever its length.
  Digits, spaces, ASCII punctuation and symbols count for neither side.
- Why a word and not a letter: a Han character carries about as much as a short English
  word, so counting letters would let "我用了iPhone手机" (7 Han characters, 6 letters)
  look half English. Per unit it is 7 against 1.
- The current paragraph (text after the last newline) decides alone when it holds at least
  ``PARAGRAPH_UNITS`` (3) units, so a new paragraph in the other language switches after
  a few words rather than after 200 characters.
- Chinese share (``chinese_share``) = Chinese units / all units. Above ``ZH_ABOVE`` (0.6)
  the answer is "zh", below ``EN_BELOW`` (0.4) it is "en" (``choose_model_language``);
  from 0.4 to 0.6 inclusive, and when there are no units at all (empty text, digits,
  ASCII punctuation), the previous answer stands. This hysteresis keeps one English word
  inside Chinese text (or a Chinese name in English text) from switching the model back
  and forth.

Two rules of a single request refine the document's answer, each on the characters just
before the cursor: Han characters being typed go to the Chinese model even in a paragraph
routed to English (``model_language``), and a Latin word typed inside Chinese text is only
completed (``completes_word_only``).

No Qt; a few microseconds per call (at most 200 characters are looked at).
"""

from __future__ import annotations

from writer_app.text.chars import is_chinese, is_han

ZH = "zh"
EN = "en"
WINDOW_CHARS = 200
PARAGRAPH_UNITS = 3
ZH_ABOVE = 0.6  # Chinese share above which the Chinese model is chosen
EN_BELOW = 0.4  # Chinese share below which the English model is chosen


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
    return choose_model_language(chinese_share_of_units(chinese, other), previous)


def chinese_share(text: str) -> float | None:
    """Chinese units / all units of ``text`` (count_units), from 0.0 to 1.0; None when
    ``text`` has no units (empty, digits, ASCII punctuation). The whole text is read."""
    return chinese_share_of_units(*count_units(text))


def chinese_share_of_units(chinese: int, other: int) -> float | None:
    """chinese / (chinese + other), or None when both are 0."""
    total = chinese + other
    return chinese / total if total else None


def choose_model_language(share: float | None, previous: str = EN) -> str:
    """The routing rule on a Chinese share: ZH above ZH_ABOVE, EN below EN_BELOW, else
    (the band from EN_BELOW to ZH_ABOVE inclusive, or None: no units) ``previous``."""
    if share is None:
        return previous
    if share > ZH_ABOVE:
        return ZH
    if share < EN_BELOW:
        return EN
    return previous


def latin_word_being_typed(text: str) -> bool:
    """True when ``text`` ends with a run of ASCII letters (a Latin word being typed, "用Pyth")
    that does not continue a longer run of letters or digits."""
    i = len(text)
    while i > 0 and text[i - 1].isascii() and text[i - 1].isalpha():
        i -= 1
    return i < len(text) and not (i > 0 and text[i - 1].isascii() and text[i - 1].isalnum())


def completes_word_only(text: str, language: str) -> bool:
    """Whether the suggestion at the end of ``text``, in a document routed to ``language``,
    should be only the rest of the word being typed (DecodingConfig.extent REST_OF_WORD): a
    Latin word typed inside Chinese text ("我们用Pyth"), where "." or " is" cannot be right.
    The document's own model completes it: on the d2l-zh held-out text the Chinese model
    saves 26.6% of the letters with 56.8% of its shown completions right (its card's rest
    threshold, 0.1), where the English model, which completed them before, saved 16.0% at
    55.7% (bench/RESULTS.md, "A Latin word in Chinese text: the Chinese model"). The document's own language (the
    hysteresis of detect_script) is not changed by it."""
    return language == ZH and latin_word_being_typed(text)


def chinese_being_typed(text: str) -> bool:
    """True when ``text`` ends with Chinese being typed: a run of Chinese units (is_chinese:
    Han characters, CJK marks) holding a Han character ("and then we然后我们用", "In short,
    这个，"); only the last WINDOW_CHARS characters are read."""
    for ch in reversed(text[-WINDOW_CHARS:]):
        if not is_chinese(ch):
            return False
        if is_han(ch):
            return True
    return False


def model_language(text: str, language: str) -> str:
    """The language of the model that continues ``text`` in a document routed to
    ``language``: ZH where Chinese is being typed at the end of it (chinese_being_typed),
    whatever the document's language, else ``language``. A paragraph of mostly English
    stays routed to English (detect_script's hysteresis), but the English model, reading
    Han characters it cannot represent, continued "and then we然后我们用" with "re, and "
    and "In short, 这个" with "tτους "; the mirror of completes_word_only (a Latin word
    typed inside Chinese text goes to the document's Chinese model)."""
    return ZH if language != ZH and chinese_being_typed(text) else language


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

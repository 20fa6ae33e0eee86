"""What typing Chinese text costs through a full-pinyin input method (issue 12).

A Chinese writer does not press one key per character: with full pinyin (IBus libpinyin,
Sogou, Microsoft Pinyin) a Han character costs the letters of its pinyin without tones
(算 -> "suan", 4 keys; ü is typed as v: 绿 -> "lv", 2 keys), and each word costs one more
key that commits it (space or a digit picking the candidate). Everything else (Latin letters,
digits, punctuation, spaces, a newline) is one key. The model here:

* pinyin: ``pypinyin.lazy_pinyin`` (style NORMAL: no tones) of each run of Han characters,
  read as a whole so that the phrase dictionary picks the reading in context (长大 -> zhang da,
  行长 -> hang zhang). A Han character without a reading in pypinyin's tables costs 1 key.
* words: the project's own segmenter (writer_app.text.words.segment_han: jieba's dictionary
  via rjieba, no HMM), the same cut that Ctrl+Right accepts. One commit key per word, charged
  to the word's last character.
* when the editor sees the text: an input method shows the pinyin in its own preedit and
  hands the editor a whole word at its commit, so inside a Han run a suggestion can be asked
  for only at a word end (``commit_points``); elsewhere after every character.

A suggestion accepted with one key (Tab) or k keys (Ctrl+Right per word) saves the cost of
the characters it inserts minus those keys (bench/simulate.py does the accounting with
``costs=keystroke_costs(text)``). The cost is a property of the reference text alone, so
"keystroke savings in IME keys" = 1 - keys pressed / ``sum(keystroke_costs(text))``.
"""

from __future__ import annotations

import re
from functools import cache

from writer_app.text.chars import HAN, is_han
from writer_app.text.words import segment_han

COMMIT_KEYS = 1  # keys that commit one word (space, or the digit of a candidate)
OTHER_KEYS = 1  # keys of any character that is not Han


@cache
def _han_run() -> re.Pattern[str]:
    return re.compile(rf"[{HAN.regex_class()}]+")


def pinyin_keys(run: str) -> list[int]:
    """Pinyin letters of each character of a run of Han characters (len(result) == len(run)).

    "算法" -> [4, 2]; "绿" -> [2] ("lv"). A character pypinyin has no reading for: 1.
    Raises ImportError when pypinyin is not installed (the ``test`` extra has it).
    """
    from pypinyin import Style, lazy_pinyin

    readings = lazy_pinyin(run, style=Style.NORMAL, errors=lambda chars: ["" for _ in chars])
    if len(readings) != len(run):  # pypinyin returns one reading per Han character
        raise ValueError(f"pypinyin returned {len(readings)} readings for {len(run)} characters")
    return [len(r) if r.isascii() and r.isalpha() else OTHER_KEYS for r in readings]


def _han_words(text: str) -> list[tuple[int, list[int]]]:
    """(start, word ends relative to start) of every Han run of ``text``."""
    return [(m.start(), segment_han(m.group(0))) for m in _han_run().finditer(text)]


def keystroke_costs(text: str) -> list[int]:
    """Keys an input-method writer presses for each character of ``text`` (same length).

    A Han character: its pinyin letters, plus COMMIT_KEYS if a segmented word ends with it;
    anything else: OTHER_KEYS. "我们算法。" (segmented 我们|算法) -> [2, 4, 4, 3, 1]
    (wo, men + commit, suan, fa + commit, 。).
    """
    costs = [OTHER_KEYS] * len(text)
    for start, ends in _han_words(text):
        run = text[start:start + ends[-1]]
        for i, keys in enumerate(pinyin_keys(run)):
            costs[start + i] = keys
        for end in ends:
            costs[start + end - 1] += COMMIT_KEYS
    return costs


def ime_keys(text: str) -> int:
    """Keys to type ``text`` through a full-pinyin input method, no suggestions taken."""
    return sum(keystroke_costs(text))


def commit_points(text: str) -> set[int]:
    """Positions (0..len(text)) at which the editor holds ``text[:pos]`` while the writer
    types ``text`` through an input method: every position except those inside a segmented
    Han word ("我们算法" -> {0, 2, 4}; "ab算法" -> {0, 1, 2, 4})."""
    points = set(range(len(text) + 1))
    for start, ends in _han_words(text):
        prev = 0
        for end in ends:
            points -= set(range(start + prev + 1, start + end))
            prev = end
    return points


def is_han_text(text: str) -> bool:
    """More than half of the non-space characters are Han (the text is Chinese)."""
    chars = [ch for ch in text if not ch.isspace()]
    return sum(map(is_han, chars)) * 2 > len(chars)

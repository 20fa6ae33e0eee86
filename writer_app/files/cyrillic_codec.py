"""Telling Russian (Ukrainian, Serbian) text in Windows-1251 or KOI8-R from other bytes
(writer_app.files.text_codec asks before charset-normalizer guesses, which took a tester's
short KOI8-R diary for Shift-JIS)."""

from __future__ import annotations

import re

_CYRILLIC_CODECS = ("cp1251", "koi8-r")  # Windows' and Unix's Russian code pages
_CYRILLIC_MARKS = frozenset("«»–—…№“”‘’„\u00a0")
_MIXED_WORD = re.compile("[A-Za-z][\u0400-\u045f]|[\u0400-\u045f][A-Za-z]")  # a Latin and a Cyrillic letter together
_CAPITAL_INSIDE = re.compile("[\u0430-\u045f][\u0400-\u042f]")  # a capital after a small letter
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")  # about 40% of Russian's letters


def cyrillic_codec(data: bytes) -> str | None:
    """'cp1251' or 'koi8-r' if the bytes read as Russian (or Ukrainian, Serbian) text in it,
    else None: every non-ASCII character a Cyrillic letter or a mark Russian text uses, at
    least three letters, none written against a Latin letter and no capital inside a word,
    at least 30% vowels (Greek and Hebrew read as Cyrillic break one of these), and most
    of them lower case. Each code page puts the other's lower case letters at its upper case, so the right
    one is the one that reads mostly lower case (charset-normalizer took a tester's short
    KOI8-R diary for Shift-JIS, and an edit saved Shift-JIS into it)."""
    best: tuple[float, str] | None = None
    for codec in _CYRILLIC_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        high = [ch for ch in text if ord(ch) > 0x7F]
        letters = [ch for ch in high if "\u0400" <= ch <= "\u045f"]
        if len(letters) < 3 or any(ch not in _CYRILLIC_MARKS for ch in high if ch not in letters):
            continue
        if _MIXED_WORD.search(text) or _CAPITAL_INSIDE.search(text):  # Polish "Zaїуіж", Greek "КблзмЭсб"
            continue
        lower = sum(ch.islower() for ch in letters) / len(letters)
        vowels = sum(ch in _CYRILLIC_VOWELS for ch in letters) / len(letters)
        if lower > 0.5 and vowels >= 0.3 and (best is None or lower > best[0]):  # Hebrew read so: 0.14
            best = (lower, codec)
    return best[1] if best else None

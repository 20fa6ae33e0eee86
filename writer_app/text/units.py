"""Characters, words and sentence ends as the decoder sees them.

A *unit* is what the decoder scores as a suggestion's first word and keeps whole when
it cuts a suggestion: optional leading whitespace followed by either a word
(letters/digits, with inner apostrophes as in "don't"), one CJK character, or one other
character (punctuation, symbol, emoji); CJK is writer_app.text.chars.is_cjk. (What
Ctrl+Right accepts, with a dictionary segmenter for Chinese, is writer_app.text.words;
writer_app.text says why the two differ.) Byte-level helpers turn token bytes
into whole characters only: a character split across tokens is held back until its last
byte arrives.
"""

from __future__ import annotations

import re

from writer_app.text.chars import is_cjk

# Full-width (CJK) forms end sentences and phrases as their ASCII forms do: 。！？． and the
# halfwidth ｡, the small forms ﹒﹖﹗ (old typesetting, e.g. Gutenberg's Lu Xun), ‼⁇⁈⁉; phrases:
# ，；：、 and ､﹐﹑﹔﹕︰.
SENTENCE_END = frozenset(".!?…。！？．｡﹒﹖﹗‼⁇⁈⁉")
PHRASE_END = frozenset(",;:，；：、､﹐﹑﹔﹕︰")
CLOSING = frozenset("\"'”’)]}»›」』）》〉】〕〗〙〛〞﹂﹄＂＇］｝｣")
APOSTROPHES = frozenset("'’")
# What is typed in place of the space an accepted word took ("world " + "," is "world,"):
# marks written right after a word, never after a space, and the apostrophes, which may
# open a quotation but mostly join the word before ("there's", "Holmes’s"): of those after a
# letter in the English novels and OpenStax text, 95% of ' and 99% of ’ come right after it
# (94,611 against 4,839 after a space; 17,712 against 234); and the em dash, written
# against the word before it 99.9% of the time in the novels, 84% in the modern prose
# (3,587 against 2; 9,766 against 1,824). Opening marks (‘ “ ( ...) stay after the space.
TAKES_ACCEPTED_SPACE = SENTENCE_END | PHRASE_END | frozenset(")]}”»›—") | APOSTROPHES
# Marks written in runs: an ellipsis of full stops, "!!", "?!", "……", "！！"
REPEATED = frozenset(".!?…！？")
NEWLINES = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")


_ABBREVIATION = re.compile(r"(?:\b\w+\.\w+\.|\betc\.)\s*$")


def ends_in_abbreviation(text: str) -> bool:
    """Whether ``text`` (spaces after it aside) ends with an abbreviation's full stop: a word
    written with inner full stops ("e.g.", "U.S.", "Ph.D.") or "etc.". A comma may follow
    one ("e.g.,"), where after any other full stop it may not."""
    return _ABBREVIATION.search(text) is not None


def takes_accepted_space(mark: str, before: str) -> bool:
    """Whether ``mark``, typed right after the space an accepted word took (``before``: the
    text before that space), takes its place: a mark of TAKES_ACCEPTED_SPACE, or a straight
    double quote that closes one opened in the paragraph (an odd number of them before it:
    'letters. "' was a tester's)."""
    if mark in TAKES_ACCEPTED_SPACE:
        return True
    return mark == '"' and before[before.rfind("\n") + 1:].count('"') % 2 == 1


def replaces_accepted_mark(mark: str, before: str) -> bool:
    """Whether ``mark``, typed right after the sentence or phrase mark an accepted suggestion
    ended with (``before``: the text up to that mark and the space after it, if any), takes
    that mark's place: the writer's own mark decides ("much. " + "," is "much,"), unless the
    accepted one is an abbreviation's full stop ("e.g.,": ends_in_abbreviation). The same
    mark again continues it where marks are written in runs (REPEATED), so only the space
    goes: "stairs. " + "." is "stairs..", an ellipsis begun; "night! " + "!" is "night!!";
    a comma or "。" again is the same mark retyped ("much, " + "," is "much,")."""
    if mark not in SENTENCE_END | PHRASE_END:
        return False
    again = mark == before.rstrip(" ")[-1:] and mark in REPEATED
    return not again and not ends_in_abbreviation(before)


def is_word_char(ch: str) -> bool:
    """A letter or digit of a space-separated script (CJK excluded)."""
    if ch < "\x80":  # ASCII, most of what the decoder reads: no CJK lookup
        return ch.isalnum()
    return ch.isalnum() and not is_cjk(ch)


def _unit_end(text: str, i: int) -> int:
    """Where the unit starting at ``text[i]`` ends (see the module docstring)."""
    n = len(text)
    j = i
    while j < n and text[j].isspace():
        j += 1
    if j == n:
        return n
    if not is_word_char(text[j]):
        return j + 1
    k = j + 1
    while k < n:
        if is_word_char(text[k]):
            k += 1
        elif text[k] in APOSTROPHES and k + 1 < n and is_word_char(text[k + 1]):
            k += 2
        else:
            break
    return k


def split_units(text: str) -> list[str]:
    """Split ``text`` into units (see the module docstring); "".join(result) == text.

    Trailing whitespace with nothing after it forms a unit of its own.
    """
    units: list[str] = []
    i = 0
    while i < len(text):
        k = _unit_end(text, i)
        units.append(text[i:k])
        i = k
    return units


def first_unit(text: str) -> str | None:
    """split_units(text)[0] when another unit follows it (the first word is then
    complete), else None; without splitting the rest."""
    k = _unit_end(text, 0)
    return text[:k] if k < len(text) else None


def is_word_unit(unit: str) -> bool:
    """True if the unit ends with a word character (so more letters could extend it)."""
    return bool(unit) and is_word_char(unit[-1])


def is_boundary_char(ch: str) -> bool:
    """True if ``ch`` cannot continue a word: whitespace, punctuation, symbols, CJK."""
    return not is_word_char(ch) and ch not in APOSTROPHES


def complete_units_prefix(text: str) -> str:
    """``text`` without a trailing word that might continue (its end is not confirmed).

    "to the stat" -> "to the"; "to the," and "我们" are kept whole. Trailing whitespace
    is removed.
    """
    units = split_units(text)
    if units and is_word_unit(units[-1]):
        units.pop()
    return "".join(units).rstrip()


def ends_sentence(text: str) -> bool:
    """True if ``text`` ends a sentence: . ! ? … (or CJK forms), maybe with closing quotes."""
    t = text.rstrip()
    while t and t[-1] in CLOSING:
        t = t[:-1]
    return bool(t) and t[-1] in SENTENCE_END


def ends_phrase(text: str) -> bool:
    """True if ``text`` ends with phrase punctuation (, ; : and CJK forms)."""
    t = text.rstrip()
    return bool(t) and t[-1] in PHRASE_END


def stop_position(text: str, start: int = 0, phrase: bool = False) -> int | None:
    """Where a suggestion ending at the first sentence (or phrase) end in text[start:] stops.

    Returns the index just past that punctuation and any closing quotes or brackets after
    it (a sentence end also takes more sentence ends: "?!", "……", "。」"), or None when
    text[start:] has none. Byte-level BPE merges runs of punctuation into one token, and
    Chinese text has no space after a full stop, so a token such as "。“" or "：“" carries
    the next sentence's opening quote: the stop cuts it off instead of missing the end.
    start: where the new text begins (the part before it was checked already).
    """
    ends = SENTENCE_END | PHRASE_END if phrase else SENTENCE_END
    for i in range(start, len(text)):
        ch = text[i]
        if ch not in ends:
            continue
        j = i + 1
        follow = CLOSING | SENTENCE_END if ch in SENTENCE_END else CLOSING
        while j < len(text) and text[j] in follow:
            j += 1
        return j
    return None


def whole_chars(data: bytes) -> tuple[str, bool]:
    """Decode the longest prefix of ``data`` made of whole UTF-8 characters.

    Returns (text, valid). Bytes of a character still incomplete at the end are held
    back (valid stays True); an invalid byte sequence, or a literal U+FFFD, cuts the
    text there and sets valid to False. The text never contains U+FFFD.
    """
    try:
        text, valid = data.decode("utf-8"), True
    except UnicodeDecodeError as exc:
        text = data[: exc.start].decode("utf-8")
        valid = exc.end == len(data) and exc.reason == "unexpected end of data"
    cut = text.find("\ufffd")
    if cut >= 0:
        return text[:cut], False
    return text, valid


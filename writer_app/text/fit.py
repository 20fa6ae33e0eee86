"""What of a suggestion can be right where it would be inserted: rules on the text around
the cursor (no Qt, no model).

A language model proposes text from the tokens before the cursor; some of what it proposes
cannot be right at that place whatever the writer meant, and is cut off here
(``fit_suggestion``), each rule on the characters alone:

- *A space where Chinese writes none* (``no_space_between``). Chinese text never has a
  space before a Han character, a CJK mark or an opening quotation mark (“ ‘) after Chinese
  text (a Han character or CJK mark, closing quotation marks and brackets after it aside:
  " “我" after "？”" is "“我"), nor before a CJK mark anywhere; whether a space separates
  a Latin word or code from a Han character is the document's own style (the d2l-zh
  textbook writes "用Python写", others "用 Python 写"), so before a Han character after
  anything else ("def main():" + " 这") the space goes in a text that does not space the
  scripts (``spaces_between_scripts``). Such a suggestion loses its leading whitespace.
- *Scripts glued where the text never glues them.* A Latin letter or digit straight next
  to a Han character in a suggestion ends it before the join when the text spaces the
  scripts, and so does a Latin letter straight after a Han character in a text with no
  Latin letter in its last WINDOW_CHARS characters ("匚X"): a Chinese model with few Latin
  tokens makes such joins up.
- *An alphabet the text does not use.* A letter of a script other than Latin or Han
  (Greek, Cyrillic, Hangul, kana…) that the last WINDOW_CHARS characters hold no letter of
  ends the suggestion before it: a tester's English model, chosen for Chinese text too,
  offered "τους" after 这个方法.
- *A closing mark with nothing to close.* 」 』 ） 》 】 〉 ) ] } close only what the
  paragraph opened: one with no opener open before it (in the paragraph before the cursor
  and the suggestion so far) ends the suggestion before it ("》的" after text with no 《).
- *Quotation marks that do not match.* A closing quotation mark is the one of the
  quotation open in the paragraph (“ with ”, ‘ with ’, " with ", 「 with 」, 『 with 』: a
  novelist's “I am not a girl, + ’ she said. gets ” she said.); a curly one that closes
  nothing ends the suggestion before it ("。”" after text with no “); a quotation opened
  with none open is of the kind the text's others are ("‘I " after a text of “” only is
  "“I ", "「" after a Chinese text of “” only is "“", and "“" after one of 「」 only "「")
  (writer_app.text.quotes.matching_quotes; ’ is also an apostrophe: it closes only right
  after a sentence or phrase mark).
- *Spaces no writer types.* Two spaces between words become one (also between the word
  before the cursor and the suggestion: "I didn't" got "  know"), a space after the space
  before the cursor goes, and a space between a word and a comma or full stop goes:
  "couldn" got "'t  have" and "'t ." from a model that learnt them from transcriptions that
  have them (Woolf's "Aren't  you", "horizon , one").
- *A mark where none is written.* A suggestion that begins with a sentence or phrase mark
  (. , ; : ! ? and their CJK forms) right after whitespace, at the start of the text, or
  right after such a mark is cut whole ("didn't " + ". ", "temporary..." + ".", "https:" +
  ":", "。" + "，"): a mark follows a word, and one mark ends it. "e.g." + "," and "etc." +
  "," are written, so after the full stop of an abbreviation (a word with an inner full stop,
  or "etc.") a comma or semicolon may come.
- *A word doubled.* A suggestion whose first word is the Latin word just written
  ("sixty years earlier " + "earlier. ", "the" + " the") is cut whole: writers double a
  word by mistake, and the document cache had learnt such a slip from the text.
- *Quotation marks in another style.* Straight marks in a suggestion become curly after
  text whose last quotation mark is curly, and curly ones straight after a straight one
  (writer_app.text.quotes: a tester's “I can’t believe it," he).
- *What is already there.* The text after the cursor (its first line) may already hold the
  end of the suggestion: a suggestion ending in the characters that follow the cursor
  ("。" before "。", a space before spaces) loses them, and one ending in sentence or phrase
  punctuation before punctuation of that kind loses its own ("好！" before "。": "好").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from writer_app.text.chars import HAN, is_chinese, is_cjk, is_cjk_punctuation, is_han
from writer_app.text.quotes import in_quote_style, matching_quotes
from writer_app.text.units import CLOSING, PHRASE_END, SENTENCE_END, ends_in_abbreviation

WINDOW_CHARS = 200  # how far back the document's style (spacing, gluing) is read
PAIRS = {"「": "」", "『": "』", "（": "）", "《": "》", "【": "】", "〈": "〉",
         "(": ")", "[": "]", "{": "}", "〔": "〕", "﹁": "﹂", "﹃": "﹄"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
_ENDS = SENTENCE_END | PHRASE_END
_H, _L = f"[{HAN.regex_class()}]", "[A-Za-z0-9]"  # a Han character; what _latin accepts
# Zero-width, so overlapping joins all count ("a的b": two)
_GLUED = re.compile(f"(?={_H}{_L}|{_L}{_H})")
_SPACED = re.compile(f"(?={_H} {_L}|{_L} {_H})")
_ASCII_LETTER = re.compile("[A-Za-z]")
_OPENING_QUOTES = frozenset("“‘")


def _latin(ch: str) -> bool:
    """An ASCII letter or digit (what a Latin word or a number in Chinese text is made of)."""
    return ch.isascii() and ch.isalnum()


@lru_cache(maxsize=16)  # the same window is read for every candidate of a suggestion
def script_joins(text: str) -> tuple[int, int]:
    """(glued, spaced): how often ``text`` puts a Han character straight next to a Latin
    letter or digit ("用P", "n的"), and how often with one space between ("用 P", "n 的")."""
    return len(_GLUED.findall(text)), len(_SPACED.findall(text))


def spaces_between_scripts(before: str) -> bool:
    """True when the last WINDOW_CHARS characters of ``before`` separate Han characters from
    Latin words with a space more often than they join them directly."""
    glued, spaced = script_joins(before[-WINDOW_CHARS:])
    return spaced > glued


def _open_marks(paragraph: str) -> list[str]:
    """The opening marks of PAIRS still open at the end of ``paragraph`` (a stack)."""
    stack: list[str] = []
    for ch in paragraph:
        if ch in PAIRS:
            stack.append(ch)
        elif ch in CLOSERS and stack and stack[-1] == CLOSERS[ch]:
            stack.pop()
    return stack


_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_SPACE_BEFORE_MARK = re.compile(r"(?<=\w) (?=[.,](?:\s|$))")


def _tidy_spaces(text: str, before: str) -> str:
    """``text`` without the spaces no writer types inside a suggestion, or at its start
    after the word or space before the cursor ("wasn't" + " .", "didn't" + "  know";
    module docstring)."""
    last = before[-1:]
    joined = last + (text.lstrip(" ") if last == " " else text)
    return _SPACE_BEFORE_MARK.sub("", _DOUBLE_SPACE.sub(" ", joined))[len(last):]


_LAST_WORD = re.compile(r"([A-Za-z]+)(\s*)$")  # the word before the cursor, the spaces after it
_FIRST_WORD = re.compile(r"\s*([A-Za-z]+)")


def _cut_doubled_word(text: str, before: str) -> str:
    """``text``, or "" when its first word repeats the word before it (module docstring)."""
    last, first = _LAST_WORD.search(before), _FIRST_WORD.match(text)
    if last is None or first is None or not (last.group(2) or text[:1].isspace()):
        return text  # no word there, or the suggestion finishes the word being typed
    return "" if first.group(1).lower() == last.group(1).lower() else text


def _cut_mark_after_mark(text: str, before: str) -> str:
    """``text``, or "" when it begins with a mark where none is written (module docstring)."""
    if not text or text[0] not in _ENDS:
        return text
    last = before[-1:]
    if not last or last.isspace():
        return ""
    if last in _ENDS and not (text[0] in ",;" and ends_in_abbreviation(before)):
        return ""
    return text


def _ends_in_chinese(before: str) -> bool:
    """Whether ``before`` ends with Chinese text: a Han character or CJK mark, maybe followed
    by closing quotation marks and brackets, an ellipsis or a dash ("？”", "好）", "说……")."""
    last = before.rstrip("".join(CLOSING) + "…—")[-1:]
    return bool(last) and is_chinese(last)


def no_space_between(before: str, first: str) -> bool:
    """Whether the text written so far, ``before`` (not ending in whitespace), takes no
    space before the character ``first`` (module docstring: a Han character, a CJK mark or
    “ ‘ after Chinese text; a CJK mark anywhere; a Han character after a Latin word or code
    in a text that does not space the scripts)."""
    if is_cjk_punctuation(first) or (is_cjk(first) and is_cjk(before[-1])):
        return True
    if (is_han(first) or first in _OPENING_QUOTES) and _ends_in_chinese(before):
        return True
    return is_han(first) and not spaces_between_scripts(before)


def _drop_space(text: str, before: str) -> str:
    """``text`` without a leading space the text before it would not write (module docstring)."""
    body = text.lstrip()
    if body == text or not body or not before or before[-1].isspace():
        return text
    return body if no_space_between(before, body[0]) else text


def _cut_glue(text: str, before: str) -> str:
    """``text`` up to the first Han-Latin join in it that ``before``'s window would not
    make: any join in a text that spaces the scripts, a Latin letter after a Han character
    in a text without Latin letters."""
    glued, spaced = script_joins(before)
    spaced_style = spaced > glued
    no_letters = _ASCII_LETTER.search(before) is None
    if not spaced_style and not no_letters:
        return text
    prev = before[-1:] if text[:1] and not text[0].isspace() else ""
    for i, ch in enumerate(text):
        if prev and (is_han(prev) and _latin(ch) or _latin(prev) and is_han(ch)):
            if spaced_style or (no_letters and ch.isascii() and ch.isalpha()):
                return text[:i]
        prev = ch
    return text


def _script(ch: str) -> str:
    """The alphabet of the letter ``ch`` as the first word of its Unicode name ("GREEK",
    "CYRILLIC", "HANGUL"); "" for anything not a letter, a Latin letter, or a Han character."""
    if not ch.isalpha() or ch <= "\u024f" or is_han(ch):
        return ""
    script = unicodedata.name(ch, "").split(" ", 1)[0]
    return "" if script == "LATIN" else script  # ligatures (ﬁ), Vietnamese (ạ), … too


@lru_cache(maxsize=16)  # the same window is read for every candidate of a suggestion
def _scripts_in(text: str) -> frozenset[str]:
    return frozenset(_script(ch) for ch in text)


def _cut_foreign_script(text: str, before: str) -> str:
    """``text`` up to its first letter of an alphabet ``before`` has no letter of."""
    for i, ch in enumerate(text):
        script = _script(ch)
        if script and script not in _scripts_in(before):
            return text[:i]
    return text


def _cut_unmatched(text: str, before: str) -> str:
    """``text`` up to its first closing mark that closes nothing open in the paragraph."""
    stack = _open_marks(before[before.rfind("\n") + 1:])
    for i, ch in enumerate(text):
        if ch in PAIRS:
            stack.append(ch)
        elif ch in CLOSERS:
            if not stack or stack[-1] != CLOSERS[ch]:
                return text[:i]
            stack.pop()
    return text


_CLOSING = "".join(CLOSERS) + "”’\"'"  # what may follow a mark at a suggestion's end


def _cut_present(text: str, after: str) -> str:
    """``text`` without the end that ``after`` (the rest of the cursor's line) already holds."""
    line = after.split("\n", 1)[0]
    for k in range(min(len(text), len(line)), 0, -1):  # the longest overlap (spaces too)
        if text.endswith(line[:k]):
            return text[:-k]
    if line.strip() and line[0] in _ENDS:
        return text.rstrip("".join(_ENDS) + _CLOSING)
    return text


def fit_suggestion(text: str, before: str, after: str = "") -> str:
    """The part of the suggestion ``text`` that can be right between ``before`` (the text
    before the cursor) and ``after`` (the text after it): the rules of the module
    docstring applied in turn; "" when nothing but whitespace is left. Reads the last
    WINDOW_CHARS characters of ``before`` (quotations: quotes.QUOTE_WINDOW) and the first
    line of ``after``."""
    text = matching_quotes(in_quote_style(text, before[-WINDOW_CHARS:]), before)
    before = before[-WINDOW_CHARS:]
    text = _cut_mark_after_mark(_drop_space(_tidy_spaces(text, before), before), before)
    text = _cut_doubled_word(text, before)
    text = _cut_glue(text, before)
    text = _cut_foreign_script(text, before)
    text = _cut_unmatched(text, before)
    text = _cut_present(text, after)
    return text if text.strip() else ""

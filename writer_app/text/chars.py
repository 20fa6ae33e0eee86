"""Which characters are Han, Chinese, or of a script written without spaces: the Unicode
ranges, defined once, and the predicates built from them.

Ranges are inclusive code point ranges named after their Unicode blocks (Unicode 15.1,
https://www.unicode.org/Public/UCD/latest/ucd/Blocks.txt). Three sets are built from them,
each for one question:

- ``HAN``: Han ideographs, what a Chinese word segmenter handles: 〇 (U+3007), the unified
  ideographs (URO and extension A), compatibility ideographs, and planes 2-3 (extensions
  B-I and the compatibility supplement). ``is_han``.
- ``CHINESE``: what counts as a Chinese *unit* when choosing between the Chinese and the
  English model (writer_app.text.language): HAN, CJK punctuation and full-width forms
  (U+3000-U+303F, U+FE30-U+FE4F, U+FF01-U+FF60, U+FFE0-U+FFE6) and bopomofo. ``is_chinese``.
- ``NO_SPACE``: scripts written without spaces between words, where one character is one
  word: everything in CHINESE plus radicals, kana, Hangul and the rest of the half- and
  full-width block, less the full-width Latin letters and digits (``FULLWIDTH_ALNUM``:
  "１０" in Chinese text is one number, as "10" is). ``is_cjk``. The decoder's units,
  Ctrl+Right pieces and the status bar's word count all split text with it.

The tokenizer's pre-split (training/tokenizer.py) uses the regex property ``\\p{Han}``
instead (``TOKENIZER_HAN_PATTERN``): it is saved inside every shipped tokenizer.json, so it
cannot follow these ranges without retraining the models. It differs from HAN at the
edges (the Unicode Script property Han also holds 々, 〻 and the radicals).

No Qt, no torch. Membership is a binary search over the sorted ranges: O(log ranges).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

Range = tuple[int, int]  # inclusive (first, last) code points

# Unicode blocks (or the used part of one), in code point order.
CJK_RADICALS: Range = (0x2E80, 0x2FDF)  # CJK Radicals Supplement, Kangxi Radicals
IDEOGRAPHIC_DESCRIPTION: Range = (0x2FE0, 0x2FFF)  # ⿰⿱… (and the unassigned gap before them)
CJK_SYMBOLS_PUNCTUATION: Range = (0x3000, 0x303F)  # 　、。〈〉《》「」『』【】〇〜
IDEOGRAPHIC_ZERO: Range = (0x3007, 0x3007)  # 〇, a Han numeral inside the punctuation block
KANA: Range = (0x3040, 0x30FF)  # Hiragana, Katakana
BOPOMOFO: Range = (0x3100, 0x312F)
HANGUL_COMPATIBILITY_JAMO: Range = (0x3130, 0x318F)
KANBUN: Range = (0x3190, 0x319F)
BOPOMOFO_EXTENDED: Range = (0x31A0, 0x31BF)
CJK_STROKES_KATAKANA_EXT: Range = (0x31C0, 0x31FF)  # CJK Strokes, Katakana Phonetic Extensions
CJK_EXT_A: Range = (0x3400, 0x4DBF)
CJK_UNIFIED: Range = (0x4E00, 0x9FFF)  # the URO: nearly all of modern Chinese
HANGUL_SYLLABLES: Range = (0xAC00, 0xD7AF)
CJK_COMPATIBILITY_IDEOGRAPHS: Range = (0xF900, 0xFAFF)
VERTICAL_FORMS: Range = (0xFE10, 0xFE1F)  # vertical ︐︑︒︓ (GB 18030's vertical punctuation)
CJK_COMPATIBILITY_FORMS: Range = (0xFE30, 0xFE4F)  # vertical punctuation ︰﹁﹂
SMALL_FORM_VARIANTS: Range = (0xFE50, 0xFE6F)  # small punctuation ﹐﹑﹔﹖ (CNS 11643, Big5)
HALFWIDTH_FULLWIDTH: Range = (0xFF00, 0xFFEF)  # the whole Halfwidth and Fullwidth Forms block
FULLWIDTH_ASCII: Range = (0xFF01, 0xFF60)  # ，！？：；（）ＡＢ１２ and ｟｠
FULLWIDTH_SIGNS: Range = (0xFFE0, 0xFFE6)  # ￠￡￢￣￤￥￦
# Full-width Latin letters and digits: ０-９, Ａ-Ｚ, ａ-ｚ (a run of them is a word, "１０").
FULLWIDTH_ALNUM: tuple[Range, ...] = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
CJK_SUPPLEMENTARY: Range = (0x20000, 0x323AF)  # planes 2-3: extensions B-I, compatibility supplement

# Symbols of Chinese text outside the CJK blocks (GB2312 and Big5 have them): general
# punctuation “”—…※, the euro sign € (Windows' code pages 936 and 950, GB18030), arrows,
# box drawing ──, geometric shapes ○■, ★☆, small forms ﹐﹑.
CHINESE_TEXT_SYMBOLS: tuple[Range, ...] = (
    (0x00B7, 0x00B7), (0x2010, 0x205E), (0x20AC, 0x20AC), (0x2190, 0x21FF), (0x2500, 0x25FF),
    (0x2605, 0x2606), (0xFE50, 0xFE6F),
)

HAN_RANGES: tuple[Range, ...] = (
    IDEOGRAPHIC_ZERO, CJK_EXT_A, CJK_UNIFIED, CJK_COMPATIBILITY_IDEOGRAPHS, CJK_SUPPLEMENTARY,
)
CJK_PUNCTUATION_RANGES: tuple[Range, ...] = (
    CJK_SYMBOLS_PUNCTUATION, CJK_COMPATIBILITY_FORMS, FULLWIDTH_ASCII, FULLWIDTH_SIGNS,
)
CHINESE_RANGES: tuple[Range, ...] = (
    *HAN_RANGES, *CJK_PUNCTUATION_RANGES, BOPOMOFO, BOPOMOFO_EXTENDED,
)
NO_SPACE_RANGES: tuple[Range, ...] = (
    *CHINESE_RANGES, CJK_RADICALS, IDEOGRAPHIC_DESCRIPTION, KANA, HANGUL_COMPATIBILITY_JAMO,
    KANBUN, CJK_STROKES_KATAKANA_EXT, HANGUL_SYLLABLES, HALFWIDTH_FULLWIDTH,
)  # less FULLWIDTH_ALNUM

TOKENIZER_HAN_PATTERN = r"\p{Han}"  # the tokenizers pre-split regex (Oniguruma script property)


class CharSet:
    """The code points of the inclusive ``ranges`` (overlaps allowed) less those of
    ``excluded``; ``ch in s`` for one character (a str of length 1; anything else is not
    in the set)."""

    def __init__(self, ranges: Iterable[Range], excluded: Iterable[Range] = ()) -> None:
        merged: list[list[int]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        for xlo, xhi in excluded:
            kept: list[list[int]] = []
            for lo, hi in merged:
                if hi < xlo or lo > xhi:
                    kept.append([lo, hi])
                    continue
                if lo < xlo:
                    kept.append([lo, xlo - 1])
                if hi > xhi:
                    kept.append([xhi + 1, hi])
            merged = kept
        self.ranges: tuple[Range, ...] = tuple((lo, hi) for lo, hi in merged)
        self._starts = [lo for lo, _ in self.ranges]
        self._first = self._starts[0]
        self._word_chars: CharSet | None = None
        self._seen: dict[str, bool] = {}  # memo of __contains__ (the decoder asks ~1e5 times a second)

    def __contains__(self, ch: object) -> bool:
        try:
            return self._seen[ch]  # type: ignore[index]
        except (KeyError, TypeError):  # not asked yet, or unhashable
            pass
        if not isinstance(ch, str) or len(ch) != 1:
            return False
        cp = ord(ch)
        found = cp >= self._first and cp <= self.ranges[bisect_right(self._starts, cp) - 1][1]
        self._seen[ch] = found  # at most one entry per character asked about
        return found

    def word_chars(self) -> CharSet:
        """The letters and digits of this set (what ``re``'s ``[^\\W_]`` matches, per this
        Python's Unicode database); computed on first use (~10 ms for NO_SPACE)."""
        if self._word_chars is None:
            ranges: list[Range] = []
            for lo, hi in self.ranges:
                block = "".join(map(chr, range(lo, hi + 1)))
                ranges += [(lo + m.start(), lo + m.end() - 1) for m in re.finditer(r"[^\W_]+", block)]
            self._word_chars = CharSet(ranges)
        return self._word_chars

    def regex_class(self) -> str:
        """The body of a regex character class (no brackets) matching exactly this set."""
        return "".join(chr(lo) if lo == hi else f"{chr(lo)}-{chr(hi)}" for lo, hi in self.ranges)


HAN = CharSet(HAN_RANGES)
CJK_PUNCTUATION = CharSet(CJK_PUNCTUATION_RANGES, excluded=(IDEOGRAPHIC_ZERO,))
CHINESE = CharSet(CHINESE_RANGES)
NO_SPACE = CharSet(NO_SPACE_RANGES, excluded=FULLWIDTH_ALNUM)
HANGUL = CharSet((HANGUL_SYLLABLES,))
PRESENTATION_FORMS = CharSet((VERTICAL_FORMS, CJK_COMPATIBILITY_FORMS, SMALL_FORM_VARIANTS))
_CHINESE_TEXT = CharSet((*CHINESE_RANGES, *CHINESE_TEXT_SYMBOLS))


def is_han(ch: str) -> bool:
    """True for a Han ideograph (one Chinese character; see HAN)."""
    return ch in HAN


def is_cjk_punctuation(ch: str) -> bool:
    """True for CJK punctuation or a full-width form: a character of the CJK Symbols and
    Punctuation or CJK Compatibility Forms blocks other than 〇 (、。「」〜　), or a full-width
    ASCII variant or sign (，！？（）Ａ１￥)."""
    return ch in CJK_PUNCTUATION


def is_chinese(ch: str) -> bool:
    """True for a Han character, a CJK punctuation mark / full-width form, or bopomofo:
    one Chinese unit of the model-routing rule (writer_app.text.language)."""
    return ch in CHINESE


def is_cjk(ch: str) -> bool:
    """True for a character of a script written without spaces (Han, kana, Hangul, their
    punctuation and the half- and full-width forms other than Latin letters and digits):
    no space marks where its words end (each is a word of its own in the decoder's units
    and the word count; Ctrl+Right groups Han characters with a segmenter)."""
    return ch in NO_SPACE


def is_hangul(ch: str) -> bool:
    """True for a precomposed Hangul syllable (U+AC00-U+D7AF)."""
    return ch in HANGUL


# UTF-8 lead bytes of the ideographs and their punctuation: 0xE3-0xE9 begin U+3000-U+9FFF
# (CJK symbols, kana, bopomofo, extension A, the URO). A token holding only such a byte
# starts a CJK character (writer_app.inference.token_table).
CJK_UTF8_LEAD_BYTES = frozenset(range(0xE3, 0xEA))


def is_chinese_text_char(ch: str) -> bool:
    """True for a non-ASCII character that plain Chinese text is made of: is_chinese, or
    one of the symbols of GB2312/Big5 outside the CJK blocks (CHINESE_TEXT_SYMBOLS)."""
    return ch in _CHINESE_TEXT


def is_presentation_form(ch: str) -> bool:
    """True for a presentation form of punctuation (PRESENTATION_FORMS: the Vertical Forms,
    CJK Compatibility Forms and Small Form Variants blocks, ︓︰﹁﹔﹖): glyph variants that
    legacy encodings (Big5, CNS 11643) kept as characters of their own. Horizontal text
    today writes the ordinary mark instead (：「；？): Lu Xun's 呐喊 in the training text
    writes "说︰" for "说："."""
    return ch in PRESENTATION_FORMS


# ︰ is NFKC's two-dot leader "..", but Big5 text uses it as its vertical colon
_PRESENTATION_EXCEPTIONS = {"\ufe30": "：", "\ufe19": "…"}


@lru_cache(maxsize=1)
def _horizontal_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in PRESENTATION_FORMS.ranges:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            form = _PRESENTATION_EXCEPTIONS.get(ch) or unicodedata.normalize("NFKC", ch)
            if len(form) == 1 and form.isascii() and not form.isalnum() and form > " ":
                form = chr(ord(form) + 0xFEE0)  # ASCII punctuation -> its full-width form
            if len(form) == 1 and form != ch and not is_presentation_form(form):
                table[cp] = form
    return table


def horizontal_forms(text: str) -> str:
    """``text`` with each presentation form (is_presentation_form) written as horizontal
    Chinese text writes it: its Unicode compatibility mapping (NFKC, UAX #15), full-width
    where that is ASCII punctuation (﹔ -> ；, ︓ -> ：, ﹁ -> 「, ︱ -> —), and ︰ -> ：, ︙ -> …;
    forms without a one-character mapping (﹅ sesame dots, ﹉ overlines) are kept. Other
    characters are unchanged, so the length is too."""
    return text.translate(_horizontal_table())

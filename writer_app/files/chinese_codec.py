"""Telling Chinese text in a legacy encoding from other bytes (writer_app.files.text_codec
asks first, before charset-normalizer guesses): GB18030/GBK, Big5, Windows' code pages
936 and 950, and Korean CP949, whose Hangul shares GB2312's byte ranges.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from writer_app.files import cp936
from writer_app.files.frequent_han import FREQUENT_HAN
from writer_app.text.chars import is_chinese_text_char, is_han, is_hangul

# The Chinese encodings detection tries, in order (a tie goes to the earlier): GB18030 (a
# superset of GBK), Big5, then Windows' code pages for files the standard ones refuse:
# cp936 (GBK with € as byte 0x80, writer_app.files.cp936) and cp950 (Big5 with €).
GB_FAMILY = ("gb18030", cp936.NAME)
BIG5_FAMILY = ("big5", "cp950")
CHINESE_ENCODINGS = (GB_FAMILY[0], BIG5_FAMILY[0], GB_FAMILY[1], BIG5_FAMILY[1])
# A file whose first CJK_SAMPLE_BYTES read as common Chinese in GB18030 or Big5 (and not as
# Korean) is taken as such before charset-normalizer guesses, which it does poorly on
# short double-byte text (and it refused a 1.7 MB GBK novel).
CJK_SAMPLE_BYTES = 64 * 1024
# Of the Han characters a Chinese decoding gives, at least this share must be among the
# encoding's common characters (GB2312 level 1: 3,755; Big5 level 1: 5,401). Cuts of 4-50
# characters of 彷徨 score 1.0 (median) in their own encoding; GBK read as Big5 scores
# about 0.5-0.6 when it decodes at all, and Big5 read as GB18030 almost never passes.
COMMON_HAN_SHARE = 0.6
# Where another encoding may fit the same bytes, a Chinese reading must also have at least
# this share of its Han characters among the 1,000 most frequent (frequent_han.py).
FREQUENT_HAN_SHARE = 0.5
# Hangul-only CP949 text without spaces is Korean when under this share of its GBK reading's
# Han characters (at least 3) is among the 1,000 most frequent (frequent_han.py).
KOREAN_BELOW = 0.25


def chinese_codec(data: bytes, whole: bool = True) -> str | None:
    """One of CHINESE_ENCODINGS if ``data`` reads as ordinary Chinese in it ('cp949' when
    that reading is really Korean), else None.

    Each is decoded strictly; a reading counts when it holds Han characters and nothing
    but ASCII, Han, CJK and full-width punctuation and the symbols Chinese text uses
    (general punctuation such as “”—…, ──, ※, ○, and signs such as ℃ ①: chinese_text_char);
    its score is the share of its Han characters that are common (COMMON_HAN_SHARE). GBK
    read as Big5 or Big5 read as GBK gives many rare characters (or kana, Greek, Cyrillic from the symbol rows), so the
    real encoding scores higher; a tie (你好 is common in both) goes to GB18030. Korean
    (EUC-KR/CP949), whose Hangul shares GB2312's byte ranges, is told apart by
    _reads_as_korean. A reading of punctuation only scores 0.9 (GB18030) or 0.85 (Big5).
    charset-normalizer guesses such short double-byte text poorly (你好 -> 斕疑, a
    shopping list -> Korean, text with ── refused).
    """
    best: tuple[float, str] | None = None
    for codec in CHINESE_ENCODINGS:
        score = _common_han_share(data, codec, whole)
        if score is not None and score >= COMMON_HAN_SHARE and (best is None or score > best[0]):
            best = (score, codec)
    if best is None:
        return None
    return "cp949" if _reads_as_korean(data, best[1], whole) else best[1]


def _decode(data: bytes, codec: str, whole: bool) -> str:
    """Strict decoding; with ``whole`` False ``data`` is the start of a file, so a character
    cut at its end is left out instead of failing. Raises UnicodeDecodeError."""
    return codecs.getincrementaldecoder(codec)().decode(data, final=whole)


def _common_han_share(data: bytes, codec: str, whole: bool = True) -> float | None:
    """Share of the Han characters of ``data`` read as ``codec`` that are in its level 1
    (the common characters), or None when it does not decode or reads as more than
    Chinese text (chinese_text_char)."""
    try:
        text = _decode(data, codec, whole)
    except UnicodeDecodeError:
        return None
    han = [ch for ch in text if is_han(ch)]
    if any(ord(ch) > 0x7F and not chinese_text_char(ch) for ch in text):
        return None
    gb = codec in GB_FAMILY
    if not han:  # punctuation or full-width forms only: GB18030 first on a tie
        return 0.9 if gb else 0.85
    return sum(_level1(ch, gb) for ch in han) / len(han)


def _level1(ch: str, gb: bool) -> bool:
    """Whether ``ch`` is a level-1 (common) Han character of GB2312 (``gb``) or of Big5."""
    try:
        b = ch.encode("gb2312" if gb else "big5")
    except UnicodeEncodeError:
        return False
    code = b[0] << 8 | b[1]
    return (0xB0A1 <= code <= 0xD7F9) if gb else (0xA440 <= code <= 0xC67E)


def is_common_han(ch: str) -> bool:
    """Whether ``ch`` is a common Han character, simplified or traditional: level 1 of
    GB2312 (3,755) or of Big5 (5,401)."""
    return _level1(ch, True) or _level1(ch, False)


# Control characters that text does not hold (all but tab, newlines and form feed; DEL),
# and the bytes that are these characters in every ASCII-based encoding.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
CONTROL_BYTES = re.compile(CONTROL_CHARS.pattern.encode("latin-1"))


def chinese_plausibility(text: str) -> tuple[float, float] | None:
    """How ordinary ``text`` is as Chinese, to rank readings of the same bytes: (the share
    of its non-ASCII characters that are common Han or Chinese punctuation, the share of its
    Han among the 1,000 most frequent); None when it has no non-ASCII character, or one that
    Chinese text does not hold (chinese_text_char; unassigned), or a control character but
    tab, newlines and form feed. Signs such as ℃ and rare Han are allowed but not common:
    they are what a wrong reading gives (…… in UTF-16 read in the other byte order is ☠☠)."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide or CONTROL_CHARS.search(text) or not all(
            chinese_text_char(ch) and unicodedata.category(ch) != "Cn" for ch in wide):
        return None
    han = [ch for ch in wide if is_han(ch)]
    common = sum(is_common_han(ch) if is_han(ch) else is_chinese_text_char(ch) for ch in wide)
    return common / len(wide), (sum(ch in FREQUENT_HAN for ch in han) / len(han) if han else 0.0)


def chinese_text_char(ch: str) -> bool:
    """Whether ``ch``, a non-ASCII character, may be in a Chinese reading of a file: one of
    writer_app.text.chars.is_chinese_text_char, or a sign or number form (Unicode categories
    S and N) such as GB2312's and Big5's ℃ ± × ≤ ① ⑴ Ⅱ ㈠ (a tester's GBK 温度是25℃ was
    refused by this test and read as Korean JOHAB). The letters of those encodings' kana,
    Greek and Cyrillic rows, which a wrong reading gives, are not."""
    return is_chinese_text_char(ch) or unicodedata.category(ch)[0] in "SN"


def _reads_as_korean(data: bytes, codec: str, whole: bool = True) -> bool:
    """True if ``data`` decodes as CP949 (EUC-KR) to Hangul without Hanja, and either has a
    space between two Hangul words (Korean writes spaces, Chinese does not) or, when its
    Chinese reading is GB18030, under KOREAN_BELOW of that reading's Han characters (at
    least 3) are among the 1,000 most frequent (안녕하세요 -> 救崇窍技夸: 1 of 5; a short
    cut of 彷徨 has half or more 97% of the time). Big5 text often reads as Hangul too;
    it is Korean only with spaces."""
    try:
        text = _decode(data, "cp949", whole)
    except UnicodeDecodeError:
        return False
    hangul = [i for i, ch in enumerate(text) if is_hangul(ch)]
    if not hangul or any(is_han(ch) for ch in text):
        return False
    if any(text[i + 1 : i + 2] == " " and is_hangul(text[i + 2 : i + 3])
           for i in hangul):
        return True
    if codec not in GB_FAMILY:
        return False
    try:
        han = [ch for ch in _decode(data, "gb18030", whole) if is_han(ch)]
    except UnicodeDecodeError:
        return True
    return len(han) >= 3 and sum(ch in FREQUENT_HAN for ch in han) < KOREAN_BELOW * len(han)


def _letters(*spans: tuple[int, int]) -> frozenset[str]:
    return frozenset(chr(c) for lo, hi in spans for c in range(lo, hi + 1))


# The letters below U+0800 that real text is written with: Latin-1 and Latin Extended-A
# (European languages), Romanian's ș ț, modern Greek (but Ϊ Ϋ, capitals only all-caps text
# writes), Russian/Ukrainian/Serbian Cyrillic, Armenian, Hebrew, Arabic. GBK's common
# characters read as UTF-8 give archaic and phonetic ones (学 -> ѧ, 系统 -> ϵͳ, 为 -> Ϊ).
_COMMON_LETTERS = (_letters((0xC0, 0xFF), (0x100, 0x17F), (0x218, 0x21B), (0x386, 0x3CE), (0x400, 0x45F),
                            (0x490, 0x491), (0x531, 0x556), (0x561, 0x587), (0x5D0, 0x5EA), (0x621, 0x64A))
                   - frozenset("×÷\u03aa\u03ab"))
# Scripts whose letters stand glued to ASCII letters or digits in real text ("5μs", "Cæsar",
# "5ʹ end", a combining accent after its letter); a lone Cyrillic, Armenian, Hebrew... letter
# glued so is how GBK's common characters read as UTF-8 (为 -> Ϊ is Greek, 歇 -> Ъ Cyrillic).
_GLUED_SCRIPTS = frozenset({"LATIN", "GREEK", "MODIFIER", "COMBINING"})
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")
_WIDE = re.compile("[^\x00-\u07ff]")  # three or more bytes in UTF-8: not GBK's pairs


def chinese_misread_as_utf8(data: bytes, text: str) -> str | None:
    """The Chinese codec of ``data`` when its valid UTF-8 reading ``text`` is GBK or Big5
    text by chance (a tester's QPS约为12,000 read as "QPSԬΪ12,000" and saved half in each),
    else None.

    Only characters below U+0800 (two UTF-8 bytes, as GBK's pairs read) may be in ``text``;
    most of its runs of them must be implausible (_implausible_run: a C1 control, an
    unassigned character, letters of two scripts together, or a letter of another
    alphabet glued to ASCII letters or digits, or a letter outside the alphabets real text
    uses, _COMMON_LETTERS); and ``data`` must read as common Chinese in GB18030 or Big5
    (chinese_codec) with at least half its Han characters among the 1,000 most frequent.
    Of 1,077 random GBK strings of 1-4 frequent characters that decode as UTF-8 it catches
    760 (the rest read as letters real text writes too, such as 女 -> Ů); of 255,105
    paragraphs of the UTF-8 corpora, none; Russian, Greek, Armenian, Hebrew, Arabic,
    Polish, Czech, Turkish and Vietnamese samples stay UTF-8 (tests/files/test_text_codec.py).
    """
    text = text[:CJK_SAMPLE_BYTES]  # a long file is judged by its start, as chinese_codec does
    if _WIDE.search(text):
        return None
    runs = [_implausible_run(m.group(), text[m.start() - 1:m.start()], text[m.end():m.end() + 1])
            for m in _NON_ASCII_RUN.finditer(text)]
    if not runs or 2 * sum(runs) <= len(runs):
        return None
    return _common_chinese(data)


def utf8_may_be_chinese(text: str) -> bool:
    """Whether ``text``, a file's valid UTF-8 reading that chinese_misread_as_utf8 kept, is
    also common Chinese in GBK or Big5 (every non-ASCII character two UTF-8 bytes, as GBK's
    pairs read, and the bytes common Chinese by chinese_misread_as_utf8's measure): a
    tester's GBK 谢谢 is "лл" in UTF-8, Russian letters real text writes. Such a short file's
    encoding is a guess either way (text_codec.guessed_encoding)."""
    sample = text[:CJK_SAMPLE_BYTES]
    return (_NON_ASCII_RUN.search(sample) is not None and not _WIDE.search(sample)
            and _common_chinese(sample.encode("utf-8")) is not None)


def _common_chinese(data: bytes) -> str | None:
    """The Chinese codec (GB18030 or Big5) in which ``data`` reads as common Chinese, at
    least half its Han characters among the 1,000 most frequent; else None."""
    sample, whole = data[:CJK_SAMPLE_BYTES], len(data) <= CJK_SAMPLE_BYTES
    codec = chinese_codec(sample, whole)
    if codec is None or codec == "cp949":
        return None
    han = [ch for ch in _decode(sample, codec, whole) if is_han(ch)]
    return codec if han and sum(ch in FREQUENT_HAN for ch in han) >= FREQUENT_HAN_SHARE * len(han) else None


def _implausible_run(run: str, left: str, right: str) -> bool:
    """Whether ``run`` (characters U+0080-U+07FF between ``left`` and ``right``, ASCII or
    "") is unlikely in real UTF-8 text (chinese_misread_as_utf8)."""
    if any(ord(ch) <= 0x9F or unicodedata.category(ch) == "Cn" for ch in run):
        return True
    if any(unicodedata.category(ch) in ("Lu", "Ll", "Lt", "Lo") and ch not in _COMMON_LETTERS for ch in run):
        return True  # a letter real text does not use (modifier letters, "5ʹ end", are not judged)
    scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in run if unicodedata.category(ch)[0] in "LM"}
    if len(scripts) > 1:
        return True
    glued = any(side.isascii() and side.isalnum() for side in (left, right))
    return bool(scripts) and glued and not scripts <= _GLUED_SCRIPTS

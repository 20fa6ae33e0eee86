"""Bytes <-> text for the editor: detect a file's encoding, decode it, encode it back.

A file is decoded into (text, TextFormat) where TextFormat records the codec, whether it
had a byte-order mark and its newline style, so saving writes the same kind of bytes
back (an unedited file round-trips byte for byte, except mixed newlines, which are
unified to the first style found). Detection order: BOM (UTF-8, UTF-16, UTF-32); NUL
or control bytes: UTF-16 without a mark or binary (utf16_codec); strict UTF-8 (unless it
is Chinese that reads as UTF-8 by chance: chinese_misread_as_utf8); then legacy encodings
(GB18030/GBK, Big5, Western, Cyrillic first, then charset-normalizer,
https://github.com/jawah/charset_normalizer). Without a byte-order mark the encoding found
is always one that File → Reopen with Encoding offers (REOPEN_ENCODINGS), so the writer
can choose another in its place. Whether it is a guess: encoding_guess.py.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import AnyStr

from charset_normalizer import from_bytes
from charset_normalizer.constant import IANA_SUPPORTED
from charset_normalizer.utils import is_multi_byte_encoding

from writer_app.files import cp936
from writer_app.files.chinese_codec import CJK_SAMPLE_BYTES, CONTROL_BYTES, chinese_codec, chinese_misread_as_utf8
from writer_app.files.cyrillic_codec import cyrillic_codec
from writer_app.files.utf8_damage import STRONG_EVIDENCE, WEAK_EVIDENCE, damage_sentence, looks_like_damaged_utf8
from writer_app.files.utf16_codec import SNIFF_BYTES, UNMISTAKEN_BYTES, chinese_utf16, utf16_codec

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_OF = {name: bom for bom, name in _BOMS}

# What File → Reopen with Encoding offers: (menu label, Python codec). Detection names one of
# these for a file without a byte-order mark (a tester's short GBK file was read as Korean
# JOHAB, which no menu lists).
REOPEN_ENCODINGS: tuple[tuple[str, str], ...] = (
    ("UTF-8", "utf-8"), ("GBK (simplified Chinese, Windows code page 936)", cp936.NAME),
    ("GB18030 (simplified Chinese, all of Unicode)", "gb18030"), ("Big5 (traditional Chinese)", "big5"),
    ("Big5 with € (Windows code page 950)", "cp950"),
    ("UTF-16 LE", "utf-16-le"), ("UTF-16 BE", "utf-16-be"),
    ("Shift-JIS (Japanese)", "cp932"), ("EUC-KR (Korean)", "cp949"),
    ("Windows-1252 (Western)", "cp1252"), ("Latin-1", "latin-1"),
    ("Windows-1251 (Cyrillic)", "cp1251"), ("KOI8-R (Russian)", "koi8-r"), ("Windows-1253 (Greek)", "cp1253"),
    ("Windows-1255 (Hebrew)", "cp1255"), ("Windows-1254 (Turkish)", "cp1254"),
    ("Windows-1250 (Central European)", "cp1250"), ("Windows-1256 (Arabic)", "cp1256"),
    ("EUC-JP (Japanese)", "euc_jp"),
    # Detected before detection was limited to this list: offered so that such files still
    # open in their own encoding (and can be chosen when a guess is wrong).
    ("Windows-874 (Thai)", "cp874"), ("Windows-1257 (Baltic)", "cp1257"),
    ("Windows-1258 (Vietnamese)", "cp1258"), ("DOS (code page 437)", "cp437"),
    ("Western European DOS (code page 850)", "cp850"), ("Mac Roman", "mac_roman"),
)
_OFFERED = frozenset(codecs.lookup(codec).name for _, codec in REOPEN_ENCODINGS)
# charset-normalizer's names of them, the only ones it may try (GBK files read as GB18030)
_DETECTABLE = sorted({name for name in IANA_SUPPORTED if codecs.lookup(name).name in _OFFERED})

# Bytes handed to charset-normalizer (those looked at for NULs: utf16_codec.SNIFF_BYTES).
DETECT_BYTES = 1024 * 1024

# Codecs that charset-normalizer may name for text that decodes identically with a
# superset we prefer (GB2312 and GBK are subsets of GB18030).
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030"}
_WESTERN = {"cp1252", "latin_1", "iso8859_1", "iso8859_15"}
# A file that a narrower codec holds is that codec's: a GB18030 file without its four-byte
# codes is GBK as Windows writes it (code page 936, Notepad's "ANSI" on Chinese Windows), so
# text GBK cannot hold (an emoji, 𠮷) asks before it is saved in four-byte codes that GBK
# readers show as garbage (a tester's 🚀), and € is written as Windows does (0x80).
_NARROWER = {"gb18030": cp936.NAME}
# Offered codecs that read the same kind of bytes: when the detected one would write a
# file back differently, the first of its family that gives back the same bytes is taken.
_FAMILIES: tuple[tuple[str, ...], ...] = (("big5", "cp950"),)
# Non-ASCII characters of Western European text. If decoding as Windows-1252 gives only
# these, the file is Western: statistical detectors often pick a Baltic or Central
# European code page for short French or German texts ('garēon' for 'garçon').
_WESTERN_LETTERS = "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿœšž"
_WESTERN_CHARS = frozenset(
    _WESTERN_LETTERS + _WESTERN_LETTERS.upper() + "ßŸ«»“”‘’„‚–—…€£¥©®°·§¶¿¡ªº±×÷¢µ²³¹½¼¾\u00a0"
)


class DecodeError(Exception):
    """The bytes are not text this editor can open; the message says why."""


class BinaryFileError(DecodeError):
    """The data looks like a binary file (NUL bytes without a UTF-16/32 BOM)."""


class UnencodableTextError(ValueError):
    """The text holds characters the file's encoding cannot represent.

    ``char`` is the first such character and ``offset`` its index in the text; ``others``
    the other distinct characters it cannot represent, in text order (the message names
    up to OTHERS_NAMED of them and counts the rest: a tester's line with an emoji and
    Hangul was told of the emoji only).
    """

    OTHERS_NAMED = 4

    def __init__(self, encoding: str, char: str, offset: int, others: tuple[str, ...] = ()) -> None:
        named = ", ".join(_char_name(c) for c in others[:self.OTHERS_NAMED])
        more = len(others) - self.OTHERS_NAMED
        also = (f", nor can {named}" + (f" and {more} more" if more > 0 else "")) if others else ""
        super().__init__(f"The character {_char_name(char)} cannot be saved in "
                         f"{display_name(encoding)}{also}")
        self.encoding, self.char, self.offset, self.others = encoding, char, offset, others


def _char_name(char: str) -> str:
    return f"{char!r} (U+{ord(char):04X})"


@dataclass(frozen=True)
class TextFormat:
    """How a text is stored on disk: Python codec name, byte-order mark, newline."""

    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"

    @property
    def label(self) -> str:
        """A short name for the status bar's encoding field, e.g. 'UTF-8 BOM · CRLF'."""
        return " · ".join(self._parts())

    @property
    def description(self) -> str:
        """The label for a sentence, its parts between commas, e.g. 'GBK (CP936), CRLF' in
        "Opened notes.txt: GBK (CP936), CRLF" ("(GBK (CP936) · CRLF)" nested brackets)."""
        return ", ".join(self._parts())

    def _parts(self) -> list[str]:
        parts = [display_name(self.encoding) + (" BOM" if self.bom else "")]
        if self.newline != "\n":
            parts.append({"\r\n": "CRLF", "\r": "CR"}.get(self.newline, "LF"))
        return parts


def display_name(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return {
        "utf-8": "UTF-8", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE",
        "utf-32-le": "UTF-32 LE", "utf-32-be": "UTF-32 BE", "gb18030": "GB18030",
        "big5": "Big5", "cp1252": "Windows-1252", "iso8859-1": "Latin-1", "latin-1": "Latin-1",
        "cp1251": "Windows-1251", "koi8-r": "KOI8-R", "cp1253": "Windows-1253", "cp1254": "Windows-1254",
        "cp1255": "Windows-1255", "cp1256": "Windows-1256", "cp1258": "Windows-1258", "cp1250": "Windows-1250",
        "cp932": "Shift-JIS (CP932)", "shift_jis": "Shift-JIS",
        cp936.NAME: "GBK (CP936)", "cp950": "Big5 (CP950)",
    }.get(name, name.upper())


def detect_newline(text: str) -> str:
    """The first newline style found in ``text``: '\\r\\n', '\\r' or '\\n' (default)."""
    for i, ch in enumerate(text):
        if ch == "\n":
            return "\n"
        if ch == "\r":
            return "\r\n" if text[i + 1 : i + 2] == "\n" else "\r"
    return "\n"


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def looks_binary(data: bytes) -> bool:
    """True if the start of ``data`` has a NUL byte (text files, bar UTF-16/32, have none)."""
    return b"\x00" in data[:SNIFF_BYTES]


def _split_bom(data: bytes) -> tuple[str, bytes] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, data[len(bom) :]
    return None


def _western_codec(data: bytes) -> str | None:
    """'cp1252' or 'latin-1' if the bytes read as plain Western European text, else None.

    Two tests: decoded as Windows-1252, every non-ASCII character is a common Western
    letter or sign; and such characters mostly stand alone between ASCII letters, as
    accents do (a double-byte CJK encoding gives runs of two or more).
    """
    codec = "cp1252" if _decodes(data, "cp1252") else "latin-1"
    text = data.decode(codec)
    high = [i for i, ch in enumerate(text) if ord(ch) > 0x7F]
    if not high or any(text[i] not in _WESTERN_CHARS for i in high):
        return None
    paired = sum(1 for i in high if (i + 1 < len(text) and ord(text[i + 1]) > 0x7F)
                 or (i > 0 and ord(text[i - 1]) > 0x7F))
    if paired > len(high) // 2:
        return None
    # Without bytes 0x80-0x9F the two read the same, but only Windows-1252 can then take
    # “ ” € typed in (a tester's Latin-1 guess asked to convert the file to UTF-8 for them).
    return codec


_ADJACENT_HIGH = re.compile(b"[\x80-\xff]{2}")
def _legacy_codec(data: bytes) -> str:
    """Pick a codec for non-UTF-8 text. Raises DecodeError.

    First UTF-16 Chinese without a byte-order mark, if the file is long enough for that not
    to be chance (UNMISTAKEN_BYTES; chinese_utf16 with rivals), then a Chinese reading of
    the first CJK_SAMPLE_BYTES (chinese_codec: GB18030, Big5 or Korean CP949), then Western
    European text, then "utf-8" for damaged UTF-8 with weak
    evidence (utf8_damage.py: decode it with U+FFFD) unless it reads as ordinary Chinese in
    UTF-16 (chinese_utf16 with rivals), then charset-normalizer
    (https://github.com/jawah/charset_normalizer, _normalizer_codec) decides between the
    rest of the offered encodings (_DETECTABLE): it tells single-byte code pages apart
    poorly on short texts (it reads 'Ça va' as Big5); where it finds none, or guesses
    UTF-16, UTF-16 Chinese without a byte-order mark (chinese_utf16) is the last reading.
    """
    sample = data[:DETECT_BYTES]
    utf16 = chinese_utf16(data, rivals=True) if len(data) >= UNMISTAKEN_BYTES else None
    if utf16 is not None:  # 学界上也常有关于 in UTF-16 LE read as Windows-1252 "f[Lu\nN_N8^\tgsQŽN"
        return utf16
    if not _ADJACENT_HIGH.search(sample):  # no two high bytes together: Western text with a ° or µ
        western = _western_codec(sample)  # here and there ("180°C" was read as Big5 "180蚓C")
        if western is not None and _decodes(data, western):
            return western
    # a longer file is judged by its start (charset-normalizer refused a 1.7 MB GBK novel)
    chinese = chinese_codec(data[:CJK_SAMPLE_BYTES], whole=len(data) <= CJK_SAMPLE_BYTES)
    if chinese is not None:
        return chinese
    western = _western_codec(sample)
    if western is not None:
        return western if _decodes(data, western) else "latin-1"
    cyrillic = cyrillic_codec(sample)
    if cyrillic is not None and _decodes(data, cyrillic):
        return cyrillic
    if looks_like_damaged_utf8(data, WEAK_EVIDENCE):  # before charset-normalizer's guesses
        return chinese_utf16(data, rivals=True) or "utf-8"  # 觉得 in UTF-16 LE is "ɉ\x97_"
    return _normalizer_codec(data, sample)


def _normalizer_codec(data: bytes, sample: bytes) -> str:
    """charset-normalizer's reading of ``sample`` (the start of ``data``) among the offered
    encodings, or UTF-16 Chinese (chinese_utf16) where it has none or guesses UTF-16.
    Raises DecodeError."""
    matches = list(from_bytes(sample, cp_isolation=_DETECTABLE))
    best = matches[0] if matches else None
    if best is None or codecs.lookup(best.encoding).name.startswith("utf-16"):
        # no reading at all, or UTF-16 guessed from a few bytes without a mark or NULs
        # (cp936's 价格€100元 read as UTF-16 BE: Hangul and rare signs): UTF-16 if it reads
        # as Chinese (血液 in UTF-16 LE, "@\x88\xb2m", was refused)
        utf16 = chinese_utf16(data)
        if utf16 is None:
            raise DecodeError("The file is not text in any encoding this editor recognises.")
        return utf16
    if is_multi_byte_encoding(best.encoding):
        name = best.encoding.lower()
        return _SUPERSET.get(name, name)
    low = min(m.chaos for m in matches)
    for m in matches:
        if m.chaos <= low + 0.1 and _WESTERN & {c.lower() for c in m.could_be_from_charset}:
            return "cp1252" if _decodes(data, "cp1252") else "latin-1"
    name = best.encoding.lower()
    return _SUPERSET.get(name, name)


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _faithful_codec(data: bytes, codec: str) -> str:
    """The narrower codec of ``codec`` (_NARROWER) when it reads ``data`` as the same text and
    writes it back as exactly ``data``; else ``codec``, or else the first codec of its family
    (_FAMILIES) that does. (A sibling that reads other characters is not taken: cp932's
    0xED40 is 纊, shift_jis_2004's another.)"""
    try:
        text = data.decode(codec)
    except UnicodeError:
        return codec
    name = codecs.lookup(codec).name
    narrow = _NARROWER.get(name)
    if narrow is not None and _reads_back(data, narrow, text):
        return narrow
    if _reads_back(data, codec, text):
        return codec
    return next((c for c in next((f for f in _FAMILIES if name in f), ()) if _reads_back(data, c, text)), codec)


def _reads_back(data: bytes, codec: str, text: str) -> bool:
    """``data`` read as ``codec`` is ``text``, and ``text`` written in it is ``data``."""
    try:
        return data.decode(codec) == text and text.encode(codec) == data
    except UnicodeError:
        return False


def _read_unmarked(data: bytes) -> tuple[str, str]:
    """(codec, text) of ``data``, which has no byte-order mark and no NUL byte. UTF-16 when it
    has a control byte (CONTROL_BYTES: text in no ASCII-based encoding holds one) and reads
    as Chinese in UTF-16 (chinese_utf16: 我爱你 in UTF-16 LE is "\x11b1r`O", 。 is 02 30);
    else UTF-8 (also when damaged, utf8_damage.py: read as a legacy code page it would be
    mojibake; its bad bytes read as U+FFFD) unless it is GBK that happens to be valid UTF-8
    (chinese_misread_as_utf8); else a legacy encoding (_legacy_codec). Raises DecodeError."""
    codec = chinese_utf16(data) if CONTROL_BYTES.search(data, 0, SNIFF_BYTES) else None
    if codec is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            codec = "utf-8" if looks_like_damaged_utf8(data, STRONG_EVIDENCE) else _faithful_codec(
                data, _legacy_codec(data))
        else:
            chinese = chinese_misread_as_utf8(data, text)
            if chinese is None or not _decodes(data, chinese):
                return "utf-8", text
            codec = _faithful_codec(data, chinese)
    try:
        return codec, data.decode(codec, "replace" if codec == "utf-8" else "strict")
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(f"The file looks like {display_name(codec)} but does not decode "
                          f"as such: {exc}") from exc


def decode_bytes(data: bytes) -> tuple[str, TextFormat]:
    """Decode file contents; newlines in the returned text are always '\\n'.

    Raises BinaryFileError for binary data and DecodeError when no encoding fits.
    """
    split = _split_bom(data)
    if split is not None:
        codec, body = split
        try:
            raw = body.decode(codec)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"The file starts with a {display_name(codec)} byte-order mark "
                              f"but is not valid {display_name(codec)}: {exc.reason} at byte "
                              f"{exc.start + len(data) - len(body)}.") from exc
        return normalize_newlines(raw), TextFormat(codec, True, detect_newline(raw))
    if looks_binary(data):
        codec = utf16_codec(data)
        if codec is None:
            raise BinaryFileError("This looks like a binary file (it contains NUL bytes), not text.")
        raw = data.decode(codec)
        return normalize_newlines(raw), TextFormat(codec, False, detect_newline(raw))
    codec, raw = _read_unmarked(data)
    return normalize_newlines(raw), TextFormat(codec, False, detect_newline(raw))


# Save with Encoding also offers UTF-8 with a byte-order mark (as Windows Notepad writes it),
# named by Python's codec that writes one; the document's TextFormat is ("utf-8", bom=True).
UTF8_WITH_BOM = "utf-8-sig"
SAVE_ENCODINGS: tuple[tuple[str, str], ...] = (
    REOPEN_ENCODINGS[0], ("UTF-8 with BOM (as Windows Notepad writes it)", UTF8_WITH_BOM), *REOPEN_ENCODINGS[1:])


def save_format(encoding: str, current: TextFormat) -> TextFormat:
    """The format of Save with Encoding's ``encoding`` (one of SAVE_ENCODINGS) for a document
    now in ``current``: its line endings kept; UTF8_WITH_BOM is UTF-8 with a byte-order mark;
    UTF-16 and UTF-32 always with one, as Windows Notepad writes them: without it no program
    can tell which order the bytes are in (a tester's UTF-16 LE reopened as BE, garbled)."""
    name = codecs.lookup(encoding).name
    if name == codecs.lookup(UTF8_WITH_BOM).name:
        return TextFormat("utf-8", True, current.newline)
    return TextFormat(encoding, name.startswith(("utf-16", "utf-32")), current.newline)


def save_choice(fmt: TextFormat) -> str:
    """The SAVE_ENCODINGS codec that ``fmt`` is (UTF8_WITH_BOM for UTF-8 with a mark)."""
    return UTF8_WITH_BOM if fmt.bom and codecs.lookup(fmt.encoding).name == "utf-8" else fmt.encoding


def decode_as(data: bytes, encoding: str) -> tuple[str, TextFormat]:
    """Decode file contents as ``encoding`` (the user's choice, not detected); a byte-order
    mark of that encoding is kept for saving. Newlines come back as '\n'.

    Raises DecodeError naming the first byte that is not valid in it, or the encoding whose
    byte-order mark the file starts with.
    """
    bom = _BOM_OF.get(codecs.lookup(encoding).name, b"")
    has_bom = bool(bom) and data.startswith(bom)
    marked = _split_bom(data)
    if marked is not None and not has_bom:
        raise DecodeError(f"The file starts with a {display_name(marked[0])} byte-order mark; "
                          f"reopen it as {display_name(marked[0])}.")
    body = data[len(bom):] if has_bom else data
    try:
        raw = body.decode(encoding)
    except UnicodeDecodeError as exc:
        at = exc.start + (len(bom) if has_bom else 0)
        raise DecodeError(f"The file is not valid {display_name(encoding)}: byte 0x{data[at]:02x} "
                          f"at offset {at} ({exc.reason}).") from exc
    return normalize_newlines(raw), TextFormat(encoding, has_bom, detect_newline(raw))


def can_encode(text: str, fmt: TextFormat) -> bool:
    """Whether ``text`` can be saved in ``fmt``'s encoding (every Unicode encoding holds
    any text but lone surrogates; a legacy one, such as Big5, only its own characters)."""
    try:
        text.encode(fmt.encoding)
    except UnicodeEncodeError:
        return False
    return True


def encode_text(text: str, fmt: TextFormat) -> bytes:
    """Encode editor text (newlines '\\n') in ``fmt``. Raises UnencodableTextError."""
    if fmt.newline != "\n":
        text = text.replace("\n", fmt.newline)
    try:
        body = text.encode(fmt.encoding)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start] if isinstance(exc.object, str) else "?"
        rest = text[exc.end:]
        found = [c for c in set(rest) if c != bad and not can_encode(c, fmt)]
        others = tuple(sorted(found, key=rest.index))  # distinct, in text order
        raise UnencodableTextError(fmt.encoding, bad, exc.start, others) from exc
    return (_BOM_OF.get(fmt.encoding, b"") if fmt.bom else b"") + body


_NEWLINE_NAMES = {"\r\n": "CRLF", "\n": "LF", "\r": "CR"}


def round_trip_problem(data: bytes, text: str, fmt: TextFormat) -> str | None:
    """Why saving ``text`` unedited in ``fmt`` would not give back the file's ``data``
    (as decoded by decode_bytes or decode_as), or None when it gives back the same bytes.

    The answer is a sentence for the user. Two causes: line endings of more than one
    style (the editor holds '\n' only; saving writes ``fmt.newline`` throughout), and
    characters that the codec writes back as other bytes (cp932 has 398 byte pairs that
    share a character with another pair).
    """
    try:
        if encode_text(text, fmt) == data:
            return None
    except UnencodableTextError as exc:
        return f"{exc}, so it cannot be saved as it was."
    bom = _BOM_OF.get(codecs.lookup(fmt.encoding).name, b"") if fmt.bom else b""
    body = data[len(bom):]
    problems = []
    try:
        raw = body.decode(fmt.encoding)
    except UnicodeDecodeError as exc:
        raw = None
        if codecs.lookup(fmt.encoding).name == "utf-8":  # opened with U+FFFD for bad bytes
            problems.append(damage_sentence(body, exc))
    except LookupError:
        raw = None
    if raw is not None and raw != text.replace("\n", fmt.newline):
        crlf = raw.count("\r\n")
        counts = {"\r\n": crlf, "\n": raw.count("\n") - crlf, "\r": raw.count("\r") - crlf}
        found = [_NEWLINE_NAMES[k] for k, n in counts.items() if n]
        styles = ", ".join(found[:-1]) + " and " + found[-1]
        problems.append(f"It mixes line endings ({styles}); saving writes all of them as "
                        f"{_NEWLINE_NAMES[fmt.newline]}.")
    if raw is not None and raw.encode(fmt.encoding) != body:
        at = first_difference(body, raw.encode(fmt.encoding)) + len(bom)
        problems.append(f"Some characters would be written back as other bytes in "
                        f"{display_name(fmt.encoding)} (the first at byte {at}).")
    return " ".join(problems) or "Saving would not give back the same bytes."


_DIFF_CHUNK = 64 * 1024  # characters (or bytes) compared per step of first_difference


def first_difference(a: AnyStr, b: AnyStr) -> int:
    """Index of the first byte or character where ``a`` and ``b`` differ (len of the
    shorter if one is a prefix of the other). Compares _DIFF_CHUNK at a time from the
    start, then bisects the chunk that differs: every step is one C-level comparison of a
    short slice, ~10 ms for 35 MB that differ in the middle (bisecting the whole texts
    copied half of them at each step: 0.3 s)."""
    n, lo = min(len(a), len(b)), 0
    while lo < n and a[lo:lo + _DIFF_CHUNK] == b[lo:lo + _DIFF_CHUNK]:
        lo += _DIFF_CHUNK
    hi = min(n, lo + _DIFF_CHUNK)
    if lo >= n or a[lo:hi] == b[lo:hi]:
        return hi  # no difference up to the end of the shorter (hi == n)
    while hi - lo > 1:  # invariant: a[:lo] == b[:lo] and a[lo:hi] != b[lo:hi]
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    return lo

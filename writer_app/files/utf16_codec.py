"""UTF-16 text without a byte-order mark, as some Windows tools write it: whether a file's
bytes are that, and in which byte order (writer_app.files.text_codec asks). No Qt.

Text with ASCII in it has a NUL byte in each ASCII character, all on one side of the byte
pairs. Chinese text has few NULs or none (only in its newlines, digits, 一), so it is told
by what it reads as (chinese_utf16): Chinese, mostly common characters, in one byte order.
A tester's short UTF-16 files were read as ASCII ("`O}Y" for 你好) or refused as binary.
"""

from __future__ import annotations

from writer_app.files.chinese_codec import COMMON_HAN_SHARE, CONTROL_CHARS, FREQUENT_HAN_SHARE, chinese_plausibility
from writer_app.text.chars import is_han

SNIFF_BYTES = 64 * 1024  # bytes looked at for NULs
JUDGED_CHARS = 4096  # characters of a reading judged as Chinese (chinese_plausibility)
# From this many bytes (8 characters) on, text in another encoding does not read as ordinary
# Chinese in UTF-16 by chance (chinese_utf16 with rivals: none of 80,000 cuts of English,
# French, German and Spanish in Windows-1252; 1 in 200 of 4-8 bytes did).
UNMISTAKEN_BYTES = 16
UTF16_CODECS = ("utf-16-le", "utf-16-be")  # little-endian first: Windows writes it


def utf16_codec(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``data`` (no byte-order mark) is UTF-16 text, else None.

    With two byte pairs or more, NULs in at least 30% of its first SNIFF_BYTES' pairs, all
    but a quarter of them on one side (a character such as 一, U+4E00, puts one on the
    other), that side's byte order if the whole file decodes without control characters
    but tab, newlines and form feed; binary data has its NULs on both sides. Otherwise
    chinese_utf16 decides (a few NULs, as in 補這一, can lie on one side by chance).
    """
    sample = data[:SNIFF_BYTES]
    if len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if pairs >= 2 and odd >= pairs * 0.3 and even * 4 <= odd:
        codec = "utf-16-le"
    elif pairs >= 2 and even >= pairs * 0.3 and odd * 4 <= even:
        codec = "utf-16-be"
    else:  # one character is too few to tell: 一 in UTF-16 LE, 00 4E, is "N" in BE
        return chinese_utf16(data)
    text = _decoded(data, codec)
    return codec if text is not None and not CONTROL_CHARS.search(text) else chinese_utf16(data)


def chinese_utf16(data: bytes, rivals: bool = False) -> str | None:
    """The byte order in which ``data`` reads as Chinese text, or None.

    A reading counts when the whole file decodes without control characters (but tab,
    newlines, form feed), at least half of its first JUDGED_CHARS characters are
    Chinese, the rest ASCII, and at least COMMON_HAN_SHARE of those Chinese ones are
    common (chinese_codec.chinese_plausibility). With ``rivals`` (the bytes have no NUL
    or control byte, so they may be text in another encoding: 京 in Shift-JIS, 'of the' in
    ASCII) it must also be two characters or more with at least FREQUENT_HAN_SHARE of its
    Han among the 1,000 most frequent. The more plausible reading wins, little-endian on
    a tie: Chinese read in the wrong byte order gives rare characters, Hangul, Yi or
    unassigned ones (你好 in UTF-16 LE read as BE: 恏絙).
    """
    readings = [(_plausibility(data, codec), codec) for codec in UTF16_CODECS]
    score, codec = max(readings, key=lambda r: r[0] or (0.0, 0.0))
    if score is None or score[0] < COMMON_HAN_SHARE:
        return None
    if rivals and (len(data) < 4 or score[1] < FREQUENT_HAN_SHARE):
        return None
    return codec


def _plausibility(data: bytes, codec: str) -> tuple[float, float] | None:
    """chinese_plausibility of ``data`` read as ``codec``; None when it does not decode,
    has a control character, is less than half Chinese, or holds no Han character (chinese_utf16)."""
    text = _decoded(data, codec)
    if text is None or CONTROL_CHARS.search(text):
        return None
    sample = text[:JUDGED_CHARS]
    if 2 * sum(ord(ch) > 0x7F for ch in sample) < len(sample) or not any(map(is_han, sample)):
        return None  # punctuation alone is no evidence: "0\x1f" read as BE is "〟"
    return chinese_plausibility(sample)


def _decoded(data: bytes, codec: str) -> str | None:
    """``data`` decoded strictly as ``codec``, or None (a lone surrogate, an odd length)."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None

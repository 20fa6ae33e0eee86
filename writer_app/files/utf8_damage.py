"""UTF-8 text that is damaged rather than in another encoding: a file cut off in the middle
of a character, or a few bytes that are not UTF-8 among characters that are. Read as a
legacy code page it would show mojibake everywhere (a tester's note opened as Kazakh
PTCP154, and saving it made that permanent); so text_codec.decode_bytes opens it as UTF-8
with U+FFFD (�) where the bad bytes are, and round_trip_problem says so, which makes Save
ask before it writes � over the original bytes (Save As keeps the file as it was).
No Qt here.
"""

from __future__ import annotations

# How many valid multi-byte UTF-8 characters per invalid byte sequence make a file damaged
# UTF-8 before any legacy encoding is tried (a GBK or Latin-1 file has next to none of the
# first and many of the second), and after the Chinese and Western detectors found nothing.
STRONG_EVIDENCE = 10
WEAK_EVIDENCE = 1


def _bad_sequences(data: bytes) -> tuple[str, int]:
    """``data`` decoded with U+FFFD for what is not UTF-8, and how many invalid byte
    sequences it holds (a U+FFFD in the data itself does not count)."""
    text = data.decode("utf-8", "replace")
    return text, text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")


def looks_like_damaged_utf8(data: bytes, evidence: int) -> bool:
    """True when ``data`` (not valid UTF-8) holds valid multi-byte UTF-8 characters at least
    ``evidence`` times as often as invalid byte sequences. Below STRONG_EVIDENCE only the
    characters random bytes rarely make count: three- and four-byte ones (CJK, most
    punctuation) and Latin letters with accents (U+00A0-U+024F); any two bytes C2-DF 80-BF
    (common in GBK) are a valid Arabic, Cyrillic or Hebrew letter."""
    text, bad = _bad_sequences(data)
    if evidence >= STRONG_EVIDENCE:
        valid = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    else:
        valid = sum(1 for ch in text if (ord(ch) >= 0x800 or 0xA0 <= ord(ch) <= 0x24F) and ch != "\ufffd")
    return valid >= max(1, evidence * bad)


def damage_sentence(data: bytes, first: UnicodeDecodeError) -> str:
    """Where UTF-8 ``data`` is damaged (``first``: its first invalid sequence, from a strict
    decode) and what saving would do, as a sentence for the user."""
    if first.start >= len(data) - 3 and first.reason == "unexpected end of data":
        return (f"It is UTF-8 text cut off in the middle of a character: its last "
                f"{len(data) - first.start} byte(s) begin one that never ends (a copy cut short?) "
                "and show as \ufffd; saving writes \ufffd in their place.")
    bad = _bad_sequences(data)[1]
    more = f" and {bad - 1} more place(s)" if bad > 1 else ""
    return (f"It is UTF-8 text damaged at byte {first.start:,} (0x{data[first.start]:02x}){more}: "
            "bytes that are not valid UTF-8 show as \ufffd, and saving writes \ufffd in their place. "
            "If the file is in another encoding (a short GBK file can look like this), File → "
            "Reopen with Encoding reads it in that one.")

"""UTF-8 text that is damaged rather than in another encoding: a file cut off in the middle
of a character, or a few bytes that are not UTF-8 among many characters that are. Read as
a legacy code page it would show mojibake, and "not text in any encoding" would not say
what is wrong; text_codec.decode_bytes raises a DecodeError with the sentence made here.
No Qt here.
"""

from __future__ import annotations

# UTF-8 text damaged, not text in another encoding: its valid multi-byte characters
# outnumber its invalid sequences this many times (a Latin-1 or GBK file has next to none
# of the first and many of the second)
BROKEN_UTF8_EVIDENCE = 10


def utf8_damage(data: bytes, first: UnicodeDecodeError) -> str | None:
    """A sentence saying where UTF-8 text is damaged, when ``data`` is UTF-8 but for a few
    invalid byte sequences (``first``: the first, from ``data.decode("utf-8")``) or ends in
    the middle of a character (a file cut short); None when it looks like another encoding."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
    valid = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if valid < BROKEN_UTF8_EVIDENCE * bad:
        return None
    if first.start >= len(data) - 3 and first.reason == "unexpected end of data":
        return (f"The file is UTF-8 text cut off in the middle of a character: its last "
                f"{len(data) - first.start} byte(s) begin one that never ends (a copy cut short?). "
                "Inkling opens only whole text, so that saving loses nothing; restore the complete "
                "file or remove those bytes.")
    more = f", and {bad - 1} more place(s)" if bad > 1 else ""
    return (f"The file is UTF-8 text damaged at byte {first.start:,} (0x{data[first.start]:02x}){more}: "
            "bytes that are not valid UTF-8 there. Inkling opens only text it can save back "
            "unchanged; repair those bytes, or choose another encoding with File → Reopen with Encoding.")

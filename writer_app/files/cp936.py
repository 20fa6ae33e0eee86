"""Windows code page 936 as Windows writes it: GBK plus the euro sign as the single byte
0x80 (Microsoft's cp936 table, https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP936.TXT).

Python's "gbk" and "cp936" codecs (one codec) and "gb18030" refuse that byte, so a file
saved by Notepad on Chinese Windows with a price in euros did not open (or was taken for
UTF-16). ``NAME`` is registered with ``codecs`` on import: it decodes and encodes as
"gbk" with an error handler that maps 0x80 <-> € and hands every other error to the
caller's ``errors`` handler, so "strict" still raises. (In GBK a 0x80 after a lead byte
is a trail byte, which "gbk" decodes itself; only a 0x80 where a character begins reaches
the handler.)
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

NAME = "cp936_windows"
EURO, EURO_BYTE = "\u20ac", 0x80
_gbk = codecs.lookup("gbk")


def _euro_then(errors: str) -> str:
    """The name of an error handler that maps 0x80 <-> € and defers to ``errors`` for
    anything else (registered on first use)."""
    name = f"inkling_cp936_{errors}"
    try:
        codecs.lookup_error(name)
    except LookupError:
        fallback: Callable[[UnicodeError], tuple[str | bytes, int]] = codecs.lookup_error(errors)

        def handle(exc: UnicodeError) -> tuple[str | bytes, int]:
            if isinstance(exc, UnicodeDecodeError) and exc.object[exc.start] == EURO_BYTE:
                return EURO, exc.start + 1
            if isinstance(exc, UnicodeEncodeError) and exc.object[exc.start] == EURO:
                return bytes([EURO_BYTE]), exc.start + 1
            return fallback(exc)

        codecs.register_error(name, handle)
    return name


def _search(name: str) -> codecs.CodecInfo | None:
    if name != NAME:
        return None
    return codecs.CodecInfo(
        name=NAME,
        encode=lambda text, errors="strict": _gbk.encode(text, _euro_then(errors)),
        decode=lambda data, errors="strict": _gbk.decode(data, _euro_then(errors)),
        incrementalencoder=lambda errors="strict": _gbk.incrementalencoder(_euro_then(errors)),
        incrementaldecoder=lambda errors="strict": _gbk.incrementaldecoder(_euro_then(errors)),
        streamreader=lambda stream, errors="strict": _gbk.streamreader(stream, _euro_then(errors)),
        streamwriter=lambda stream, errors="strict": _gbk.streamwriter(stream, _euro_then(errors)),
    )


codecs.register(_search)

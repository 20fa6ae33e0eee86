"""Whether a file's detected encoding is a guess, and what is asked before saving in it (no Qt).

An encoding read from few characters can be wrong while the text still decodes: testers'
short Russian, Hebrew, Japanese and Western files were read in the wrong code page, and a
short GBK file as UTF-8 (谢谢 is "лл"), and an edit was saved in it without a word. The
document remembers the guess (files.document_file.FileFacts.guessed) and the first
save of an edit asks (ui.document_controller).
"""

from __future__ import annotations

import codecs
import itertools
import re

from writer_app.files.chinese_codec import utf8_may_be_chinese
from writer_app.files.text_codec import TextFormat, encode_text
from writer_app.files.utf16_codec import chinese_utf16

GUESS_BELOW = 40  # non-ASCII characters: with fewer, a legacy code page is a guess
_NON_ASCII_CHAR = re.compile("[^\x00-\x7f]")  # counted up to GUESS_BELOW, not through a long file


def guessed_encoding(text: str, fmt: TextFormat) -> bool:
    """Whether ``fmt``'s encoding, detected for a file read as ``text``, is a guess from too
    few characters to be sure: a legacy code page (not UTF-8/16/32) with fewer than
    GUESS_BELOW non-ASCII characters (testers' short Russian, Hebrew, Japanese and Western
    files were read in the wrong one, and an edit saved in it), UTF-8 without a mark when
    those few are also common Chinese in GBK or Big5 (chinese_codec.utf8_may_be_chinese) or
    its bytes Chinese in UTF-16 (_utf8_may_be_utf16), or UTF-16 without a mark with some
    but few (its byte order is read from how often one byte of a pair is zero, or from
    which order reads as Chinese: a tester's 謝謝好 in UTF-16 LE read as BE, "ʃʃ絙")."""
    name = codecs.lookup(fmt.encoding).name
    if fmt.bom or name.startswith("utf-32"):
        return False
    count = len(list(itertools.islice(_NON_ASCII_CHAR.finditer(text), GUESS_BELOW)))
    if name.startswith("utf-16"):
        return 0 < count < GUESS_BELOW
    return count < GUESS_BELOW and (name != "utf-8" or utf8_may_be_chinese(text)
                                    or _utf8_may_be_utf16(text, fmt))


def _utf8_may_be_utf16(text: str, fmt: TextFormat) -> bool:
    """Whether a file read as UTF-8 ``text``, without a space, has bytes that also read as
    ordinary Chinese in UTF-16 without a byte-order mark (utf16_codec.chinese_utf16 with
    rivals: two characters or more, mostly common, half of them among the 1,000 most
    frequent): 你好 in UTF-16 LE is the ASCII "`O}Y", 也不 is "_N\rN", 但是学校里
    "FO/ff[!h̑". English words read so too now and then ("upon" is 灵湯 in UTF-16 LE), but
    English text has spaces: only a file of one word asks, for about 3 words in 100 (fewer
    with a line break after it)."""
    return " " not in text and chinese_utf16(encode_text(text, fmt), rivals=True) is not None


def guess_question(name: str, label: str) -> str:
    """What is asked before the first save of a file whose encoding was guessed."""
    return (f"{name} was read as {label}, a guess: it holds too little text other than "
            "A–Z, digits and plain punctuation for its encoding to be sure. If its text looks "
            "wrong here (characters of another language, or odd symbols), it was read in the "
            "wrong encoding: Cancel, then File → Reopen with Encoding. If it looks right, "
            f"your text is saved in {label}.")

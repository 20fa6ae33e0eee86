"""File names as text that can be shown and stored, and made from text.

A Linux file name is bytes; ``os.fsdecode`` (and so ``pathlib``) turns the bytes of one
that are not UTF-8 into lone surrogates ("caf\\xe9.txt" → ``"caf\\udce9.txt"``), which Qt
drops when it shows them (a tester's window title read "caf.txt"), Qt's file watcher
cannot name, and a UTF-8 file such as the settings cannot hold.
"""

from __future__ import annotations

import unicodedata

NAME_WORDS = 6  # a name made from text holds at most this many of its first words
NAME_CHARS = 40  # ...and this many characters (a Chinese line has no spaces): 160 bytes at most
# Cannot be in a name ("/"), or cannot on Windows and FAT drives, where a file may be copied.
_NOT_IN_NAMES = frozenset('/\\:*?"<>|')
_TRIMMED = ("Po", "Pd", "Pc")  # punctuation not kept at either end: a leading dot hides the file


def shown_name(text: str) -> str:
    """``text`` (a file name or path, or a sentence naming one) with each byte of a name
    that is not UTF-8 written as ``\\xNN`` ("caf\\xe9.txt"); any other lone surrogate as
    ``\\udNNN``. ``text`` itself when it holds none: then, and only then, it is valid
    UTF-8 and Qt shows and names it as it is."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no byte gives (not from a file name)
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def name_from_text(text: str) -> str:
    """A file name (no extension) made of the first words of the first line of ``text``
    that holds any, as LibreOffice and TextEdit propose for a new document: at most
    NAME_WORDS words and NAME_CHARS characters (cut after a word where one ends in the
    second half). A character a name cannot or should not hold (``/``, control and
    format characters, lone surrogates, and ``\\ : * ? " < > |``) is taken as a space;
    no punctuation (".", ",", "#", "-"...) or space is left at either end. "" when no
    word is left."""
    for line in text.splitlines():
        words = "".join(" " if _not_in_names(ch) else ch for ch in line).split()
        if words:
            break
    else:
        return ""
    name = " ".join(words[:NAME_WORDS])
    if len(name) > NAME_CHARS:
        cut = name[:NAME_CHARS + 1]
        space = cut.rfind(" ")
        name = cut[:space] if space > NAME_CHARS // 2 else name[:NAME_CHARS]
    return _trim(name)


def _not_in_names(ch: str) -> bool:
    return ch in _NOT_IN_NAMES or unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp")


def _trim(name: str) -> str:
    """``name`` without spaces and _TRIMMED punctuation at either end."""
    keep = [i for i, ch in enumerate(name) if not ch.isspace() and unicodedata.category(ch) not in _TRIMMED]
    return name[keep[0]:keep[-1] + 1] if keep else ""

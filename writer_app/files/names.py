"""File names as text that can be shown and stored.

A Linux file name is bytes; ``os.fsdecode`` (and so ``pathlib``) turns the bytes of one
that are not UTF-8 into lone surrogates ("caf\\xe9.txt" → ``"caf\\udce9.txt"``), which Qt
drops when it shows them (a tester's window title read "caf.txt"), Qt's file watcher
cannot name, and a UTF-8 file such as the settings cannot hold.
"""

from __future__ import annotations


def shown_name(text: str) -> str:
    """``text`` (a file name or path, or a sentence naming one) with each byte of a name
    that is not UTF-8 written as ``\\xNN`` ("caf\\xe9.txt"); any other lone surrogate as
    ``\\udNNN``. ``text`` itself when it holds none: then, and only then, it is valid
    UTF-8 and Qt shows and names it as it is."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no byte gives (not from a file name)
        return text.encode("utf-8", "backslashreplace").decode("utf-8")

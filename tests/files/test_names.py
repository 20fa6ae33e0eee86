"""name_from_text: the file name a new document's Save dialog proposes from its first
line (as LibreOffice and TextEdit do), safe on the file system."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from writer_app.files.names import NAME_CHARS, name_from_text


@pytest.mark.parametrize(("text", "name"), [
    ("Dear Sir or Madam, I write about the fence.\nMore", "Dear Sir or Madam, I write"),
    ("\n  \n# Chapter One\n", "Chapter One"),  # the first line with words; no leading '#'
    ("Notes: a/b testing?\n", "Notes a b testing"),  # '/' cannot be in a name, ':' '?' not on Windows
    ("...hidden\n", "hidden"),  # a leading dot would hide the file
    ("Chapter 1 (draft).", "Chapter 1 (draft)"),
    ("Tab\there\x00and\x1bon", "Tab here and on"),
    ("春天来了，万物复苏。" * 10, ("春天来了，万物复苏。" * 4)[:NAME_CHARS].rstrip("，。")),
    ("", ""),
    ("  \n\t\n", ""),
    ("?!* //", ""),
])
def test_a_name_from_the_first_words(text: str, name: str) -> None:
    assert name_from_text(text) == name


def test_a_long_line_is_cut_at_a_word() -> None:
    name = name_from_text("Supercalifragilistic expialidocious antidisestablishmentarianism words")
    assert name == "Supercalifragilistic expialidocious"


@given(st.text())
def test_any_text_gives_a_name_a_file_system_takes(text: str) -> None:
    name = name_from_text(text)
    assert len(name) <= NAME_CHARS and len((name + ".txt").encode("utf-8")) <= 255
    assert not set(name) & set('/\\:*?"<>|\0\n\r') and name == name.strip() and not name.startswith(".")
    name.encode("utf-8")  # no lone surrogate

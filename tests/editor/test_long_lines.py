"""The longest editable line: finding long lines in a file and in a paste."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from writer_app.editor.long_lines import (
    MAX_EDITABLE_LINE_CHARS,
    longest_after_insert,
    longest_line,
    paste_refusal,
    read_only_reason,
)

LINES = st.text(alphabet=st.sampled_from("ab \n\r\u2029é"), max_size=60)


def _reference(text: str) -> int:
    return max(len(line) for line in text.replace("\r", "\n").replace("\u2029", "\n").split("\n"))


@given(LINES)
def test_longest_line_splits_where_the_document_makes_blocks(text: str) -> None:
    assert longest_line(text) == _reference(text)


@given(st.text(alphabet="ab", max_size=20), LINES, st.text(alphabet="ab", max_size=20))
def test_a_paste_into_a_line(before: str, inserted: str, after: str) -> None:
    assert longest_after_insert(len(before), len(after), inserted) == _reference(before + inserted + after)


def test_messages_say_why_and_what_to_do() -> None:
    message = read_only_reason("novel.txt", 1_048_576)
    assert "novel.txt is open read-only" in message and "1,048,576" in message
    assert f"{MAX_EDITABLE_LINE_CHARS:,}" in message and "split that line" in message
    assert "Not pasted" in paste_refusal(60_000) and "clipboard" in paste_refusal(60_000)

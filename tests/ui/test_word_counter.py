"""The incremental word count always equals a full recount."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

from writer_app.editor import word_counter
from writer_app.editor.text_stats import count_chars, count_words
from writer_app.editor.word_counter import WordCounter

pieces = st.text(alphabet=st.sampled_from(list("ab cd,\n\n我们 -𠀀")), max_size=12)
edits = st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), pieces), max_size=25)


def _counted_right(counter: WordCounter, doc: QTextDocument) -> bool:
    whole = doc.toPlainText()
    return (counter.words, counter.chars) == (count_words(whole), count_chars(whole))


def _not_called(text: str) -> int:
    raise AssertionError(f"counted by the regex: {text!r}")


@pytest.mark.parametrize("bulk", [word_counter.BULK_BLOCKS, 0])  # 0: every change counted in one pass
@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("word \nx.中")), max_size=40), edits)
def test_incremental_counts_match_a_full_count(qapp, bulk: int, start: str, changes) -> None:  # noqa: ANN001
    editor = QPlainTextEdit()  # its layout makes the document report changes
    doc = editor.document()
    doc.setPlainText(start)
    regex = count_words if bulk else _not_called  # with 0, a fallback to the regex is a failure
    with patch.object(word_counter, "BULK_BLOCKS", bulk), patch.object(word_counter, "count_words", regex):
        counter = WordCounter(doc)
        cursor = QTextCursor(doc)
        for a, b, text in changes:
            end = doc.characterCount() - 1
            lo, hi = sorted((round(a * end), round(b * end)))
            cursor.setPosition(lo)
            cursor.setPosition(hi, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(text)  # replaces the selection (a deletion when text is "")
            assert _counted_right(counter, doc)
        doc.undo()
        assert _counted_right(counter, doc)


LOADED = {
    "English": "The cat sat on the mat, didn't it? 3.14 -- yes.\n" * 60,
    "Chinese": "我们去市场。他说「好的」，然后离开了。\n" * 60,
    "mixed": "mix中文words and 学潮〔１０〕，连 ok -- 𠀀𠀁 hello，world\n\n" * 60,
    "CRLF": "one two three\r\n三四五\r\n" * 60,
    "empty": "",
    "trailing newline": "a b c\n" * 59 + "last line\n",
    "no trailing newline": "a b c\n" * 59 + "last line",
}


@pytest.fixture
def regex_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the counter gives count_words (the regex), one by one."""
    calls: list[str] = []
    monkeypatch.setattr(word_counter, "count_words", lambda text: calls.append(text) or count_words(text))
    return calls


@pytest.mark.parametrize("name", LOADED)
def test_a_loaded_text_is_counted_in_one_pass_as_count_words_counts_it(
        qapp, name: str, regex_calls: list[str]) -> None:  # noqa: ANN001
    """Opening a 40 MB file spent 7 s in the regex, paragraph by paragraph."""
    editor = QPlainTextEdit()
    doc = editor.document()
    counter = WordCounter(doc)
    regex_calls.clear()
    doc.setPlainText(LOADED[name])  # as GhostTextEdit.set_document_text (open, restore)
    assert _counted_right(counter, doc)
    assert counter.words == count_words(LOADED[name])  # CRLF: a break, as "\n" is
    assert len(regex_calls) <= 2  # the old text's removal and at most one more, not one per paragraph


@pytest.mark.parametrize("name", LOADED)
def test_a_text_put_in_by_slices_is_counted_as_count_words_counts_it(qapp, name: str) -> None:  # noqa: ANN001
    editor = QPlainTextEdit()
    doc = editor.document()
    counter = WordCounter(doc)
    cursor = QTextCursor(doc)
    text = LOADED[name]
    for i in range(0, len(text), 333):  # as file_loader puts a big file in, slice by slice
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text[i : i + 333])
        assert _counted_right(counter, doc)


def test_counts_stay_right_through_typing_deleting_pasting_and_undo(qapp) -> None:  # noqa: ANN001
    editor = QPlainTextEdit()
    doc = editor.document()
    counter = WordCounter(doc)
    doc.setPlainText(LOADED["mixed"] + LOADED["English"])
    assert _counted_right(counter, doc)
    cursor = QTextCursor(doc.findBlockByNumber(30))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    for ch in " new 字 words":  # typing at the end of a paragraph after 𠀀 (two UTF-16 units)
        cursor.insertText(ch)
        assert _counted_right(counter, doc)
    cursor.setPosition(doc.findBlockByNumber(10).position() + 5)  # from inside one paragraph
    cursor.setPosition(doc.findBlockByNumber(90).position() + 3, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()  # ... to inside another, 80 paragraphs on
    assert _counted_right(counter, doc)
    cursor.insertText(LOADED["Chinese"] + LOADED["CRLF"])  # a paste of 120 paragraphs
    assert _counted_right(counter, doc)
    while doc.isUndoAvailable():
        doc.undo()
        assert _counted_right(counter, doc)
    assert doc.toPlainText() == LOADED["mixed"] + LOADED["English"]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("word \nx.中𠀀")), max_size=60), st.floats(0, 1), st.floats(0, 1))
def test_a_selections_counts_are_those_of_its_text(qapp, text: str, a: float, b: float) -> None:  # noqa: ANN001
    editor = QPlainTextEdit()
    doc = editor.document()
    doc.setPlainText(text)
    counter = WordCounter(doc)
    end = doc.characterCount() - 1
    lo, hi = sorted((round(a * end), round(b * end)))
    cursor = QTextCursor(doc)
    cursor.setPosition(lo)
    cursor.setPosition(hi, QTextCursor.MoveMode.KeepAnchor)  # Qt's positions: UTF-16 units
    part = cursor.selectedText().replace("\u2029", "\n")
    assert counter.count_range(lo, hi) == (count_words(part), count_chars(part))


def test_a_selection_after_characters_beyond_the_bmp_is_counted_right(qapp) -> None:  # noqa: ANN001
    """Each of 𠀀𠀁 is two UTF-16 units: the selection "ab cd" (positions 5-10) was
    counted from the string's 6th code point on, as "b c" (1 word, 3 characters)."""
    editor = QPlainTextEdit()
    doc = editor.document()
    doc.setPlainText("𠀀𠀁 ab cd\n𠀀 ef gh")
    counter = WordCounter(doc)
    assert counter.count_range(5, 10) == (2, 5)  # "ab cd"
    assert counter.count_range(5, 16) == (4, 9)  # "ab cd\n𠀀 ef"


def test_the_status_bar_counts_the_selection_too(qtbot, make_app) -> None:  # noqa: ANN001
    w = make_app().windows[0]
    w.editor.set_document_text("One two three.\n四五六\nseven\n")
    assert w.status.count_label.text() == "7 words · 22 characters"
    cursor = w.editor.textCursor()
    cursor.setPosition(4)
    cursor.setPosition(17, QTextCursor.MoveMode.KeepAnchor)  # "two three.\n四五"
    w.editor.setTextCursor(cursor)
    assert w.status.count_label.text() == "4 of 7 words · 12 of 22 characters"
    cursor.clearSelection()
    w.editor.setTextCursor(cursor)
    assert w.status.count_label.text() == "7 words · 22 characters"

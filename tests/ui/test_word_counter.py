"""The incremental word count always equals a full recount."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from writer_app.editor.text_stats import count_chars, count_words
from writer_app.editor.word_counter import WordCounter

pieces = st.text(alphabet=st.sampled_from(list("ab cd,\n\n我们 -")), max_size=12)
edits = st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), pieces), max_size=25)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("word \nx.中")), max_size=40), edits)
def test_incremental_counts_match_a_full_count(qapp, start: str, changes) -> None:  # noqa: ANN001
    editor = QPlainTextEdit()  # its layout makes the document report changes
    doc = editor.document()
    doc.setPlainText(start)
    counter = WordCounter(doc)
    cursor = QTextCursor(doc)
    for a, b, text in changes:
        end = doc.characterCount() - 1
        lo, hi = sorted((round(a * end), round(b * end)))
        cursor.setPosition(lo)
        cursor.setPosition(hi, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)  # replaces the selection (a deletion when text is "")
        whole = doc.toPlainText()
        assert (counter.words, counter.chars) == (count_words(whole), count_chars(whole))
    doc.undo()
    whole = doc.toPlainText()
    assert (counter.words, counter.chars) == (count_words(whole), count_chars(whole))


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("word \nx.中")), max_size=60), st.floats(0, 1), st.floats(0, 1))
def test_a_selections_counts_are_those_of_its_text(qapp, text: str, a: float, b: float) -> None:  # noqa: ANN001
    editor = QPlainTextEdit()
    doc = editor.document()
    doc.setPlainText(text)
    counter = WordCounter(doc)
    end = doc.characterCount() - 1
    lo, hi = sorted((round(a * end), round(b * end)))
    part = doc.toPlainText()[lo:hi]
    assert counter.count_range(lo, hi) == (count_words(part), count_chars(part))


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

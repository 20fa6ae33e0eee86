"""The document cache leaves out the word being typed (issue 14): counted, a partial word
predicts its own beginning, and the editor's path (the whole document) would suggest
nothing where the text before the cursor alone gets "ning" after "shi"."""

from __future__ import annotations

from pathlib import Path

import pytest
from tokenizers import Tokenizer

from writer_app.inference import DecodingConfig, Suggester
from writer_app.inference.candidates import word_end, word_start
from writer_app.inference.doc_cache import DocCache, DocumentEdit


def _typing(before: str, after: str = "") -> tuple[str, int, str]:
    """exclude_cursor_word's arguments for a word typed up to the cursor."""
    return before, word_start(before), after


def _cache(model_dir: Path) -> DocCache:
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    return DocCache(lambda lines: [tok.encode(x, add_special_tokens=False).ids for x in lines])


@pytest.mark.parametrize(("after", "end"), [
    ("", 0), ("ning.", 4), (" the", 0), ("n't go", 3), ("'s", 2), ("-like x", 5), ("中文", 0),
])
def test_the_word_at_the_cursor_goes_on_into_the_text_after_it(after: str, end: int) -> None:
    assert word_end(after) == end


def test_the_word_being_typed_is_left_out_until_the_next_edit(tiny_model_dir: Path) -> None:
    doc = _cache(tiny_model_dir)
    doc.set_text("the cat sat on the mat\nthe dog sat on the cat sat")
    whole = doc.ngram_counts()
    version = doc.version
    doc.exclude_cursor_word(*_typing("the cat sat on the mat\nthe dog sat on the ca", "t sat"))
    parts = _cache(tiny_model_dir)  # the cursor's line as its parts around "cat"
    parts.set_text("the cat sat on the mat\nthe dog sat on the \n sat")
    assert doc.ngram_counts() == parts.ngram_counts() and doc.version != version
    version = doc.version
    doc.exclude_cursor_word(*_typing("the cat sat on the mat\nthe dog sat on the ca", "t sat"))
    assert doc.version == version  # the same word again: nothing to do
    doc.apply(DocumentEdit(1, 2, ("the dog sat on the cart sat",)))  # the edit counts it all
    typed = _cache(tiny_model_dir)
    typed.set_text("the cat sat on the mat\nthe dog sat on the cart sat")
    assert doc.ngram_counts() == typed.ngram_counts()
    doc.exclude_cursor_word(*_typing("the cat sat on the mat\nthe dog sat on the cart", " sat"))
    doc.exclude_cursor_word(*_typing("the cat sat on the mat\nthe dog sat on the cart ", "sat"))
    doc.exclude_cursor_word(*_typing("the cat sat on the mat\nthe dog sat on the cart sat ", ""))
    assert doc.ngram_counts() == typed.ngram_counts()  # at a word start nothing is left out
    assert doc.ngram_counts() != whole


def test_a_line_the_document_does_not_hold_leaves_the_counts_alone(tiny_model_dir: Path) -> None:
    """The engine's copy may lag the editor, or the text given may be the end of a line
    longer than the window: nothing is subtracted that was never counted."""
    doc = _cache(tiny_model_dir)
    doc.set_text("the cat sat on the mat")
    counts, version = doc.ngram_counts(), doc.version
    doc.exclude_cursor_word(*_typing("cat sat on the ma"))  # only the end of the line
    doc.exclude_cursor_word(*_typing("the dog ra"))
    assert doc.ngram_counts() == counts and doc.version == version


def test_the_editors_document_gets_what_the_text_before_the_cursor_gets(
        default_model_dir: Path) -> None:
    """With the cursor at the end of the document, suggest_in (the editor: the whole
    document cached) answers as suggest (the text before the cursor): the partial word
    the document now holds is not a prediction of itself."""
    prompts = [
        "It was a cold morning, and the sun was shi",
        "Captain Vorbisk looked out. The crew waited for Captain Vorbisk. At dawn Captain Vorb",
        "The report covers the market.\nThe report covers the mar",
    ]
    on = DecodingConfig(document_cache=True)
    for i, text in enumerate(prompts):
        editor, script = Suggester.load(default_model_dir), Suggester.load(default_model_dir)
        editor.update_document(i, [DocumentEdit.whole(text)])
        got = editor.suggest_in(i, text, on)
        assert got is not None and got == script.suggest(text, on)
    # in the middle of a word, what follows the cursor is left out as well
    editor = Suggester.load(default_model_dir)
    editor.update_document(9, [DocumentEdit.whole("It was a cold morning, and the sun was shining.")])
    got = editor.suggest_in(9, "It was a cold morning, and the sun was shi", on, after="ning.")
    assert got is not None and got.text.startswith("n")


def test_typing_on_in_a_word_keeps_the_counts_and_their_version(tiny_model_dir: Path) -> None:
    """The version is a fingerprint of the counts: while the word being typed grows, what
    is counted (everything but that word) does not change, nor does the version, so the
    mixtures memoised for it stay valid keystroke after keystroke."""
    doc = _cache(tiny_model_dir)
    doc.set_text("the cat sat on the mat\nthe dog sat on the c")
    doc.exclude_cursor_word(*_typing("the cat sat on the mat\nthe dog sat on the c"))
    counts, version = doc.ngram_counts(), doc.version
    for typed in ("ca", "cat"):
        doc.apply(DocumentEdit(1, 2, (f"the dog sat on the {typed}",)))
        assert doc.version != version  # the whole line counts until the word is left out
        doc.exclude_cursor_word(*_typing(f"the cat sat on the mat\nthe dog sat on the {typed}"))
        assert doc.ngram_counts() == counts and doc.version == version
    doc.apply(DocumentEdit(1, 2, ("the dog sat on the cat ",)))
    doc.exclude_cursor_word(*_typing("the cat sat on the mat\nthe dog sat on the cat "))
    assert doc.version != version

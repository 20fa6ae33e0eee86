from pathlib import Path

import pytest
from training.corpus import detokenize_wikitext, find_text_files, read_utf8, unwrap_paragraphs
from training.errors import TrainingError

WRAPPED = """The well-known shrill voice startled Almayer from his dream of splendid
future into the unpleasant realities of the present hour. An unpleasant
voice too. He had heard it for many years, and with every year he liked
it less.
He shuffled uneasily, but took no further notice of the call. Leaning
with both his elbows on the balustrade of the verandah, he went on
looking fixedly at the great river that flowed - indifferent and
hurried - before his eyes.
"""


def test_unwrap_joins_hard_wrapped_lines_into_paragraphs():
    text = "\n".join([WRAPPED] * 5)
    out = unwrap_paragraphs(text).split("\n")
    assert out[0].startswith("The well-known shrill voice startled Almayer from his dream of splendid future into")
    assert out[0].endswith("he liked it less.")
    assert out[1].startswith("He shuffled uneasily")
    assert len(out) == 10


def test_unwrap_keeps_paragraph_per_line_text():
    text = "\n".join((f"Paragraph {i} is one long line. " * 8).strip() for i in range(30))
    assert unwrap_paragraphs(text) == text


def test_wikitext_detokenized():
    raw = " = Title = \n The lobster , known as H. gammarus , weighs 0 @.@ 7 – 2 @.@ 2 kg ( 1 @.@ 5 lb ) . \n"
    assert detokenize_wikitext(raw) == "The lobster, known as H. gammarus, weighs 0.7 – 2.2 kg (1.5 lb)."


def test_non_utf8_file_named_with_byte_offset(tmp_path: Path):
    f = tmp_path / "gbk.txt"
    f.write_bytes("hello ".encode() + "中文".encode("gbk"))
    with pytest.raises(TrainingError) as e:
        read_utf8(f)
    assert str(f) in str(e.value) and "byte offset 6" in str(e.value)


def test_bom_and_crlf_are_normalised(tmp_path: Path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbfone\r\ntwo\r\n")
    assert read_utf8(f) == "one\ntwo\n"


def test_missing_path_and_empty_corpus(tmp_path: Path):
    with pytest.raises(TrainingError, match="No such file"):
        find_text_files([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(TrainingError, match="empty"):
        find_text_files([tmp_path / "empty"])

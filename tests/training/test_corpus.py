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
    f.write_bytes(b"hello " + "中文".encode("gbk"))
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


def test_unwrap_joins_chinese_lines_without_spaces():
    para = ["　　樵夫笑道：「实不瞒你说，这个词名做《满庭芳》，乃一神仙教我的。那神仙",
            "一神仙教我的。那神仙与我舍下相邻，他见我家事劳苦，日常烦恼，教我遇烦恼",
            "一神仙教我的。那神仙与我舍下相邻，他见我家事劳苦，日常烦恼，教我遇烦恼",
            "时，即把这词儿念念，一则散心，二则解困。我才有些不足处思虑，故此念念，",
            "不期被你听了。」"]
    text = "\n".join(para * 10)
    out = unwrap_paragraphs(text).split("\n")
    assert len(out) == 10
    assert out[0] == "".join(p.strip() for p in para).replace("\u3000", "")


def test_double_spaced_indented_text_is_unwrapped():
    lines = ["    所以我竟将我的短篇小说结集起来，而且付印了，又因为上面所说的缘由，便",
             "    所以我竟将我的短篇小说结集起来，而且付印了，又因为上面所说的缘由，便",
             "    称之为《呐喊》。"]
    text = ("\n\n".join(lines) + "\n\n\n") * 15
    out = unwrap_paragraphs(text).split("\n")
    first = "所以我竟将我的短篇小说结集起来，而且付印了，又因为上面所说的缘由，便"
    assert out[0] == first * 2 + "称之为《呐喊》。"
    assert len(out) == 15

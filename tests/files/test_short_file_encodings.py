"""Encodings of short files, where a few bytes fit several: what detection may name, and
when its answer is a guess (a Chinese writer's tests: GBK read as Korean JOHAB, short
UTF-16 without a byte-order mark read as ASCII or refused)."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from writer_app.files import cp936
from writer_app.files.encoding_guess import guessed_encoding
from writer_app.files.text_codec import REOPEN_ENCODINGS, DecodeError, decode_bytes, encode_text, round_trip_problem
from writer_app.text.chars import is_han

OFFERED = {codecs.lookup(codec).name for _, codec in REOPEN_ENCODINGS}


@pytest.mark.parametrize("text", ["温度是25℃，湿度60%。", "今天零下5℃", "①准备材料；②开始。", "第Ⅱ章",
                                  "误差±5%以内", "3×4=12，对吗？"])
def test_short_gbk_with_signs_is_read_as_gbk_and_is_a_guess(text: str) -> None:
    """A tester's weather_gbk.txt opened as Korean JOHAB ("풱웯퉪25뫥"): ℃ was not taken for
    a sign Chinese text writes, and charset-normalizer named an encoding no menu lists."""
    data = text.encode("gbk")
    decoded, fmt = decode_bytes(data)
    assert (decoded, fmt.encoding) == (text, cp936.NAME)
    assert guessed_encoding(decoded, fmt)  # a few characters: asked before the first save
    assert encode_text(decoded, fmt) == data


_SHORT_BYTES = st.lists(st.one_of(st.integers(0x20, 0x7E), st.integers(0x80, 0xFF)),
                        min_size=1, max_size=24).map(bytes)


@settings(max_examples=400, deadline=None)
@given(_SHORT_BYTES)
def test_detection_names_only_encodings_the_menu_offers(data: bytes) -> None:
    """Short bytes that fit many code pages were read as JOHAB, EBCDIC, Mac or DOS code pages,
    shift_jis_2004, big5hkscs: none of them in File → Reopen with Encoding, so the writer
    could not even choose another reading."""
    assume(not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)))
    try:
        _, fmt = decode_bytes(data)
    except DecodeError:
        return
    assert codecs.lookup(fmt.encoding).name in OFFERED


# ------------------------------------------- UTF-16 without a byte-order mark, short files

UTF16 = ["utf-16-le", "utf-16-be"]
TEXTS = Path(__file__).resolve().parents[1] / "data" / "texts"  # excerpts of public-domain books


@pytest.mark.parametrize("codec", UTF16)
@pytest.mark.parametrize("newline", ["", "\n", "\r\n"])
@pytest.mark.parametrize("text", ["我爱你", "今天下雨了", "我愛你", "老师说：“明天考试。”", "——鲁迅", "…… 省略号"])
def test_short_utf16_chinese_without_a_mark_is_read_as_utf16_and_is_a_guess(text: str, newline: str,
                                                                            codec: str) -> None:
    """A tester's files: 我爱你 in UTF-16 LE ("\\x11b1r`O") was read as UTF-8, sure, and an edit
    appended as UTF-8; 老师说：“明天考试。” was "not text in any encoding", and with a newline
    "a binary file"."""
    data = (text + newline).encode(codec)
    decoded, fmt = decode_bytes(data)
    assert (decoded, fmt.encoding, fmt.bom) == (text + "\n" * bool(newline), codec, False)
    assert guessed_encoding(decoded, fmt)
    assert encode_text(decoded + "吗", fmt) == data + "吗".encode(codec)


@pytest.mark.parametrize(("text", "codec"), [("你好", "utf-16-le"), ("你好", "utf-16-be"), ("为你太", "utf-16-le"),
                                             ("也不", "utf-16-le"), ("但是学校里", "utf-16-le")])
def test_utf8_that_is_also_utf16_chinese_is_a_guess(text: str, codec: str) -> None:
    """你好 in UTF-16 LE is the bytes "`O}Y": plain ASCII as well, and English is the likelier
    reading of four ASCII bytes, but it is a guess, asked about before the first save."""
    decoded, fmt = decode_bytes(text.encode(codec))
    assert fmt.encoding == "utf-8" and decoded != text
    assert guessed_encoding(decoded, fmt)


def test_short_english_files_do_not_ask() -> None:
    """Only a file of one word can ask (English text has spaces, and a space is in no
    Chinese character in UTF-16 read as ASCII): of the words of The Hound of the
    Baskervilles alone in a file, 6 in 199 ask ("upon" is 灵湯 in UTF-16 LE), fewer with a
    line break after them; two words, none."""
    import re

    words = sorted(set(re.findall(r"[A-Za-z]+", (TEXTS / "Doyle_Hound_1902.txt").read_text(encoding="utf-8"))))

    def asks(text: str) -> bool:
        decoded, fmt = decode_bytes(text.encode("utf-8"))
        return fmt.encoding == "utf-8" and guessed_encoding(decoded, fmt)

    alone = [w for w in words if asks(w)]
    assert len(alone) < 0.05 * len(words), alone
    assert len([w for w in words if asks(w + "\n")]) <= len(alone)
    assert not [w for w in words if asks("the " + w) or asks(w + " and\n")]
    for text in ("TODO", "hello world", "Dear John,\nThanks.\n", "of the", "upon the hill\n"):
        assert not asks(text)


@pytest.mark.parametrize("codec", UTF16)
@pytest.mark.parametrize("length", [2, 3, 5, 8])
def test_cuts_of_a_chinese_book_in_utf16_without_a_mark_never_save_unasked(codec: str, length: int) -> None:
    """150 cuts of 彷徨 in UTF-16 without a mark: none refused, none read wrong without a
    question before saving (a guess, or a file that would not save back as it was), and of
    8 characters at most 3 read wrong (as Windows-1252, whose reading comes first when no
    two bytes over 0x7F stand together). Before: of 2-3 character cuts 1 in 10 was read
    wrong as sure and 1 in 10 refused; of 8, 1 in 7 refused. Left ambiguous: a single
    character (你 in UTF-16 LE is "`O") and punctuation alone (…… is "& & ")."""
    import random

    book = "".join((TEXTS / "simplified/panghuang_lu-xun_1926.txt").read_text(encoding="utf-8").split())
    rng, unasked, wrong = random.Random(length), [], []
    for _ in range(150):
        i = rng.randrange(len(book) - length)
        text = book[i : i + length]
        if any(unicodedata.category(ch) == "Co" for ch in text) or not any(map(is_han, text)):
            continue  # the book's few private-use characters; punctuation alone
        data = text.encode(codec)
        decoded, fmt = decode_bytes(data)
        if decoded != text:
            wrong.append(text)
            if not guessed_encoding(decoded, fmt) and round_trip_problem(data, decoded, fmt) is None:
                unasked.append((text, decoded, fmt.encoding))
    assert not unasked
    assert length < 8 or len(wrong) <= 3, wrong


@pytest.mark.parametrize(("text", "codec"), [("こんにちは", "shift_jis"), ("こん", "shift_jis"), ("Ça va", "cp1252"),
                                             ("Münche", "cp1252"), ("謝謝", "big5"), ("你好", "gbk")])
def test_short_legacy_files_are_not_taken_for_utf16(text: str, codec: str) -> None:
    """こん in Shift-JIS is 花英 in UTF-16 BE: UTF-16 is only the last reading of such bytes."""
    _, fmt = decode_bytes(text.encode(codec))
    assert not codecs.lookup(fmt.encoding).name.startswith("utf-16")

"""Encodings of short files, where a few bytes fit several: what detection may name, and
when its answer is a guess (a Chinese writer's tests: GBK read as Korean JOHAB, short
UTF-16 without a byte-order mark read as ASCII or refused)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from writer_app.files import cp936
from writer_app.files.encoding_guess import guessed_encoding
from writer_app.files.text_codec import REOPEN_ENCODINGS, DecodeError, decode_bytes, encode_text

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

"""Encodings: detection, decoding, and saving back the same bytes."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from writer_app.files import cp936
from writer_app.files.encoding_guess import guessed_encoding
from writer_app.files.text_codec import (
    BinaryFileError,
    DecodeError,
    TextFormat,
    UnencodableTextError,
    decode_bytes,
    detect_newline,
    encode_text,
    round_trip_problem,
    save_format,
)

TEXTS = Path(__file__).resolve().parents[1] / "data" / "texts"  # excerpts of public-domain books

ZH = "今天天气很好，我们去公园散步。我们明天早上去市场。这是一个测试文件，用于检查编码。\n"
ZH += "第二行。\n"
ZH_TW = "今天天氣很好，我們去公園散步。我們明天早上去市場。這是一個測試文件。\n"
FR = "Le garçon a mangé une pomme à la fenêtre. Déjà vu, naïve façade.\n"
DE = "Der Bär läuft über die Straße zum Fluss.\n"

CASES = [
    ("utf-8", ZH + FR, b"", "utf-8"),
    ("utf-8-bom", FR, codecs.BOM_UTF8, "utf-8"),
    ("utf-16-le-bom", ZH + FR, codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be-bom", ZH, codecs.BOM_UTF16_BE, "utf-16-be"),
    ("gb18030", ZH, b"", "gb18030"),
    ("gbk", ZH, b"", "gbk"),
    ("big5", ZH_TW, b"", "big5"),
    ("latin-1 french", FR, b"", "latin-1"),
    ("latin-1 german", DE, b"", "latin-1"),
    ("cp1252 quotes", "He said “hello” – café.\n", b"", "cp1252"),
]


@pytest.mark.parametrize(("name", "text", "bom", "codec"), CASES, ids=[c[0] for c in CASES])
def test_decodes_to_the_right_text_and_saves_the_same_bytes(name: str, text: str, bom: bytes,
                                                            codec: str) -> None:
    data = bom + text.encode(codec)
    decoded, fmt = decode_bytes(data)
    assert decoded == text
    assert fmt.bom == bool(bom)
    assert encode_text(decoded, fmt) == data


@pytest.mark.parametrize(("name", "text", "bom", "codec"), CASES, ids=[c[0] for c in CASES])
def test_edits_are_saved_in_the_files_encoding(name: str, text: str, bom: bytes,
                                               codec: str) -> None:
    decoded, fmt = decode_bytes(bom + text.encode(codec))
    edited = decoded + "Added line.\n"
    assert encode_text(edited, fmt) == bom + edited.encode(codec)


def test_crlf_files_keep_crlf() -> None:
    data = b"one\r\ntwo\r\n"
    text, fmt = decode_bytes(data)
    assert text == "one\ntwo\n"
    assert fmt.newline == "\r\n"
    assert encode_text(text + "three\n", fmt) == b"one\r\ntwo\r\nthree\r\n"


def test_detect_newline() -> None:
    assert detect_newline("a\rb") == "\r"
    assert detect_newline("a\r\nb\nc") == "\r\n"
    assert detect_newline("abc") == "\n"


def test_empty_file_is_utf8() -> None:
    assert decode_bytes(b"") == ("", TextFormat("utf-8", False, "\n"))


def test_binary_data_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(BinaryFileError, match="binary"):
        decode_bytes(png)


def test_bad_utf16_after_bom_is_refused() -> None:
    with pytest.raises(DecodeError):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone high surrogate


def test_unencodable_character_is_reported_not_dropped() -> None:
    _, fmt = decode_bytes(FR.encode("latin-1"))
    with pytest.raises(UnencodableTextError) as err:
        encode_text("price: 5 €", fmt) if fmt.encoding == "latin-1" else encode_text("中", fmt)
    assert err.value.char in "€中"


def test_every_character_the_encoding_cannot_hold_is_named_or_counted() -> None:
    """A tester's GBK line held an emoji and Hangul: the question named the emoji only."""
    with pytest.raises(UnencodableTextError) as err:
        encode_text("我😀说한국어 ok 😀 𠮷 \u0e01\u0e02", TextFormat("gbk"))
    assert (err.value.char, err.value.offset) == ("😀", 1)
    assert err.value.others == ("한", "국", "어", "𠮷", "\u0e01", "\u0e02")
    assert str(err.value) == ("The character '😀' (U+1F600) cannot be saved in GBK, nor can "
                              "'한' (U+D55C), '국' (U+AD6D), '어' (U+C5B4), '𠮷' (U+20BB7) and 2 more")


def test_format_labels() -> None:
    assert TextFormat().label == "UTF-8"
    assert TextFormat("utf-16-le", True, "\r\n").label == "UTF-16 LE BOM · CRLF"
    assert TextFormat("gb18030").label == "GB18030"


def test_format_descriptions_read_in_a_sentence() -> None:
    """"Opened gbk.txt (GBK (CP936) · CRLF)" had nested brackets, cut off as "· CRL" in a
    narrow status bar: a sentence takes the label's parts between commas."""
    assert TextFormat(cp936.NAME, False, "\r\n").description == "GBK (CP936), CRLF"
    assert TextFormat("utf-16-le", True, "\r").description == "UTF-16 LE BOM, CR"
    assert TextFormat().description == "UTF-8"


texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"))


@given(texts, st.sampled_from([("utf-8", False), ("utf-8", True), ("utf-16-le", True),
                               ("utf-16-be", True)]), st.sampled_from(["\n", "\r\n"]))
def test_unicode_round_trip(text: str, codec_bom: tuple[str, bool], newline: str) -> None:
    """Any text round-trips, except UTF-8 without a BOM whose every run of non-ASCII letters
    is rare (Ⱥ, ѧ) and reads as common Chinese in GBK (群, 学), or that holds a control
    character and reads as Chinese in UTF-16 ("\x1d[" is 嬝 in UTF-16 LE): those are taken
    for GBK or UTF-16 by design (chinese_misread_as_utf8, utf16_codec.chinese_utf16; real
    text in many alphabets is tested below)."""
    from writer_app.files.chinese_codec import CONTROL_CHARS, chinese_misread_as_utf8
    from writer_app.files.utf16_codec import chinese_utf16

    codec, bom = codec_bom
    fmt = TextFormat(codec, bom, newline)
    data = encode_text(text, fmt)
    assume(bom or chinese_misread_as_utf8(data, data.decode(codec)) is None)
    assume(bom or not CONTROL_CHARS.search(text) or chinese_utf16(data) is None)
    decoded, got = decode_bytes(data)
    assert decoded == text
    if "\n" in text:
        assert got.newline == newline
    if bom:
        assert (got.encoding, got.bom) == (codec, True)


@pytest.mark.parametrize("text", ["Ça va", "Straße", "El niño comió en la cañada."])
def test_short_western_texts_are_not_mistaken_for_asian_code_pages(text: str) -> None:
    decoded, fmt = decode_bytes(text.encode("latin-1"))
    assert decoded == text
    assert fmt.encoding == "cp1252"  # Latin-1's text as Windows-1252, which also takes “ ” € typed in
    assert encode_text(decoded + " “€”", fmt) == (text + " “€”").encode("cp1252")


@pytest.mark.parametrize("text", ["中文", "第一章\n", "你好世界", "我们明天去北京。", "他叹了一口气，说：“走吧。”",
                                  "买菜：白菜、豆腐、鸡蛋", "又来硬借钱，──这是常有的事，──她不给",
                                  "（Ｈ.Ｉｂｓｅｎ）", "远﹔照例", "─唉唉，", "“”"])
def test_short_gbk_files_are_read_as_gbk(text: str) -> None:
    """charset-normalizer alone read these as Big5, Korean or Thai (你好世界 -> 콱봤各썹)."""
    data = text.encode("gbk")
    decoded, fmt = decode_bytes(data)
    assert (decoded, fmt.encoding) == (text, cp936.NAME)
    assert encode_text(decoded, fmt) == data


@pytest.mark.parametrize(("text", "codec"), [("我們明天去北京。", "big5"), ("你好世界", "big5"),
                                             ("會議記錄", "big5"), ("是遠房侄", "big5"),
                                             ("安寧，你好嗎？我很好。", "big5"),
                                             ("안녕하세요", "cp949"), ("한국어 텍스트입니다", "cp949"),
                                             ("오늘 날씨가 좋네요", "cp949"), ("감사합니다", "cp949")])
def test_short_big5_and_korean_files_keep_their_encoding(text: str, codec: str) -> None:
    decoded, fmt = decode_bytes(text.encode(codec))
    assert decoded == text and fmt.encoding == codec


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["Hello world\nsecond line\n", "一个中文 and English 混合\r\n" * 3,
                                  "今天天气很好，我们去公园散步。\n我们明天早上去市场。\n", "中文\n"])
def test_utf16_without_a_bom_is_read_and_saved_back(codec: str, text: str) -> None:
    """Also Chinese, whose only NUL bytes are those of its newlines (it was refused as binary)."""
    data = text.encode(codec)
    decoded, fmt = decode_bytes(data)
    assert decoded == text.replace("\r\n", "\n") and (fmt.encoding, fmt.bom) == (codec, False)
    assert encode_text(decoded, fmt) == data


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03" * 10, bytes(range(256)) * 4,
                                  "ab\x01cd".encode("utf-16-le") * 20])
def test_nul_bytes_that_are_not_utf16_text_are_still_binary(data: bytes) -> None:
    with pytest.raises(BinaryFileError):
        decode_bytes(data)


@pytest.mark.parametrize(("path", "codec"), [
    ("simplified/panghuang_lu-xun_1926.txt", "gbk"),
    ("traditional/panghuang_lu-xun_1926.txt", "big5"),
])
@pytest.mark.parametrize("length", [6, 20, 200])
def test_cuts_of_a_chinese_book_open_in_their_encoding(path: str, codec: str, length: int) -> None:
    """Short GBK and Big5 files read right: 150 random cuts of Lu Xun's 彷徨 (4,899
    characters of it in tests/data/texts; before the Chinese reading rule,
    charset-normalizer misread or refused up to 40% of 6-character Big5 cuts and 4% of
    10-character GBK ones)."""
    import random

    book = "".join((TEXTS / path).read_text(encoding="utf-8").split())
    rng = random.Random(length)
    wrong, tried = [], 0
    while tried < 150:
        i = rng.randrange(len(book) - length)
        text = book[i : i + length]
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            continue  # a character the legacy encoding lacks
        tried += 1
        try:
            decoded, _ = decode_bytes(data)
        except DecodeError:
            decoded = None
        if decoded != text:
            wrong.append((text, decoded))
    assert len(wrong) <= 1, wrong


@pytest.mark.parametrize("text", ["QPS约为12,000", "Latency notes: P50 约为 3 ms, P95 约为 8 ms, P99 约为 12 ms.\n",
                                  "值为", "学校\n", "系统", "Linux系统", "k为10", "m为2, n为3"])
def test_gbk_that_is_valid_utf8_by_chance_is_read_as_gbk(text: str) -> None:
    """A tester's QPS约为12,000 in GBK opened as UTF-8 ("QPSԬΪ12,000": Armenian and Greek)
    and was saved half GBK, half UTF-8."""
    data = text.encode("gbk")
    assert data.decode("utf-8") != text  # valid UTF-8, other characters
    decoded, fmt = decode_bytes(data)
    assert (decoded, fmt.encoding) == (text, cp936.NAME)
    assert encode_text(decoded + "，延迟5ms", fmt) == (text + "，延迟5ms").encode("gbk")


@pytest.mark.parametrize("text", ["谢谢", "目录", "女"])
def test_short_gbk_read_as_plausible_utf8_is_a_guess(text: str) -> None:
    """A tester's GBK 谢谢 opened as "лл" (valid UTF-8: Russian letters) and an edit was
    saved in UTF-8 without a word: such a reading is a guess, asked about before a save."""
    decoded, fmt = decode_bytes(text.encode("gbk"))
    assert fmt.encoding == "utf-8" and decoded != text
    assert guessed_encoding(decoded, fmt)


def test_utf16_without_a_mark_and_few_letters_beyond_ascii_is_a_guess() -> None:
    """A tester's 謝謝好 saved as UTF-16 LE without a mark reopened as BE ("ʃʃ絙") and an
    edit was saved in BE after it, no question asked."""
    decoded, fmt = decode_bytes("謝謝好".encode("utf-16-le"))
    assert guessed_encoding(decoded, fmt)
    assert not guessed_encoding(*decode_bytes("Hello there".encode("utf-16-le")))  # zero bytes tell
    assert not guessed_encoding(*decode_bytes("謝謝好".encode("utf-16")))  # a mark says which


def test_save_with_encoding_writes_utf16_with_a_mark() -> None:
    """As Windows Notepad does: without the mark no program can tell the byte order."""
    for encoding in ("utf-16-le", "utf-16-be", "utf-16"):
        fmt = save_format(encoding, TextFormat("big5", False, "\r\n"))
        assert fmt.bom and fmt.newline == "\r\n"
        text, read = decode_bytes(encode_text("謝謝好", fmt))
        assert text == "謝謝好" and read.bom


@pytest.mark.parametrize("text", ["Привет, как дела? Всё хорошо.", "café au lait", "hello", "今天", "Привет мир"])
def test_utf8_that_reads_as_itself_only_is_not_a_guess(text: str) -> None:
    decoded, fmt = decode_bytes(text.encode("utf-8"))
    assert (decoded, fmt.encoding) == (text, "utf-8")
    assert not guessed_encoding(decoded, fmt)
    assert not guessed_encoding(decoded, TextFormat("utf-8", True, "\n"))  # a mark says UTF-8


@pytest.mark.parametrize("text", ["Привет, мир!", "5μs, Δt=3, α-β", "Καλημέρα", "Cæsar, naïve café", "שלום",
                                  "the 5ʹ and 3ʹ ends", "e\u0301te", "Pythonе", "Բարեւ աշխարհ", "مرحبا بالعالم",
                                  "Zażółć gęślą jaźń", "Türkçe ğüşıöç", "Příliš žluťoučký kůň", "Ѓорѓи", "Đây là"])
def test_utf8_with_letters_of_other_alphabets_stays_utf8(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")) == (text, TextFormat("utf-8", False, "\n"))


@pytest.mark.parametrize(("text", "codec"), [
    ("Дорогой дневник, сегодня был хороший день.", "koi8-r"), ("Привет, как дела? Всё хорошо.", "koi8-r"),
    ("Привет", "cp1251"), ("Привет, как дела? Всё хорошо.", "cp1251"),
])
def test_russian_in_its_code_pages_is_read_as_russian(text: str, codec: str) -> None:
    """A tester's KOI8-R diary opened as Shift-JIS (charset-normalizer), and an edit saved
    Shift-JIS into it; each code page reads the other's lower case as upper case."""
    decoded, fmt = decode_bytes(text.encode(codec))
    assert (decoded, codecs.lookup(fmt.encoding).name) == (text, codecs.lookup(codec).name)


@pytest.mark.parametrize(("data", "text"), [
    (b"Oven at 180\xb0C for 20 min.\n", "Oven at 180°C for 20 min.\n"), (b"5 \xb5s", "5 µs"),
    (b"x\xb2 + y\xb2", "x² + y²"), (b"\xbd cup", "½ cup"), (b"x\xb2", "x²"),
])
def test_latin_text_with_a_sign_here_and_there_is_western(data: bytes, text: str) -> None:
    """A tester's recipe (180°C) opened as Big5 "180蚓C", and 200°C typed in was saved in Big5;
    x² as Shift-JIS half-width katakana; "x²" alone would not open."""
    assert decode_bytes(data) == (text, TextFormat("cp1252", False, "\n"))


@pytest.mark.parametrize(("text", "codec"), [
    ("Zażółć gęślą jaźń", "cp1250"), ("Příliš žluťoučký kůň", "cp1250"),
    ("Καλημέρα κόσμε, πώς είσαι;", "cp1253"),  # not Cyrillic: a capital inside a word
    ("こんにちは、世界。今日はいい天気ですね。", "shift_jis"), ("東京都の天気は晴れです", "shift_jis"),
    ("Привет, как дела? Всё хорошо.", "cp1251"), ("Zażółć gęślą jaźń", "cp1250"),
])
def test_other_legacy_text_is_not_read_as_chinese(text: str, codec: str) -> None:
    """(and Polish is not read as Cyrillic)"""
    decoded, _ = decode_bytes(text.encode(codec))
    assert decoded == text


def test_decode_as_the_users_choice() -> None:
    from writer_app.files.text_codec import decode_as

    assert decode_as("学校".encode("gbk"), "gb18030") == ("学校", TextFormat("gb18030", False, "\n"))
    text, fmt = decode_as(codecs.BOM_UTF8 + b"a\r\nb", "utf-8")
    assert text == "a\nb" and fmt == TextFormat("utf-8", True, "\r\n")
    with pytest.raises(DecodeError, match=r"not valid UTF-8: byte 0xbd at offset 2"):
        decode_as(b"ab" + "今".encode("gbk"), "utf-8")


def test_a_long_gbk_novel_opens() -> None:
    """1.7 MB of GBK: charset-normalizer refused it; the Chinese reading of its start decides."""
    chapter = (TEXTS / "simplified/panghuang_lu-xun_1926.txt").read_text(encoding="utf-8")
    text = chapter * 160
    data = text.encode("gbk", errors="replace")
    assert len(data) > 1_500_000
    decoded, fmt = decode_bytes(data)
    assert fmt.encoding == cp936.NAME and decoded == data.decode("gbk")


def test_decode_as_refuses_another_encodings_byte_order_mark() -> None:
    from writer_app.files.text_codec import decode_as

    data = codecs.BOM_UTF16_BE + "中文".encode("utf-16-be")
    with pytest.raises(DecodeError, match="UTF-16 BE byte-order mark; reopen it as UTF-16 BE"):
        decode_as(data, "utf-16-le")
    assert decode_as(data, "utf-16-be") == ("中文", TextFormat("utf-16-be", True, "\n"))


# --------------------------------------------- open, then save unedited: the same bytes

# ASCII, Latin, Cyrillic, Greek, kana, common Han (simplified and traditional), JIS X 0212
# kanji and letters (丫鬟ĝ: EUC-JP has them, Shift-JIS does not), Hangul, and the code points
# editors mangle (U+2028, U+2029, U+FDD0, U+FDD1, no-break space, BOM).
POOL = ("abc XYZ,.!?0\n" "éàçøßñÆœ€" "яжЩ" "αΩ" "あがツン" "今天气很好们学校這個們" "丫鬟ĝ"
        "한국어" "\u2028\u2029\ufdd0\ufdd1\u00a0\ufeff")
ROUND_TRIP_CODECS = [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE), ("gb18030", b""),
    ("big5", b""), ("euc_jp", b""), ("cp932", b""), ("euc_kr", b""), ("cp1252", b""),
    ("latin-1", b""), ("koi8_r", b""), ("iso8859_7", b""),
]


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_a_file_read_as_written_saves_back_the_same_bytes(data: st.DataObject) -> None:
    """Property over many encodings: a file decoded to the text it was written from is
    encoded back to its exact bytes; for any file, ``round_trip_problem`` is None exactly
    when saving it unedited gives back its bytes."""
    codec, bom = data.draw(st.sampled_from(ROUND_TRIP_CODECS))
    alphabet = [ch for ch in POOL if _encodable(ch, codec)]
    text = data.draw(st.text(st.sampled_from(alphabet), min_size=1, max_size=40))
    newline = data.draw(st.sampled_from(["\n", "\r\n"]))
    raw = bom + text.replace("\n", newline).encode(codec)
    try:
        decoded, fmt = decode_bytes(raw)
    except DecodeError:
        return  # refused: nothing to save back
    exact = encode_text(decoded, fmt) == raw
    assert (round_trip_problem(raw, decoded, fmt) is None) == exact
    if decoded == text:
        assert exact, f"{text!r} in {codec} read as {fmt} saves back other bytes"


def test_euc_jp_with_jis_x_0212_kanji_is_read_as_euc_jp() -> None:
    """charset-normalizer names euc_jis_2004, which reads 丫 but writes it as its
    JIS X 0213 code (8F A1 A6 instead of 8F B0 AA): an unedited save changed the file."""
    data = "これは丫鬟の話です。\n".encode("euc_jp")
    text, fmt = decode_bytes(data)
    assert text == "これは丫鬟の話です。\n" and fmt.encoding == "euc_jp"
    assert encode_text(text, fmt) == data


def test_round_trip_problems_are_named() -> None:
    mixed = b"one\r\ntwo\nthree\r\n"
    text, fmt = decode_bytes(mixed)
    problem = round_trip_problem(mixed, text, fmt)
    assert problem is not None and "mixes line endings (CRLF and LF)" in problem
    assert "as CRLF" in problem
    # cp932 reads both FA 5C and ED 40 as 纊 and writes ED 40: the IBM code is lost
    ibm = "日本語の".encode("cp932") + b"\xfa\x5c" + "です。".encode("cp932")
    text, fmt = decode_bytes(ibm)
    problem = round_trip_problem(ibm, text, fmt)
    assert problem is not None and "other bytes" in problem and "byte 8" in problem
    assert round_trip_problem(b"plain\n", "plain\n", TextFormat()) is None


def test_utf8_cut_off_in_a_character_opens_and_says_so() -> None:
    data = ("第一段。\n拉希姆小声说：“我肚子很疼。”\n" * 40).encode("utf-8")[:-2]  # "\n" and half of "”"
    text, fmt = decode_bytes(data)
    assert fmt.encoding == "utf-8" and text.endswith("疼。\ufffd")
    problem = round_trip_problem(data, text, fmt)
    assert problem is not None and "UTF-8 text cut off in the middle of a character: its last 2 byte" in problem


@pytest.mark.parametrize("data", [
    b"Good text here \xe5\xa5\xbd\xe7\x9a\x84\xe3\x80\x82\nbad \xff\xfe\xc3 bytes\nmore \xe6\x9b\xb4\xe5\xa4\x9a\n",
    b"It\x92s a caf\xc3\xa9 in \xe5\x8c\x97\xe4\xba\xac\n",  # a Windows apostrophe in UTF-8
    ("The keeper counted the gulls on the quay wall; 海鸥 flew off. " * 60).encode()[:100] + b"\xff"
    + ("The keeper counted the gulls on the quay wall; 海鸥 flew off. " * 60).encode()[101:],
])
def test_utf8_with_damaged_bytes_opens_as_utf8_and_saving_says_what_it_does(data: bytes) -> None:
    """A tester's notes opened as Kazakh PTCP154 or GB18030 mojibake, and saving made it
    permanent; a long one would not open at all. Now: UTF-8, � where the bad bytes are, and
    the problem named, so Save asks before writing � over them (document_controller)."""
    text, fmt = decode_bytes(data)
    assert fmt.encoding == "utf-8"
    assert text.replace("\ufffd", "").encode() == data.decode("utf-8", "ignore").encode()
    first = data.decode("utf-8", "replace").index("\ufffd")
    problem = round_trip_problem(data, text, fmt)
    assert problem is not None and "UTF-8 text damaged at byte" in problem and "saving writes" in problem
    assert f"byte {len(data.decode('utf-8', 'replace')[:first].encode()):,} " in problem


def test_text_in_another_encoding_is_not_called_damaged_utf8() -> None:
    text = "这是一段用GBK编码的中文文本，里面有很多汉字。" * 20
    decoded, fmt = decode_bytes(text.encode("gbk"))
    assert decoded == text and fmt.encoding == cp936.NAME


@pytest.mark.parametrize(("text", "codec", "label", "typed"), [
    ("价格€100元", cp936.NAME, "GBK (CP936)", "，很贵€"),
    ("欧元区的价格是€100，人民币是700元。这份报告用GBK编码保存，Windows记事本常见。\n", cp936.NAME,
     "GBK (CP936)", "，很贵€"),
    ("這是一份台灣的文件，用Big5（cp950）編碼。歐元€是常見的符號，圍棋又叫碁。\n", "cp950",
     "Big5 (CP950)", "，很貴€"),
])
def test_windows_chinese_code_pages_with_the_euro_sign_open_and_save_back(text: str, codec: str,
                                                                           label: str, typed: str) -> None:
    """Notepad on Chinese Windows writes € as 0x80 (cp936) or 0xA3E1 (cp950), which GB18030
    and Big5 refuse: a tester's price list opened as UTF-16 BE, and saving an edit wrote
    UTF-16 into it; the longer files did not open at all."""
    data = text.encode(codec)
    decoded, fmt = decode_bytes(data)
    assert (decoded, fmt.encoding, fmt.label) == (text, codec, label)
    assert encode_text(decoded + typed, fmt) == data + typed.encode(codec)
    assert decode_bytes(("今天天气很好。" * 3).encode("gbk"))[1].encoding == cp936.NAME  # GBK, as Windows writes it
    four_byte = "吉野家的𠮷字，今天很好。".encode("gb18030")  # with a four-byte code: GB18030
    assert decode_bytes(four_byte)[1].encoding == "gb18030"
    assert b"\x81\x80".decode(cp936.NAME) == b"\x81\x80".decode("gbk")  # 0x80 as a trail byte: GBK's


def test_a_guess_of_utf16_without_bom_or_nuls_is_refused() -> None:
    """charset-normalizer named UTF-16 BE for ten bytes of cp936; without a byte-order mark
    or NULs in one column such a reading is refused, not shown as Hangul."""
    with pytest.raises(DecodeError):
        decode_bytes(b"\xbc\xdb\xb8\xf1\xa0100\xd4\xaa")


def test_a_thai_file_still_opens_in_its_own_encoding() -> None:
    """Detection names only the encodings Reopen with Encoding offers; a Thai (Windows-874)
    file, which was detected before that limit, must still read as Thai, not as Latin-1."""
    text = "ภาษาไทยเป็นภาษาที่สวยงามมากและมีประวัติศาสตร์ยาวนาน\n"
    decoded, fmt = decode_bytes(text.encode("cp874"))
    assert (decoded, fmt.encoding) == (text, "cp874")


def test_punctuation_alone_is_no_evidence_of_utf16() -> None:
    """Found by test_unicode_round_trip: "0\\x1f" (a control byte) was read as UTF-16 BE "〟"."""
    assert decode_bytes(b"0\x1f")[0] == "0\x1f"

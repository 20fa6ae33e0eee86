"""One set of text rules (writer_app.text.chars): the Unicode ranges, the predicates, and
the decoder's units, Ctrl+Right pieces and the word count agreeing on what is CJK."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from writer_app.editor.text_stats import count_words
from writer_app.text import chars
from writer_app.text.chars import (
    NO_SPACE,
    CharSet,
    is_chinese,
    is_chinese_text_char,
    is_cjk,
    is_cjk_punctuation,
    is_han,
    is_hangul,
)
from writer_app.text.units import split_units
from writer_app.text.words import split_words

REPO = Path(__file__).resolve().parents[2]


def test_han_is_the_ideographs_and_ideographic_zero() -> None:
    assert all(is_han(c) for c in "中文〇㐀𠀀丽龥")  # URO, 〇, extension A and B, compatibility
    assert not any(is_han(c) for c in "a。，カ한ㄅ々 ")
    assert not is_han("中文") and not is_han("")  # one character only


def test_cjk_punctuation_chinese_and_no_space() -> None:
    assert all(is_cjk_punctuation(c) for c in "、。「」《》〜　，！？（）￥︰Ａ１")
    assert not any(is_cjk_punctuation(c) for c in "〇中,.!?…—“")
    # A Chinese unit of the routing rule: Han, CJK punctuation, full-width forms, bopomofo.
    assert all(is_chinese(c) for c in "中〇。，Ａㄅㆠ")
    assert not any(is_chinese(c) for c in "aカ한⼀")
    # Written without spaces: all of that but full-width letters and digits, plus kana,
    # Hangul, radicals and the half-width forms.
    assert all(is_cjk(c) for c in "中〇。，ㄅカ한⼀ｶ")
    assert not any(is_cjk(c) for c in "aé1Ａｚ１,")
    assert is_hangul("한") and not is_hangul("ㄱ")
    assert all(is_chinese_text_char(c) for c in "中，“”—…※○■·") and not is_chinese_text_char("é")


def test_charset_answers_the_same_when_asked_again() -> None:
    s = CharSet([(0x4E00, 0x4E01)])
    for _ in range(2):  # the second time from its memo
        assert "一" in s and "丁" in s and "七" not in s and "a" not in s
        assert "一一" not in s and "" not in s and 0x4E00 not in s and ["一"] not in s  # type: ignore[operator]


def test_charset_merges_and_excludes_ranges() -> None:
    s = CharSet([(0x61, 0x63), (0x64, 0x66), (0x70, 0x70)], excluded=[(0x62, 0x62), (0x66, 0x70)])
    assert s.ranges == ((0x61, 0x61), (0x63, 0x65))
    assert [c in s for c in "abcdefp"] == [True, False, True, True, True, False, False]
    assert re.fullmatch(f"[{s.regex_class()}]+", "acde") and not re.search(f"[{s.regex_class()}]", "bfp")
    assert CharSet([(0x3000, 0x3008)]).word_chars().ranges == ((0x3005, 0x3007),)  # 々〆〇


def _no_space_letters() -> list[str]:
    """Letters and digits written without spaces, other than Han (which Ctrl+Right segments)."""
    return [chr(cp) for lo, hi in NO_SPACE.ranges for cp in range(lo, min(hi, 0xFFFF) + 1)
            if chr(cp).isalnum() and not is_han(chr(cp))]


def test_units_pieces_and_word_count_agree_on_what_is_written_without_spaces() -> None:
    # Before the rules were one module, Ctrl+Right took bopomofo, 々 and half-width kana
    # as runs ("ｶﾀｶﾅ" in one press) while the decoder took them one by one, and the word
    # count counted "ㄅㄆㄇ" as one word.
    letters = _no_space_letters()
    assert len(letters) > 10_000  # kana, Hangul, bopomofo, half-width forms, ...
    for ch in letters:
        pair = ch + ch
        assert split_units(pair) == [ch, ch], ch
        assert split_words(pair) == [ch, ch], ch
        assert count_words(pair) == 2, ch


def test_full_width_digits_are_one_word_everywhere() -> None:
    # The decoder used to take "１０" as two units while Ctrl+Right and the word count took it
    # as one word (Lu Xun's footnote marks 〔１０〕).
    assert split_units("第１０章") == ["第", "１０", "章"]
    assert split_words("〔１０〕") == ["〔", "１０", "〕"]
    assert count_words("学潮〔１０〕，连") == 4


def test_word_count_takes_every_ideograph_and_keeps_cjk_punctuation_in_runs() -> None:
    assert count_words("𠀀𠀁") == 2  # extension B: was one word
    assert count_words("ㄅㄆㄇ") == 3  # bopomofo: was one word
    assert count_words("他说「OK」然后") == 5
    assert count_words("hello，world") == 1  # as "hello,world"


def test_token_lead_bytes_are_the_ideographs_block() -> None:
    assert chars.CJK_UTF8_LEAD_BYTES == {chr(cp).encode("utf-8")[0] for cp in range(0x3000, 0xA000)}


@pytest.mark.parametrize("folder", ["writer_app", "training", "bench"])
def test_cjk_ranges_are_defined_only_in_writer_app_text(folder: str) -> None:
    # Literal bounds of the CJK blocks, as code (0x4E00, "\u4e00", a regex class), anywhere
    # but writer_app/text/chars.py. (U+3000, the ideographic space, is written as a character.)
    bounds = ["2e80", "3040", "3400", "4e00", "9fff", "ac00", "d7a3", "d7af", "f900", "ff00"]
    pattern = re.compile(r"(?i)(0x|\\u|\\U0000)(" + "|".join(bounds) + r")\b|\\p\{Han\}")
    found = [f"{path.relative_to(REPO)}:{n}" for path in sorted((REPO / folder).rglob("*.py"))
             if path != REPO / "writer_app/text/chars.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line)]
    assert found == []


def test_unicode_names_of_the_blocks() -> None:
    # The named ranges are the blocks their names say (spot checks against unicodedata).
    assert unicodedata.name(chr(chars.CJK_UNIFIED[0])) == "CJK UNIFIED IDEOGRAPH-4E00"
    assert unicodedata.name(chr(chars.KANA[0] + 1)).startswith("HIRAGANA")
    assert unicodedata.name(chr(chars.HANGUL_SYLLABLES[0])).startswith("HANGUL SYLLABLE")
    assert unicodedata.name(chr(chars.BOPOMOFO[0] + 5)).startswith("BOPOMOFO")
    assert unicodedata.name(chr(chars.FULLWIDTH_ALNUM[0][0])) == "FULLWIDTH DIGIT ZERO"


def test_the_text_rules_load_no_qt_torch_or_onnxruntime() -> None:
    code = ("import sys, writer_app.text.chars, writer_app.text.language, writer_app.text.units, "
            "writer_app.text.words; print([m for m in ('PySide6', 'torch', 'onnxruntime', 'numpy') "
            "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "[]"


def test_presentation_forms_are_written_as_horizontal_text_writes_them() -> None:
    # 呐喊's "说︰", Big5's small semicolon and question mark, vertical corner brackets
    assert chars.horizontal_forms("他说︰﹁好﹔走吧﹖﹂") == "他说：「好；走吧？」"
    assert chars.horizontal_forms("︓︙︵﹐﹑﹝") == "：…（，、〔"
    assert chars.horizontal_forms("﹅﹉") == "﹅﹉"  # sesame dot, overline: nothing to write instead


def test_horizontal_forms_change_only_presentation_forms_and_leave_none() -> None:
    every = "".join(chr(cp) for cp in range(0x20, 0x10000) if not 0xD800 <= cp <= 0xDFFF)
    out = chars.horizontal_forms(every)
    assert len(out) == len(every)
    changed = [(a, b) for a, b in zip(every, out, strict=True) if a != b]
    assert {a for a, _ in changed} <= {ch for ch in every if chars.is_presentation_form(ch)}
    assert len(changed) >= 60
    assert not any(chars.is_presentation_form(b) for _, b in changed)
    assert [ch for ch in "，：；？！（）“”‘’「」abc。" if chars.is_presentation_form(ch)] == []

"""The script detector that picks the Chinese or the English model (writer_app/text/language.py)."""

from __future__ import annotations

import pytest

from writer_app.text.chars import is_chinese
from writer_app.text.language import (
    EN,
    EN_BELOW,
    WINDOW_CHARS,
    ZH,
    ZH_ABOVE,
    ScriptDetector,
    chinese_share,
    choose_model_language,
    count_units,
    detect_script,
)


def test_pure_chinese_and_pure_english() -> None:
    assert detect_script("我们明天去北京看长城") == ZH
    assert detect_script("She had never seen anything so beautiful", previous=ZH) == EN


def test_units_are_han_characters_and_cjk_punctuation_against_words() -> None:
    assert count_units("我用了iPhone手机。") == (6, 1)  # 5 Han + 。 against one word
    assert count_units("Hello, world! 42") == (0, 2)
    assert count_units("「你好」，（再见）！") == (10, 0)  # brackets and full-width marks count
    assert count_units("㐀𠀀") == (2, 0)  # extension A and extension B
    assert all(is_chinese(c) for c in "，。、；：？！《》【】　")
    assert not any(is_chinese(c) for c in "ab,.;:?!é—…")


@pytest.mark.parametrize("previous", [EN, ZH])
def test_punctuation_only(previous: str) -> None:
    assert detect_script("...!? 123 -- ()", previous) == previous  # no letters: keep the last answer
    assert detect_script("", previous) == previous
    assert detect_script("，。！", previous) == ZH  # CJK punctuation counts towards Chinese


def test_mixed_text_goes_with_the_majority() -> None:
    assert detect_script("我们使用 Python 和 NumPy 来处理数据，然后用 Matplotlib 画图") == ZH
    assert detect_script("The word 你好 means hello in Mandarin", previous=ZH) == EN


def test_hysteresis_one_word_of_the_other_language_does_not_switch() -> None:
    # One English word in Chinese text, and one Chinese word in English text.
    assert detect_script("他说 OK", previous=ZH) == ZH  # 2 Han against 1 word: 0.67
    assert detect_script("我的 iPhone", previous=ZH) == ZH  # 2 against 1
    assert detect_script("He said 你好", previous=EN) == EN  # 2 against 2: in the band
    assert detect_script("He said 你好", previous=ZH) == ZH
    assert detect_script("好 ok", previous=ZH) == ZH  # a tie keeps the last answer
    assert detect_script("好 ok", previous=EN) == EN
    detector = ScriptDetector()
    assert detector.language == EN
    text = "今天天气很好，我们"
    assert detector.detect(text) == ZH
    for word in (" Python", " Python 和", " Python 和 NumPy"):
        assert detector.detect(text + word) == ZH
    assert detector.detect(text + "\nThe weather was fine and we") == EN  # a new paragraph decides
    assert detector.detect(text + "\nThe weather was fine and we 去") == EN


def test_short_new_paragraph_falls_back_to_the_window() -> None:
    before = "今天天气很好，我们去公园散步。\n"
    assert detect_script(before + "OK", previous=ZH) == ZH  # 1 word: too little to decide alone
    assert detect_script(before + "OK so", previous=ZH) == ZH
    assert detect_script(before + "OK so we went", previous=ZH) == EN


def test_only_the_last_window_counts() -> None:
    old_english = "word " * 400
    assert detect_script(old_english + "中" * (WINDOW_CHARS - 10), previous=EN) == ZH
    assert detect_script("中" * 1000 + " and" * (WINDOW_CHARS // 4), previous=ZH) == EN


def test_chinese_share_and_its_thresholds() -> None:
    assert chinese_share("我用了iPhone手机。") == 6 / 7
    assert chinese_share("He said 你好") == 0.5
    assert chinese_share("... 123") is None  # no units
    assert (EN_BELOW, ZH_ABOVE) == (0.4, 0.6)  # README "English and Chinese"
    assert choose_model_language(0.61, EN) == ZH
    assert choose_model_language(0.39, ZH) == EN
    for share in (EN_BELOW, 0.5, ZH_ABOVE, None):  # the band is inclusive; no units keeps too
        assert choose_model_language(share, EN) == EN
        assert choose_model_language(share, ZH) == ZH


def test_only_the_rest_of_a_latin_word_typed_in_chinese_text_is_completed() -> None:
    from writer_app.text.language import EN, ZH, completes_word_only, latin_word_being_typed

    assert latin_word_being_typed("我们用Pyth") and latin_word_being_typed("在这个函数里，func")
    assert not latin_word_being_typed("我们用Python写") and not latin_word_being_typed("第3")
    assert not latin_word_being_typed("x2a")  # an identifier with digits is not a word being typed
    assert completes_word_only("我们用Pyth", ZH)
    assert not completes_word_only("我们用Python写", ZH)
    assert not completes_word_only("We use Pyth", EN)  # English text: suggestions go on past the word


@pytest.mark.parametrize("text", [
    "We wrote the parser over a weekend, and then we然后我们用",  # a fresh-clone tester's
    "It was long. In short, 这个",
    "It was a long paragraph about the parser.\n张三",
    "We read the file and then we 解析它",
    "In short, 这个，",  # a CJK mark after the Han characters: still Chinese being typed
])
def test_han_characters_being_typed_go_to_the_chinese_model(text: str) -> None:
    from writer_app.text.language import chinese_being_typed, model_language

    assert detect_script(text) == EN  # the paragraph stays English ...
    assert chinese_being_typed(text)
    assert model_language(text, EN) == ZH  # ... but the Chinese model continues the Han characters


@pytest.mark.parametrize("text", ["We use Pyth", "In short, 这个 is", "Price：", "“Hello”", ""])
def test_english_being_typed_stays_with_the_document_model(text: str) -> None:
    from writer_app.text.language import chinese_being_typed, model_language

    assert not chinese_being_typed(text)
    assert model_language(text, EN) == EN
    assert model_language(text, ZH) == ZH  # a Chinese document's requests all go to Chinese

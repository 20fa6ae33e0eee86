"""How far a suggestion goes (DecodingConfig.extent, issue 12): one unit, one segmented word,
a phrase or a sentence, chosen in the config or recommended by the model card."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from writer_app.inference.candidates import cut_to_extent
from writer_app.inference.suggester import Suggester
from writer_app.inference.types import DecodingConfig

PROMPT = "我们明天"  # the tiny model learnt 我们明天早上去市场。


def _text(model: Path, **config: object) -> str:
    s = Suggester.load(model, DecodingConfig(threshold=0.0, stop_prob=0.0, **config))  # type: ignore[arg-type]
    sug = s.propose(PROMPT)
    assert sug is not None
    return sug.text


def test_each_extent_ends_the_suggestion_where_it_says(tiny_model_dir: Path) -> None:
    unit, word = _text(tiny_model_dir, extent="unit"), _text(tiny_model_dir, extent="word")
    sentence = _text(tiny_model_dir, extent="sentence")
    assert unit == "早"  # one character
    assert word == "早上"  # one segmented word (早上|去|市场)
    assert len(sentence) > len(word) and sentence.startswith(word)


def test_cut_to_extent_follows_the_two_meanings_of_word() -> None:
    assert cut_to_extent("北京大学很大", "unit") == "北"
    assert cut_to_extent("北京大学很大", "word") == "北京大学"
    assert cut_to_extent("京大学很大", "word", before="北") == "京大学"  # the rest of a word begun
    assert cut_to_extent(" station and waited", "unit") == " station"
    assert cut_to_extent(" station and waited", "word") == " station "
    assert cut_to_extent("北京大学很大", "phrase") == "北京大学很大"  # phrases end while decoding


def test_rest_of_word_is_only_what_continues_the_word_being_typed() -> None:
    """A Latin word typed in Chinese text: the English model's "." or " is" cannot be right
    there (the text goes on in Chinese), only the rest of the word can."""
    assert cut_to_extent("hon.", "rest", before="我们用Pyt") == "hon"
    assert cut_to_extent(".", "rest", before="我们用Pyt") == ""
    assert cut_to_extent(" is", "rest", before="定义func") == ""
    assert cut_to_extent("'t go", "rest", before="I don") == "'t"
    assert cut_to_extent("hon编程", "rest", before="用Pyt") == "hon"  # not glued to Chinese
    assert cut_to_extent("hon", "rest", before="用") == ""  # no word being typed


def test_the_model_card_recommends_the_extent_and_the_confidence_cut(
        tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(tiny_model_dir, tmp_path / "model"))
    card = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    card["decoding"] = {**(card.get("decoding") or {}), "extent": "word", "stop_prob": 0.2}
    (folder / "model.json").write_text(json.dumps(card), encoding="utf-8")
    s = Suggester.load(folder, DecodingConfig(threshold=0.0))  # extent and stop_prob: auto
    assert s.config.extent == "word" and s.config.stop_prob == 0.2
    sug = s.propose(PROMPT)
    assert sug is not None and sug.text == "早上"
    # a config that names its own extent wins over the card
    assert Suggester.load(folder, DecodingConfig(threshold=0.0, extent="unit")).config.extent == "unit"
    # a card without advice: sentences, stop_prob 0.01, as before
    plain = Suggester.load(tiny_model_dir, DecodingConfig())
    assert plain.config.extent == "sentence" and plain.config.stop_prob == 0.01


def test_an_unknown_extent_is_refused(tiny_model_dir: Path) -> None:
    with pytest.raises(ValueError, match="extent"):
        Suggester.load(tiny_model_dir, DecodingConfig(extent="paragraph"))

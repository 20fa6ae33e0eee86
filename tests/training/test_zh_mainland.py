"""Traditional Chinese to today's mainland simplified (training.zh_mainland), as the
Chinese recipe reads the classics (convert = "mainland")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.data_prep import prepare_documents
from training.errors import TrainingError
from training.recipe import load_recipe
from training.zh_mainland import particle_zhe, to_mainland


def test_the_particle_becomes_zhe_and_the_quotes_curly_while_zhu_words_stay() -> None:
    out = to_mainland("他看著我，笑著說：「走著瞧，『好』。」著名的作家寫了一本著作。睡著了。")
    assert out == "他看着我，笑着说：“走着瞧，‘好’。”著名的作家写了一本著作。睡着了。"


def test_nothing_else_of_the_taiwan_table_is_taken() -> None:
    """tw2sp reads this text's 么 as 幺 and 抬 as 擡; only its 着 decisions are used."""
    out = to_mainland("你怎么樣？他抬頭說著什麼。計程車")
    assert out == "你怎么样？他抬头说着什么。计程车"


def test_lines_of_another_length_are_aligned_by_their_replaced_spans() -> None:
    assert particle_zhe("他说著走了\n著名", "他讲说着走了\n著名") == "他说着走了\n著名"
    assert particle_zhe("没有著字", "anything") == "没有著字"


def test_a_recipe_source_is_converted_as_it_is_read_and_the_card_says_so(tmp_path: Path) -> None:
    corpora = tmp_path / "corpora"
    (corpora / "classics").mkdir(parents=True)
    (corpora / "classics" / "a.txt").write_text("他看著我，說：「來了。」\n\n" * 600, encoding="utf-8")
    recipe = tmp_path / "r.toml"
    recipe.write_text('[[source]]\npath = "classics"\nconvert = "mainland"\n', encoding="utf-8")
    data = prepare_documents(load_recipe(recipe, corpora).sources)
    text = data.train[0][0].text + data.validation["all"][0].text
    assert "他看着我，说：“来了。”" in text and "著" not in text and "「" not in text
    assert json.loads(json.dumps(data.data_card))[0]["convert"] == "mainland"
    recipe.write_text('[[source]]\npath = "classics"\nconvert = "t2s"\n', encoding="utf-8")
    with pytest.raises(TrainingError, match="not one of mainland"):
        load_recipe(recipe, corpora)


def test_without_opencc_the_error_says_what_to_install(monkeypatch) -> None:
    import sys

    from training import zh_mainland

    monkeypatch.setitem(sys.modules, "opencc", None)
    zh_mainland._converter.cache_clear()
    try:
        with pytest.raises(TrainingError, match=r"needs OpenCC: pip install"):
            to_mainland("看著")
    finally:
        zh_mainland._converter.cache_clear()


def test_presentation_forms_become_the_punctuation_mainland_text_writes() -> None:
    """呐喊 writes "說︰" and Big5 its small semicolon; the model learnt "︰" after "他说"."""
    assert to_mainland("他說︰「走吧﹔好嗎﹖」") == "他说：“走吧；好吗？”"

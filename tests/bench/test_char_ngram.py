"""The character 5-gram baseline of the Chinese bench (bench/char_ngram.py) and its IME figures."""

from __future__ import annotations

import pytest

from bench.char_ngram import BACKOFF, CharNgram, CharNgramPredictor, head_bytes
from bench.ime_report import ime_figures
from bench.keystrokes import run_baseline
from bench.texts import Segment


def test_stupid_backoff_scores_relative_frequencies_and_backs_off_by_0_4() -> None:
    m = CharNgram.train(["北京大学在北京，北方很冷。"])
    # after 北: 京 twice, 方 once
    assert m.score("北", "京") == pytest.approx(2 / 3)
    assert m.score("我们去北", "方") == pytest.approx(BACKOFF ** 3 * 1 / 3)  # "们去北","去北" unseen: 3 steps
    # 在北 was seen once: pruned, so 京 backs off to the context 北
    assert m.score("在北", "京") == pytest.approx(BACKOFF * 2 / 3)
    assert m.score("北京", "大") == pytest.approx(1 / 2)  # 北京 seen twice: kept
    assert m.score("北", "学") == pytest.approx(BACKOFF * 1 / 14)  # not after 北: unigram, 13 chars + "\n"
    assert m.score("北", "猫") == 0.0
    assert m.best("北") == ("京", pytest.approx(2 / 3))
    # a line's end is predicted as "\n"; no n-gram crosses lines
    assert m.best("很冷。") == ("\n", pytest.approx(BACKOFF ** 2))  # 很冷。 and 冷。 seen once: pruned
    assert m.score("冷。\n北", "京") == pytest.approx(2 / 3)


def test_contexts_of_two_or_more_characters_seen_once_are_dropped() -> None:
    m = CharNgram.train(["甲乙丙丁"])
    assert "甲乙" not in m.table and "甲" in m.table and "" in m.table


def test_the_predictor_offers_one_character_only_when_sure_enough() -> None:
    m = CharNgram.train(["北京大学在北京，北方很冷。"])
    p = CharNgramPredictor(m, threshold=0.5)
    sug = p.suggest("我们去北")  # 京 at 0.4**3 * 2/3: not shown
    assert sug is None
    sug = p.suggest("北")
    assert sug is not None and sug.text == "京" and sug.score == pytest.approx(2 / 3)


def test_head_bytes_takes_whole_lines() -> None:
    assert head_bytes("北京\n大学\n", 7) == "北京"  # 6 bytes + newline
    assert head_bytes("北京\n大学\n", 6) == ""


def test_the_baseline_saves_input_method_keys_but_no_characters() -> None:
    text = "北京大学在北京。" * 6
    m = CharNgram.train([text])
    seg = Segment("toy", text, 0)
    out = run_baseline(CharNgramPredictor(m), [seg], lambda _msg: None, ime=True)
    figs = out["ime"]["toy"]
    assert out["ime"]["all"]["chars"] == len(text)
    # one character at a time: a Tab for one character saves nothing one key a character,
    # its pinyin (and the commit key) through an input method
    assert figs["ksr_char_words"] == 0.0 and figs["ksr_char_whole"] == 0.0
    assert figs["ksr_ime_words"] > 0.5 and figs["ksr_ime_whole"] == figs["ksr_ime_words"]
    assert figs["trigger_rate"] > 0.5 and figs["right_whole"] > 0.5
    assert out["ksr"] == 0.0  # the per-character table beside it


def test_ime_figures_group_segments_by_source() -> None:
    segs = [Segment("a@0", "北京。", 0), Segment("a@9", "大学。", 9), Segment("b@0", "好。", 0)]
    figs = ime_figures(lambda _i, _t: (lambda _pos: None), segs, [])
    assert set(figs) == {"a", "b", "all"}
    assert figs["a"]["chars"] == 6 and figs["all"]["chars"] == 8
    assert figs["all"]["ksr_ime_words"] == 0.0 and figs["all"]["trigger_rate"] == 0.0

"""The benchmark's simulated user (bench/simulate.py) against a scripted engine."""

from __future__ import annotations

from bench.simulate import simulate_typing, summarize
from writer_app.inference import Suggestion


def _engine(table: dict[int, Suggestion]):  # type: ignore[no-untyped-def]
    return lambda pos: table.get(pos)


def test_no_suggestions_costs_one_keystroke_per_character() -> None:
    r = simulate_typing("hello world", _engine({}), 0.0)
    assert r.keystrokes == 11 and r.ksr == 0.0


def test_tab_accepts_a_full_match() -> None:
    ref = "The quick brown fox"
    r = simulate_typing(ref, _engine({6: Suggestion("ick brown fox", [], 0.9)}), 0.5)
    # "The qu" typed (6) + 1 Tab = 7 keystrokes for 19 characters
    assert r.keystrokes == 7
    assert [q.action for q in r.queries].count("tab") == 1
    assert abs(r.ksr - (1 - 7 / 19)) < 1e-12
    tab = r.queries[6]
    assert tab.saved == 12 and tab.mid_word
    s = summarize([r])
    assert s["saved_mid_word_share"] == 1.0 and s["mean_accepted_chars"] == 13


def test_ctrl_right_accepts_matching_whole_words_only() -> None:
    ref = "The quick brown fox"
    # "ick brown cat": 2 words right -> 2 keystrokes for "ick brown " (10 chars: each
    # Ctrl+Right takes a word with the space after it)
    r = simulate_typing(ref, _engine({6: Suggestion("ick brown cat", [], 0.9)}), 0.5)
    assert r.keystrokes == 6 + 2 + len("fox")
    # "brow" is not a whole word of the reference: only "ick " (4 chars, 1 key) counts
    r = simulate_typing(ref, _engine({6: Suggestion("ick brow cat", [], 0.9)}), 0.5)
    assert r.keystrokes == 6 + 1 + len("brown fox")
    assert r.queries[6].matched == 1 and r.queries[6].action == "words"


def test_a_full_character_match_is_a_tab_even_mid_word() -> None:
    """The issue's policy: Tab when the whole text matches what comes next."""
    r = simulate_typing("The quick brown fox", _engine({6: Suggestion("ick bro", [], 0.9)}), 0.5)
    assert r.keystrokes == 6 + 1 + len("wn fox")


def test_below_threshold_is_not_shown_and_one_char_is_not_accepted() -> None:
    ref = "The quick"
    r = simulate_typing(ref, _engine({6: Suggestion("ick", [], 0.1)}), 0.5)
    assert r.keystrokes == len(ref) and not r.queries[6].shown
    r = simulate_typing("ab", _engine({1: Suggestion("b", [], 0.9)}), 0.5)
    assert r.keystrokes == 2  # accepting one character saves nothing


def test_summary_exact_match_and_trigger_rate() -> None:
    ref = "one two three four"
    engine = _engine({0: Suggestion("one two six", [], 0.9), 1: Suggestion("x", [], 0.9)})
    r = simulate_typing(ref, engine, 0.5)
    s = summarize([r])
    assert s["shown"] == 1  # position 1 is skipped by the accepted words
    assert s["exact_match@1"] == 1.0 and s["exact_match@2"] == 1.0
    assert s["exact_match@3"] == 0.0
    assert s["trigger_rate"] == 1 / s["queries"]


def test_chinese_words_are_segmented_and_a_keystroke_is_a_character() -> None:
    ref = "我们今天去北京大学看看。"
    # typed "我们" (2 keys); the suggestion's first two words are right, the third is not
    r = simulate_typing(ref, _engine({2: Suggestion("今天去上海", [], 0.9)}), 0.5)
    q = r.queries[2]
    assert (q.words, q.matched, q.action) == (3, 2, "words")  # 今天|去|上海
    assert r.keystrokes == 2 + 2 + len("北京大学看看。")
    # part of a word is not a right word ("北京" of "北京大学"), but a full match is a Tab
    r = simulate_typing(ref, _engine({5: Suggestion("北京去", [], 0.9)}), 0.5)
    assert r.queries[5].matched == 0 and r.keystrokes == len(ref)
    r = simulate_typing(ref, _engine({5: Suggestion("北京", [], 0.9)}), 0.5)
    assert r.queries[5].action == "tab" and r.keystrokes == len(ref) - 1


def test_chinese_mid_word_means_inside_a_segmented_word() -> None:
    ref = "我们今天去北京大学"
    r = simulate_typing(ref, _engine({}), 0.5)
    mid = [q.pos for q in r.queries if q.mid_word]
    assert mid == [1, 3, 6, 7, 8]  # 我|们 今|天 北|京|大|学; not at 2, 4, 5 (word ends)


def test_the_benchmark_types_held_out_chinese(tiny_model_dir, tmp_path) -> None:  # noqa: ANN001
    """--lang zh: four segments of the zh-default recipe's test file (彷徨, an excerpt in
    tests/data/texts), JSON report."""
    import json
    from pathlib import Path

    from bench.keystrokes import main

    book = Path(__file__).resolve().parents[1] / "data" / "texts" / "simplified" / "panghuang_lu-xun_1926.txt"
    out = tmp_path / "zh.json"
    assert main(["--model", str(tiny_model_dir), "--lang", "zh", "--files", str(book), "--max-chars", "40",
                 "--sweep", "0.3", "--doc-sizes", "--compare-variant", "none",
                 "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["lang"] == "zh"
    texts = report["texts"]
    assert len(texts) == 4 and all(t["name"].startswith("panghuang_lu-xun_1926@") for t in texts)
    assert all(0 < t["chars"] <= 40 for t in texts)
    summary = report["main"]["summary"]
    assert summary["chars"] == sum(t["chars"] for t in texts)
    assert report["main"]["sweep_matches_main_at_threshold"] in ([True], [])


def test_the_space_a_suggestion_takes_is_taken_by_tab_and_ctrl_right() -> None:
    """As in the editor (tests/ui/test_presentation_keys.py): Tab inserts all of "ick ",
    one Ctrl+Right inserts "ick " too (the space goes with the last word), and a space the
    reference does not have costs a Backspace, unless a mark such as "," or a newline
    comes next, which the editor types in its place (editor/accepted_space.py)."""
    ref = "The quick brown fox"
    r = simulate_typing(ref, _engine({6: Suggestion("ick ", [], 0.9)}), 0.5)
    assert r.queries[6].action == "tab" and r.queries[6].saved == 3
    assert r.keystrokes == 6 + 1 + len("brown fox")
    r = simulate_typing(ref, _engine({6: Suggestion("ick brown ", [], 0.9)}), 0.5)
    assert r.keystrokes == 6 + 1 + len("fox")  # Tab: "ick brown " in one key
    r = simulate_typing("The quick, brown fox", _engine({6: Suggestion("ick ", [], 0.9)}), 0.5)
    assert r.queries[6].action == "tab"  # Tab: "ick ", then "," takes the space's place
    assert r.keystrokes == 6 + 1 + len(", brown fox")
    r = simulate_typing("The quick, brown fox", _engine({6: Suggestion("ick brown", [], 0.9)}), 0.5)
    assert r.queries[6].action == "words" and r.queries[6].matched == 1
    assert r.keystrokes == 6 + 1 + len(", brown fox")  # Ctrl+Right takes "ick ", "," replaces the space
    r = simulate_typing("The quick-brown fox", _engine({6: Suggestion("ick ", [], 0.9)}), 0.5)
    assert r.keystrokes == 6 + 2 + len("-brown fox")  # "-" is no such mark: Tab, then Backspace
    r = simulate_typing("The quick\nbrown fox", _engine({6: Suggestion("ick ", [], 0.9)}), 0.5)
    assert r.keystrokes == 6 + 1 + len("\nbrown fox")  # Enter takes the space's place too


def test_an_ellipsis_after_an_accepted_full_stop_costs_its_two_dots() -> None:
    """As in the editor (tests/ui/test_accepted_space.py): Tab takes "stairs. " and the "."
    typed next takes the space's place, continuing the accepted full stop (it does not
    replace it: text.units.replaces_accepted_mark), so "stairs..." costs Tab and two dots."""
    ref = "on the stairs..."
    r = simulate_typing(ref, _engine({7: Suggestion("stairs. ", [], 0.9)}), 0.5)
    assert r.queries[7].action == "tab"
    assert r.keystrokes == 7 + 1 + 2

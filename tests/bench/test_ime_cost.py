"""Input-method keystrokes (bench/ime_cost.py) and the simulator's accounting with them."""

from __future__ import annotations

from bench.ime_cost import commit_points, ime_keys, keystroke_costs, pinyin_keys
from bench.simulate import simulate_typing, summarize
from writer_app.inference import Suggestion

# 我们|今天|去|北京大学 (writer_app.text.words' own example of the segmenter's cut)
REF = "我们今天去北京大学。"
# wo men+1 | jin tian+1 | qu+1 | bei jing da xue+1 | 。
REF_COSTS = [2, 4, 3, 5, 3, 3, 4, 2, 4, 1]


def test_pinyin_letters_without_tones_in_context() -> None:
    assert pinyin_keys("算法") == [4, 2]  # suan fa
    assert pinyin_keys("绿") == [2]  # lv: ü is typed as v
    assert pinyin_keys("行长") == [4, 5]  # hang zhang: the phrase decides the reading
    assert pinyin_keys("长大") == [5, 2]  # zhang da


def test_one_commit_key_per_segmented_word_and_one_key_for_anything_else() -> None:
    assert keystroke_costs(REF) == REF_COSTS
    assert ime_keys(REF) == 31
    # Latin letters, full-width punctuation and a space: one key each
    assert keystroke_costs("用Python，ok") == [4 + 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    assert keystroke_costs("") == []


def test_the_editor_sees_whole_words_only_inside_han_text() -> None:
    assert commit_points("我们算法") == {0, 2, 4}
    assert commit_points("ab算法") == {0, 1, 2, 4}
    assert commit_points(REF) == {0, 2, 4, 5, 9, 10}


def _engine(table: dict[int, Suggestion], asked: list[int] | None = None):  # type: ignore[no-untyped-def]
    def propose(pos: int) -> Suggestion | None:
        if asked is not None:
            asked.append(pos)
        return table.get(pos)
    return propose


def test_a_right_suggestion_taken_with_tab_saves_exactly_its_cost() -> None:
    costs = keystroke_costs(REF)
    r = simulate_typing(REF, _engine({5: Suggestion("北京大学", [], 0.9)}), 0.5, costs=costs)
    # everything typed but 北京大学 (3+4+2+3+1 = 13 keys), which one Tab inserts
    assert r.keystrokes == 31 - 13 + 1
    assert r.baseline == 31 and abs(r.ksr - 13 / 31 + 1 / 31) < 1e-12
    tab = next(q for q in r.queries if q.action == "tab")
    assert tab.saved == 12
    assert summarize([r])["unaided_keystrokes"] == 31
    # the same run counted one key a character
    r1 = simulate_typing(REF, _engine({5: Suggestion("北京大学", [], 0.9)}), 0.5)
    assert r1.keystrokes == 10 - 4 + 1 and r1.baseline == 10


def test_a_one_character_suggestion_is_worth_its_pinyin_in_ime_keys_only() -> None:
    # 北 alone: bei (3 keys) for one Tab; one key a character it saves nothing
    sug = {5: Suggestion("北", [], 0.9)}
    r = simulate_typing(REF, _engine(sug), 0.5, costs=keystroke_costs(REF))
    assert r.keystrokes == 31 - 3 + 1
    r1 = simulate_typing(REF, _engine(sug), 0.5)
    assert r1.keystrokes == 10 and all(q.action == "type" for q in r1.queries)


def test_whole_suggestion_only_takes_no_single_words() -> None:
    costs = keystroke_costs(REF)
    sug = {5: Suggestion("北京大学很大", [], 0.9)}  # the first word is right, the rest is not
    words = simulate_typing(REF, _engine(sug), 0.5, costs=costs)
    assert words.keystrokes == 31 - 13 + 1  # one Ctrl+Right takes 北京大学
    whole = simulate_typing(REF, _engine(sug), 0.5, costs=costs, whole_only=True)
    assert whole.keystrokes == 31 and whole.ksr == 0.0


def test_the_engine_is_asked_at_commit_points_and_after_an_acceptance() -> None:
    asked: list[int] = []
    ref = "我们今天去北京大学"
    simulate_typing(ref, _engine({2: Suggestion("今", [], 0.9)}, asked), 0.5,
                    costs=keystroke_costs(ref), query_at=commit_points(ref))
    # 今 accepted at 2: asked again at 3, inside the word 今天, where the text changed
    assert asked == [0, 2, 3, 4, 5]


def test_mean_accepted_chars_counts_characters_when_characters_cost_keys() -> None:
    # 今天|去 (3 characters) taken with two Ctrl+Right; 北京大学 (4 characters, 13 IME keys) with Tab
    sug = {2: Suggestion("今天去哪", [], 0.9), 5: Suggestion("北京大学", [], 0.9)}
    r = simulate_typing(REF, _engine(sug), 0.5, costs=keystroke_costs(REF))
    assert [q.action for q in r.queries if q.action != "type"] == ["words", "tab"]
    assert summarize([r])["mean_accepted_chars"] == (3 + 4) / 2
    r1 = simulate_typing(REF, _engine(sug), 0.5)  # one key a character: the same characters
    assert summarize([r1])["mean_accepted_chars"] == (3 + 4) / 2

"""The composition tracker, fed with the event sequences IBus + libpinyin really send
(recorded under Xvfb with Qt's ibus plugin; tests/ui/test_ibus.py replays them live)."""

from __future__ import annotations

from writer_app.editor.composition import KEY_KEPT_AFTER_S, CompositionTracker, ImeState, KeysAtInputMethod


def feed(tracker: CompositionTracker, *events: tuple[str, str]) -> CompositionTracker:
    for commit, preedit in events:
        tracker.on_key_sent()
        tracker.on_input_method(commit, preedit)
    return tracker


def test_an_ordinary_composition_ends_when_its_text_is_committed() -> None:
    # "nihao" then Space: libpinyin shows its first candidate and commits it, then clears.
    t = feed(CompositionTracker(), ("", "年"), ("", "你"), ("", "你和"), ("", "你哈"), ("", "你好"))
    assert t.busy and t.visible_preedit == "你好"
    t.on_key_sent()
    t.on_input_method("你好", "")
    assert not t.busy
    t.on_input_method("", "")  # the clear that follows in answer to the same key
    assert t.state is ImeState.IDLE


def test_punctuation_committed_ahead_of_the_pinyin_leaves_it_composing() -> None:
    # "henhao,": libpinyin commits "，" and keeps "hen hao" in its candidate window.
    t = feed(CompositionTracker(), ("", "和"), ("", "很"), ("", "很好"), ("", "很哈"), ("", "很好"),
             ("，", ""))
    assert t.busy and t.state is ImeState.HIDDEN and t.visible_preedit == ""
    t.on_key_sent()  # Space picks the candidate still pending
    t.on_input_method("很好", "")
    assert not t.busy


def test_another_candidate_then_a_clear_ends_the_composition() -> None:
    t = feed(CompositionTracker(), ("", "很"), ("", "很好"))
    t.on_key_sent()  # "2": the second candidate
    t.on_input_method("很号", "")
    t.on_input_method("", "")
    assert not t.busy


def test_an_empty_preedit_without_a_commit_is_not_an_end() -> None:
    # Tab during "hen": libpinyin hides the preedit and keeps "u hen"; Esc cancels and
    # looks the same. Only a plain key coming through (or a commit) says it is over.
    t = feed(CompositionTracker(), ("", "和"), ("", "很"), ("", ""))
    assert t.state is ImeState.HIDDEN
    t.on_key_delivered()
    assert not t.busy


def test_an_empty_preedit_after_a_commit_for_an_earlier_key_is_not_an_end() -> None:
    t = feed(CompositionTracker(), ("", "很好"), ("，", ""))
    t.on_key_sent()  # Tab, with "hen hao" still pending
    t.on_input_method("", "")
    assert t.busy


def test_keys_kept_without_a_preedit_compose_until_the_commit() -> None:
    # embed-preedit-text off: the editor sees only the commit.
    t = CompositionTracker()
    t.on_key_sent()
    t.on_key_swallowed()
    assert t.busy and t.visible_preedit == ""
    t.on_key_sent()
    t.on_input_method("很好", "")
    assert not t.busy


def test_a_commit_with_no_composition_and_keys_passed_through_change_nothing() -> None:
    t = CompositionTracker()
    t.on_input_method("é", "")  # a dead key / compose sequence
    t.on_input_method("", "")  # Qt's empty event on focus-in
    t.on_key_delivered()
    assert not t.busy
    feed(t, ("", "ni"))
    t.on_key_delivered()  # a key let through while a preedit is shown does not end it
    assert t.busy and t.visible_preedit == "ni"
    t.reset()
    assert not t.busy and t.visible_preedit == ""


def test_keys_at_the_input_method_come_back_in_order_or_count_as_kept() -> None:
    keys = KeysAtInputMethod()
    assert not keys and keys.next_check_in(0.0) is None
    keys.sent(100, now=10.0)
    keys.sent(101, now=10.1)
    assert keys and keys.next_check_in(10.1) == 10.0 + KEY_KEPT_AFTER_S - 10.1
    assert keys.came_back(555) == (False, False)  # not ours while ours are out: nothing noted
    assert keys.came_back(101) == (True, True)  # 100, handed over earlier, was kept
    assert not keys
    assert keys.came_back(101) == (True, False)  # its KeyPress after its ShortcutOverride
    assert keys.came_back(555) == (True, False)  # nothing out: any key is the editor's own
    keys.sent(102, now=20.0)
    assert not keys.take_kept(20.0 + KEY_KEPT_AFTER_S / 2) and keys
    assert keys.take_kept(20.0 + KEY_KEPT_AFTER_S) and not keys
    keys.sent(103, now=30.0)
    keys.answered()  # an input-method event answers every key
    assert not keys


"""No suggestion that cannot be right (issue 12): whatever the search proposes, the
Suggester hands back only what can be right between the text before and after the cursor
(writer_app.text.fit through candidates.showable)."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer_app.inference import suggester as suggester_module
from writer_app.inference.suggester import Suggester
from writer_app.inference.types import DecodingConfig, Suggestion
from writer_app.text.chars import is_presentation_form


@pytest.mark.parametrize("before, after, raw, shown", [
    # seen with zh-default: a leading space after an English word in Chinese text
    ("在这个函数里，func", "", Suggestion(" 的，", [" 的是"], 0.5), Suggestion("的，", ["的是"], 0.5)),
    # "。" offered right before an existing "。"
    ("他说今天天气很好", "。", Suggestion("，我们去公园。", ["。"], 0.5), Suggestion("，我们去公园", [], 0.5)),
    # an unmatched closing quote
    ("他们在北京", "", Suggestion("呢？”", ["》的", "吗？"], 0.5), Suggestion("呢？", ["吗？"], 0.5)),
    # garbage: a Latin letter glued to a Han character in text without Latin letters
    ("这是一个关于", "", Suggestion("匚X", ["的"], 0.5), Suggestion("匚", ["的"], 0.5)),
    ("这是一个关于匚", "", Suggestion("X", []), None),
])
def test_what_cannot_be_right_is_not_suggested(
    tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch,
    before: str, after: str, raw: Suggestion, shown: Suggestion | None,
) -> None:
    monkeypatch.setattr(suggester_module, "to_suggestion", lambda *args, **kwargs: raw)
    sug = Suggester.load(tiny_model_dir, DecodingConfig(threshold=0.0, follow_prob=0.0, pass_over=False))
    around = {"after": after} if after else {}  # the end of a line: nothing after the cursor
    assert sug.suggest(before, **around) == shown
    assert sug.propose(before, **around) == shown
    assert sug.suggest(before, **around) == shown  # the same request again (result cache)
    # the cache holds the decoder's answer, not one cursor's cut of it
    if after:
        assert sug.suggest(before) != shown


def test_english_suggestions_keep_their_spaces(tiny_model_dir: Path) -> None:
    sug = Suggester.load(tiny_model_dir, DecodingConfig(threshold=0.0, follow_prob=0.0, pass_over=False))
    s = sug.suggest("She walked to the")
    assert s is not None and s.text.startswith(" ")


def test_presentation_forms_are_never_generated_but_typed_ones_are_kept(zh_model_dir: Path) -> None:
    """The shipped Chinese model read 呐喊's "说︰" (a Big5 presentation form of "："): at
    threshold 0 it offered "︰" after 他说 and 我想. The decoder never generates such a
    token; one the writer typed is still read (and regenerated while healing)."""
    sug = Suggester.load(zh_model_dir, DecodingConfig(threshold=0.0))
    table = sug._table
    assert table.token_id("︰".encode()) in set(table.presentation_ids.tolist())
    for before in ("他说", "我想", "他们问", "他说︰", "他说︰“"):
        s = sug.suggest(before)
        assert s is not None
        for text in (s.text, *s.alternatives):
            assert not any(map(is_presentation_form, text)), (before, text)

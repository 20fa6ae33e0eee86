"""What a suggestion may contain: the Suggester returns candidates the editor shows as they
are (one line each, no control characters, none blank, none repeated)."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer_app.inference import suggester as suggester_module
from writer_app.inference.candidates import one_line, showable
from writer_app.inference.suggester import Suggester
from writer_app.inference.types import DecodingConfig, Suggestion


def test_one_line() -> None:
    assert one_line(" first line\nsecond") == " first line"
    assert one_line(" first\r\nsecond") == " first"
    assert one_line("a\x07b\ufffd\x7f") == "ab"
    assert one_line(" a\tb") == " a\tb"
    assert one_line("   ") == ""
    assert one_line("\nnext paragraph") == ""


def test_showable_cuts_dedupes_and_skips_blank_candidates() -> None:
    s = showable(Suggestion(" a", [" a", "", " b\nc", " b"], 0.7))
    assert s == Suggestion(" a", [" b"], 0.7)
    # a blank best candidate gives way to the first showable alternative, same score
    assert showable(Suggestion("\n", ["  ", " x\x07y"], 0.4)) == Suggestion(" xy", [], 0.4)
    assert showable(Suggestion("\n", ["  "], 0.9)) is None
    assert showable(None) is None


@pytest.mark.parametrize("raw, shown", [
    (Suggestion(" a\x07b", [" a\x07b", "", " c\nd"], 0.9), Suggestion(" ab", [" c"], 0.9)),
    (Suggestion("\n\n", ["\ufffd"], 0.9), None),
])
def test_the_suggester_returns_showable_suggestions(tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                    raw: Suggestion, shown: Suggestion | None) -> None:
    # Whatever the search produced (here: a stand-in for hypotheses holding a bell, a
    # newline, a replacement character), suggest() and propose() hand back only what
    # the editor can paint as it is.
    monkeypatch.setattr(suggester_module, "to_suggestion", lambda *args, **kwargs: raw)
    sug = Suggester.load(tiny_model_dir, DecodingConfig(threshold=0.0, follow_prob=0.0, pass_over=False))
    assert sug.suggest("The house") == shown
    assert sug.propose("The house on the hill") == shown

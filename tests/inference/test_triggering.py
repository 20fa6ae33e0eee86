"""Suggestions are shown only above the confidence threshold; settings change live."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from tiny_model import copy_with_card

from writer_app.inference import DecodingConfig, Suggester
from writer_app.inference.types import DEFAULT_BEAM_WIDTH

PROMPTS = ["The qu", "She walked to the ", "The weather was", "xq zzv", "", "我们"]


@pytest.fixture()
def suggester(tiny_model_dir: Path) -> Suggester:
    return Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0))


def test_threshold_gates_suggest(suggester: Suggester) -> None:
    for prompt in PROMPTS:
        proposal = suggester.propose(prompt)
        assert proposal is not None
        suggester.config = replace(suggester.config, threshold=proposal.score)
        assert suggester.suggest(prompt) == proposal
        above = min(1.0, proposal.score + 1e-6)
        suggester.config = replace(suggester.config, threshold=above)
        if above > proposal.score:
            assert suggester.suggest(prompt) is None
        suggester.config = replace(suggester.config, threshold=0.0)


def test_confident_and_unconfident_prompts(suggester: Suggester) -> None:
    # The model's own confidence (the tiny model gives "Zebra quantum" 0.49, so the
    # document cache's unigram, which lifts the space after a word, would tip it over).
    suggester.set_config(replace(suggester.config, threshold=0.5, document_cache=False))
    assert suggester.suggest("The quick brown fox jumps over the l") is not None
    assert suggester.suggest("Zebra quantum") is None


def test_score_is_a_probability_that_tracks_certainty(suggester: Suggester) -> None:
    sure = suggester.propose("The quick brown fox jumps over the l")
    unsure = suggester.propose("Zebra quantum")
    assert sure is not None and unsure is not None
    assert 0.0 <= unsure.score < sure.score <= 1.0


@pytest.mark.parametrize(
    "bad",
    [
        {"beam_width": 33}, {"beam_width": -1}, {"max_tokens": 0}, {"threshold": 1.5}, {"threshold": -1.5},
        {"context_tokens": 2}, {"temperature": 0.0}, {"top_k": -1}, {"top_p": 0.0},
        {"no_repeat_ngram": -1}, {"length_alpha": -1.0},
    ],
)
def test_bad_settings_are_refused(suggester: Suggester, bad: dict[str, object]) -> None:
    before = suggester.config
    with pytest.raises(ValueError):
        suggester.config = replace(before, **bad)  # type: ignore[arg-type]
    assert suggester.config == before


@pytest.mark.parametrize("threshold", [0.02, 0.1, 0.3, 0.6, 0.9])
def test_suggest_early_exit_is_exact(tiny_model_dir: Path, threshold: float) -> None:
    """suggest() stops decoding once nothing can reach the threshold; the result must be
    exactly propose() filtered by the threshold."""
    s = Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=threshold))
    prompts = PROMPTS + [
        "The quick brown fox jumps over the l", "He opened the door and looked out at",
        "Thank you for your letter, I will", "今天天气很好，", "The weather was cold and",
    ]
    for prompt in prompts:
        p = s.propose(prompt)
        expected = p if p is not None and p.score >= threshold else None
        assert s.suggest(prompt) == expected, prompt


@pytest.mark.parametrize("decoding, expected", [
    ({"beam_width": 6}, 6), ({"beam_width": 1}, 1), (None, DEFAULT_BEAM_WIDTH), ({}, DEFAULT_BEAM_WIDTH),
    ({"beam_width": 0}, DEFAULT_BEAM_WIDTH), ({"beam_width": 99}, DEFAULT_BEAM_WIDTH),
    ({"beam_width": "6"}, DEFAULT_BEAM_WIDTH), ([6], DEFAULT_BEAM_WIDTH),
])
def test_beam_width_zero_takes_the_cards_recommendation(
    tiny_model_dir: Path, tmp_path: Path, decoding: object, expected: int
) -> None:
    folder = copy_with_card(tiny_model_dir, tmp_path / "m", decoding=decoding)
    s = Suggester.load(folder, config=DecodingConfig(threshold=0.0))  # beam_width 0 by default
    assert s.config.beam_width == expected
    s.config = replace(s.config, beam_width=3)  # a width the user chose is kept
    assert s.config.beam_width == 3
    s.config = replace(s.config, beam_width=0)
    assert s.config.beam_width == expected
    # the recommendation really drives the search: a width-1 card gives no alternatives
    if expected == 1:
        sug = s.propose("The qu")
        assert sug is not None and sug.alternatives == []

"""Presentation that saves keys (issue 13, point 2): the engine's side.

A suggestion that completes a word takes the space (or punctuation) the model predicts
after it; the first word shown at a word start and typed past is not offered again
while that word is typed; the confidence threshold is the card's when the config says
"automatic" (AUTO_THRESHOLD).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from tiny_model import copy_with_card

from writer_app.inference import DecodingConfig, Suggester
from writer_app.inference.types import (
    AUTO_THRESHOLD,
    DEFAULT_THRESHOLD,
    REST_OF_WORD,
    recommended_rest_threshold,
    recommended_threshold,
)

SAID = "He said that "  # the shipped model's best at this word start is "he was"


@pytest.fixture(scope="module")
def english(english_model_dir: Path) -> Suggester:
    return Suggester.load(english_model_dir)


def _plain(s: Suggester, **changes: object) -> DecodingConfig:
    """The config in use, shown at any confidence, without the document cache."""
    return replace(s.config, threshold=0.0, document_cache=False, **changes)  # type: ignore[arg-type]


def test_a_word_completing_suggestion_takes_the_space_the_model_predicts(english: Suggester) -> None:
    english.clear_cache()
    with_space = english.suggest(SAID + "h", _plain(english, pass_over=False))
    without = english.suggest(SAID + "h", _plain(english, pass_over=False, follow_prob=0.0))
    assert with_space is not None and without is not None
    assert without.text[-1].isalpha()  # ends on a word ("e was not" at beam 4, "e had" at 8)
    assert with_space.text == without.text + " "  # one Tab (or Ctrl+Right) takes the word with its space
    assert with_space.score == without.score  # the confidence is the first word's, as before
    # Never a second space, and nothing is added when the model is unsure of what follows
    assert not with_space.text.endswith("  ")
    strict = english.suggest(SAID + "h", _plain(english, pass_over=False, follow_prob=1.0))
    assert strict is not None and strict.text == without.text


def test_every_alternative_takes_the_space_after_it_too(english: Suggester) -> None:
    """A tester cycled to an alternative with Alt+], took it with Tab and typed on: the
    words ran together ("had" + "Y"), where the first suggestion would have taken its space.
    Each candidate's follow is decided as the first one's is, in the same one forward call."""
    english.clear_cache()
    prompt = "When the letter came, she"
    with_space = english.suggest(prompt, _plain(english, pass_over=False))
    without = english.suggest(prompt, _plain(english, pass_over=False, follow_prob=0.0))
    assert with_space is not None and without is not None and len(without.alternatives) >= 2
    for alone, followed in zip([without.text, *without.alternatives],
                               [with_space.text, *with_space.alternatives], strict=True):
        assert followed.startswith(alone) and len(followed) - len(alone) <= 1
    assert sum(f != a for a, f in zip(without.alternatives, with_space.alternatives, strict=True)) >= 1


def test_a_word_shown_at_a_word_start_and_typed_past_is_not_offered_again(english: Suggester) -> None:
    english.clear_cache()
    config = _plain(english)
    shown = english.suggest(SAID, config)
    assert shown is not None and shown.text.startswith("he ")
    after_h = english.suggest(SAID + "h", config)  # the writer saw "he" and typed "h"
    assert after_h is not None and after_h.text.split()[0] != "e"  # not "he" again ...
    assert (SAID + "h" + after_h.text).split()[3] in {"his", "her", "himself", "had"}  # ... the next word
    assert english.suggest(SAID + "h", config) == after_h  # asked again: the same answer
    second = (SAID + "h" + after_h.text).split()[3]  # shown for "h", typed past too:
    after_2 = english.suggest(SAID + "h" + second[1], config)
    assert after_2 is None or (SAID + "h" + second[1] + after_2.text).split()[3] != second
    assert english.suggest(SAID + "h" + second[1], replace(config, pass_over=False)).text.startswith(
        second[2:])  # which the model would have offered again
    # Without the rule, or where nothing was shown at that word start, "he" comes back
    assert english.suggest(SAID + "h", replace(config, pass_over=False)).text.startswith("e ")
    english.clear_cache()
    assert english.suggest(SAID + "h", config).text.startswith("e ")
    # The rule holds for that word start only: the same word at another start is offered
    english.clear_cache()
    english.suggest(SAID, config)
    assert english.suggest("And she said that h", config).text.startswith("e ")


def test_the_cards_threshold_is_used_when_the_config_says_automatic(tiny_model_dir: Path,
                                                                   tmp_path: Path) -> None:
    assert DecodingConfig().threshold == AUTO_THRESHOLD
    assert recommended_threshold(None) == DEFAULT_THRESHOLD == recommended_threshold({"threshold": 2})
    plain = Suggester.load(tiny_model_dir)
    assert plain.config.threshold == DEFAULT_THRESHOLD  # a card with no advice
    prompt = "The qu"
    proposal = plain.propose(prompt)
    assert proposal is not None and 0.0 < proposal.score < 1.0
    below, above = proposal.score / 2, min(1.0, proposal.score * 1.5 + 0.01)
    strict = Suggester.load(copy_with_card(tiny_model_dir, tmp_path / "strict",
                                           decoding={"threshold": above}))
    lenient = Suggester.load(copy_with_card(tiny_model_dir, tmp_path / "lenient",
                                            decoding={"threshold": below}))
    assert strict.config.threshold == above and lenient.config.threshold == below
    assert strict.suggest(prompt) is None
    assert lenient.suggest(prompt) == proposal
    # per call too, and a threshold given explicitly is kept
    assert strict.suggest(prompt, DecodingConfig()) is None
    assert strict.suggest(prompt, DecodingConfig(threshold=0.0)) == proposal


def test_the_rest_of_a_word_has_the_cards_own_threshold(tiny_model_dir: Path, tmp_path: Path) -> None:
    """A request for only the rest of the word (a Latin word in Chinese text) is shown at the
    card's rest_threshold; a card without one uses its threshold for it too."""
    assert recommended_rest_threshold({"threshold": 0.3}) == 0.3
    assert recommended_rest_threshold({"threshold": 0.3, "rest_threshold": 0.15}) == 0.15
    assert recommended_rest_threshold({"threshold": 0.3, "rest_threshold": -1}) == 0.3
    prompt = "The qu"
    rest = DecodingConfig(extent=REST_OF_WORD)
    proposal = Suggester.load(tiny_model_dir).propose(prompt, rest)
    assert proposal is not None and 0.0 < proposal.score < 1.0
    below, above = proposal.score / 2, min(1.0, proposal.score * 1.5 + 0.01)
    both = Suggester.load(copy_with_card(tiny_model_dir, tmp_path / "both",
                                         decoding={"threshold": above, "rest_threshold": below}))
    assert both.suggest(prompt, rest) == proposal  # the rest of "qu": its own, lower threshold
    assert both.suggest(prompt, DecodingConfig(extent="sentence")) is None  # the card's threshold


def test_a_latin_word_in_chinese_text_asks_for_its_rest_and_a_space_only_where_the_writer_spaces() -> None:
    from writer_app.inference.types import request_config

    config = DecodingConfig()
    assert request_config(config, "We use Pyth", "en") == config
    assert request_config(config, "我们用Python写", "zh") == config  # not a Latin word being typed
    glued, spaced = request_config(config, "我们用Pyth", "zh"), request_config(config, "我们用 Pyth", "zh")
    assert glued.extent == spaced.extent == REST_OF_WORD
    assert glued.follow_prob == 0.0 and spaced.follow_prob == config.follow_prob  # "用Python 库" was a tester's

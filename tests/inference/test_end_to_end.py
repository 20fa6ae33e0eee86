"""End to end with the shipped English model (slow: loads the real model)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from bench.texts import load_segment
from writer_app.inference import DecodingConfig, Suggester

pytestmark = pytest.mark.slow

# 22 paragraphs of The Hound of the Baskervilles (en-novels-1880-1930, held out of the
# en-default recipe): from the second on, the 600 characters the cache test types.
DOYLE = Path(__file__).resolve().parents[1] / "data" / "texts" / "Doyle_Hound_1902.txt"


@pytest.fixture(scope="module")
def english(english_model_dir: Path) -> Suggester:
    return Suggester.load(english_model_dir, config=DecodingConfig(threshold=0.0))


def test_common_phrases_are_completed(english: Suggester) -> None:
    cases = {
        "Once upon a": "time",
        "The United States of": "America",
        "Thank you very": "much",
        "Ladies and": "gentlemen",
        "He shook his": "head",
        "for the first": "time",
    }
    right = []
    for prompt, word in cases.items():
        s = english.propose(prompt)
        if s is not None and any(t.strip().startswith(word) for t in [s.text, *s.alternatives]):
            right.append(prompt)
    # a 2-layer LSTM after two hours of training; short prompts are its hardest case
    assert len(right) >= 3, right


def test_mid_word_completion(english: Suggester) -> None:
    for prompt, rest in [("The United Sta", "tes"), ("Once upon a ti", "me"),
                         ("He shook his he", "ad")]:
        s = english.propose(prompt)
        assert s is not None and s.text.startswith(rest), (prompt, s)


def test_incremental_equals_cold_on_the_int8_model(english: Suggester) -> None:
    # the model's path (the continuous cache of the document cache remembers what was
    # typed before, by design: test_neural_cache.py)
    config = replace(english.config, document_cache=False)
    cold = Suggester(english._model, config)
    text = load_segment(str(DOYLE), 600, offset=0.0).text
    rng = random.Random(0)
    cursor = 0
    for _ in range(80):
        r = rng.random()
        cursor = (min(len(text), cursor + rng.randint(1, 4)) if r < 0.7
                  else max(0, cursor - rng.randint(1, 6)) if r < 0.9 else rng.randint(0, len(text)))
        cold.clear_cache()
        assert english.propose(text[:cursor], config) == cold.propose(text[:cursor]), text[:cursor]


def test_foreign_and_odd_input_gives_whole_characters(english: Suggester) -> None:
    for prompt in ["我们明天早上", "Café con le", "naïve résumé of the ", "I ❤️ ", "\n\n", "   "]:
        s = english.propose(prompt)
        if s is not None:
            assert "\ufffd" not in s.text
            s.text.encode("utf-8")

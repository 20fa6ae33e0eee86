"""The prefix state cache: incremental == cold, bit for bit, over random edit sequences."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from tiny_model import SENTENCES

from writer_app.inference import DecodingConfig, Suggester
from writer_app.inference.lm_session import OnnxLanguageModel
from writer_app.inference.state_cache import StateCache


@pytest.fixture(scope="module", params=["fp32", "int8"])
def model_dir(request: pytest.FixtureRequest, tiny_model_dir: Path) -> Path:
    """Both precisions: int8 results depend on call boundaries, fp32 ones barely."""
    if request.param == "int8":
        return request.getfixturevalue("tiny_int8_model_dir")
    return tiny_model_dir


@pytest.fixture(scope="module")
def model(model_dir: Path) -> OnnxLanguageModel:
    return OnnxLanguageModel.load(model_dir)


def test_int8_results_depend_on_call_boundaries(tiny_int8_model_dir: Path) -> None:
    """Why the cache needs a canonical schedule: a split prefill differs from a whole one."""
    m = OnnxLanguageModel.load(tiny_int8_model_dir)
    ids = np.asarray([_ids(m, " ".join(SENTENCES))])
    h, c = m.initial_state(1)
    _, whole, _ = m.forward(ids, h, c)
    _, h1, c1 = m.forward(ids[:, :10], h, c)
    _, split, _ = m.forward(ids[:, 10:], h1, c1)
    assert not np.array_equal(whole, split)


def _ids(model: OnnxLanguageModel, text: str) -> tuple[int, ...]:
    return (model.card.bos_id, *model.tokenizer.encode(text, add_special_tokens=False).ids)


@pytest.mark.parametrize("chunk", [1, 4, 16])
def test_lookup_equals_cold_for_every_prefix(model: OnnxLanguageModel, chunk: int) -> None:
    ids = _ids(model, " ".join(SENTENCES))
    warm = StateCache(model, chunk=chunk, capacity=64)
    rng = random.Random(chunk)
    for _ in range(60):
        n = rng.randint(1, len(ids))
        got = warm.lookup(ids[:n])
        cold = StateCache(model, chunk=chunk).lookup(ids[:n])
        assert np.array_equal(got.h, cold.h) and np.array_equal(got.c, cold.c)
        assert np.array_equal(got.logits, cold.logits)


def test_schedule_matches_a_plain_forward(model: OnnxLanguageModel) -> None:
    """The chunked schedule computes the same function as one forward pass (up to
    int8 quantization noise: dynamic quantization scales activations per call, so the
    noise grows with the logits' spread; 0.5% of it is ~0.3 on the tiny model, whose
    int8 noise is 0.08-0.18 and a state off by one token moves logits by several units)."""
    ids = _ids(model, SENTENCES[1])
    cp = StateCache(model, chunk=4).lookup(ids)
    h, c = model.initial_state(1)
    logits, hn, _ = model.forward(np.asarray([ids]), h, c)
    np.testing.assert_allclose(cp.logits, logits[0, -1], atol=0.005 * np.ptp(logits[0, -1]))
    np.testing.assert_allclose(cp.h, hn, atol=0.02)


def test_a_keystroke_costs_only_the_new_tokens(model: OnnxLanguageModel) -> None:
    ids = _ids(model, " ".join(SENTENCES[:3]))
    cache = StateCache(model, chunk=16)
    cache.lookup(ids[:21])  # cold: one chunk of 16, then 5 single steps
    assert cache.stats.tokens == 21
    before = cache.stats.tokens
    cache.lookup(ids[:22])
    assert cache.stats.tokens - before == 1
    before = cache.stats.tokens
    cache.lookup(ids[:22])  # same prefix again: nothing to run
    assert cache.stats.tokens == before
    before = cache.stats.tokens
    cache.lookup(ids[:32])  # crossing a chunk boundary recomputes that chunk canonically
    assert cache.stats.tokens - before == 16


def test_empty_prefix_is_refused(model: OnnxLanguageModel) -> None:
    with pytest.raises(ValueError):
        StateCache(model).lookup(())


def _edit_sequence(rng: random.Random, base: str, steps: int) -> list[str]:
    """Texts before the cursor as a user types, backspaces, jumps and pastes."""
    doc, cursor = "", 0
    out = []
    for _ in range(steps):
        r = rng.random()
        if r < 0.55:  # type the next character of the base text
            doc = doc[:cursor] + base[len(doc) % len(base)] + doc[cursor:]
            cursor += 1
        elif r < 0.7 and cursor:  # backspace
            doc = doc[: cursor - 1] + doc[cursor:]
            cursor -= 1
        elif r < 0.8:  # jump elsewhere in the document
            cursor = rng.randint(0, len(doc))
        elif r < 0.9:  # paste a chunk (sometimes Chinese)
            chunk = rng.choice(SENTENCES)[: rng.randint(1, 30)]
            doc = doc[:cursor] + chunk + doc[cursor:]
            cursor += len(chunk)
        else:  # delete a word before the cursor (Ctrl+Backspace)
            start = doc.rfind(" ", 0, max(cursor - 1, 0)) + 1
            doc = doc[:start] + doc[cursor:]
            cursor = start
        out.append(doc[:cursor])
    return out


@pytest.mark.parametrize("seed", range(4))
def test_incremental_equals_cold_over_random_edits(model_dir: Path, seed: int) -> None:
    # A small context and chunk make window shifts and chunk boundaries frequent. The
    # document cache is off: its continuous cache remembers the states of the text typed
    # before (by design, test_neural_cache.py); the n-gram cache's own incremental ==
    # rebuild is tested in test_doc_cache.py and test_neural_cache.py.
    config = DecodingConfig(threshold=0.0, context_tokens=24, beam_width=3, max_tokens=8,
                            document_cache=False)
    warm = Suggester.load(model_dir, config=config)
    cold = Suggester.load(model_dir, config=config)
    warm_small = Suggester(warm._model, config, chunk_tokens=3, cache_capacity=8)
    rng = random.Random(seed)
    base = " ".join(rng.sample(SENTENCES, len(SENTENCES)))
    for text in _edit_sequence(rng, base, 120):
        cold.clear_cache()
        expected = cold.propose(text)
        assert warm.propose(text) == expected, text
        cold_small = Suggester(warm._model, config, chunk_tokens=3)
        assert warm_small.propose(text) == cold_small.propose(text), text
    assert warm.cache_stats.hits > 0

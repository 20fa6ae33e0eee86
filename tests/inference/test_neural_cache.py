"""The continuous cache (Grave et al. 2017) of the text typed: writer_app/inference/neural_cache.py."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from writer_app.inference import DecodingConfig, Suggester, neural_cache
from writer_app.inference.initial_state import start_state
from writer_app.inference.lm_session import OnnxLanguageModel, RuntimeOptions
from writer_app.inference.neural_cache import ContinuousCache
from writer_app.inference.state_cache import StateCache


def _unit(i: int, n: int = 4) -> np.ndarray:
    v = np.zeros(n, np.float32)
    v[i] = 1.0
    return v


def _logp(row: np.ndarray) -> np.ndarray:
    r = row.astype(np.float64)
    return r - np.logaddexp.reduce(r)


def test_a_state_like_an_earlier_one_lifts_the_token_that_followed_it(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(neural_cache, "FULL_WEIGHT_TOKENS", 1)  # the formula at full weight
    keys = {(0,): _unit(0), (0, 5): _unit(1), (0, 5, 6): _unit(2)}
    cache = ContinuousCache(4, theta=5.0, lam=0.5)
    cache.observe((0, 5, 6, 7), lambda p: keys[p])  # 0 -> 5, then 5 -> 6, then 6 -> 7
    assert cache.size == 3 and sorted(cache._values[:3].tolist()) == [5, 6, 7]
    logits = np.zeros((2, 100), np.float32)  # the model: uniform
    out = cache.adjust(logits, np.stack([_unit(1), _unit(2)]))
    # the state seen before "6" predicts 6, the one seen before "7" predicts 7
    assert int(out[0].argmax()) == 6 and int(out[1].argmax()) == 7
    assert np.exp(_logp(out[0])[6]) > 0.3 > 10 * np.exp(_logp(logits[0])[6])
    untouched = [t for t in range(100) if t not in (5, 6, 7)]
    assert (out[:, untouched] == logits[:, untouched]).all()


def test_an_empty_cache_leaves_the_logits_alone() -> None:
    logits = np.zeros((1, 10), np.float32)
    assert ContinuousCache(4).adjust(logits, _unit(0)[None]) is logits


def test_positions_are_recorded_once_and_the_oldest_evicted() -> None:
    calls: list[tuple[int, ...]] = []

    def hidden(p: tuple[int, ...]) -> np.ndarray:
        calls.append(p)
        return _unit(len(p) % 4)

    cache = ContinuousCache(4, max_keys=3)
    cache.observe((0, 1, 2), hidden)
    cache.observe((0, 1, 2), hidden)  # the same prefix again: nothing new
    assert calls == [(0,), (0, 1)] and cache.size == 2
    cache.observe((0, 1, 2, 3, 4), hidden)  # typed on: only the new positions
    assert calls[2:] == [(0, 1, 2), (0, 1, 2, 3)]
    assert cache.size == 3 and sorted(cache._values.tolist()) == [2, 3, 4]  # "1" evicted
    with pytest.raises(ValueError):
        ContinuousCache(4, lam=1.5)


def _mixture(cache: ContinuousCache, logits: np.ndarray, h: np.ndarray) -> np.ndarray:
    """The paper's formula, one row and one value token at a time (float64)."""
    n = cache.size
    keys, values = cache._keys[:n].astype(np.float64), cache._values[:n]
    out = []
    for z, q in zip(logits.astype(np.float64), h.astype(np.float64), strict=True):
        s = cache.theta * keys @ q
        att = np.exp(s - s.max())
        att /= att.sum()
        p = np.exp(z - np.logaddexp.reduce(z))
        mix = (1.0 - cache.weight()) * p
        for w, a in zip(values.tolist(), att.tolist(), strict=True):
            mix[w] += cache.weight() * a
        out.append(np.log(mix))
    return np.array(out)


def _random_cache(rng: np.random.Generator, hidden: int = 16, keys: int = 40) -> ContinuousCache:
    cache = ContinuousCache(hidden, theta=1.0, lam=0.15)
    seq = tuple(int(t) for t in rng.integers(2, 12, size=keys + 1))  # values repeat
    states = {seq[:p]: rng.normal(0, 1, hidden).astype(np.float32) for p in range(1, keys + 1)}
    cache.observe(seq, lambda p: states[p])
    return cache


def test_every_row_of_a_batch_is_the_papers_mixture() -> None:
    rng = np.random.default_rng(3)
    cache = _random_cache(rng)
    logits = rng.normal(0, 3, (5, 30)).astype(np.float32)
    h = rng.normal(0, 1, (5, 16)).astype(np.float32)
    out = cache.adjust(logits, h)
    assert out.shape == (5, 30) and out.dtype == np.float32
    want = _mixture(cache, logits, h)
    got = out.astype(np.float64)
    got -= np.logaddexp.reduce(got, axis=1, keepdims=True)
    assert np.allclose(got, want, atol=1e-5)
    # a row's result does not depend on the rows beside it
    assert np.allclose(cache.adjust(logits[2:3], h[2:3]), out[2:3], atol=1e-6)


def test_a_repeated_single_row_part_is_reused_until_a_key_is_added() -> None:
    rng = np.random.default_rng(4)
    cache = _random_cache(rng, keys=20)
    logits = rng.normal(0, 3, (1, 30)).astype(np.float32)
    h = rng.normal(0, 1, (1, 16)).astype(np.float32)

    def fresh(x: np.ndarray) -> np.ndarray:
        return cache.weight() * cache._attend(x)[1]

    first = cache.part(h)
    assert first is not None and cache.part(h.copy()) is first  # the same state: kept
    for _ in range(2):
        cache.adjust(logits, h)[0, 0] = 99.0  # the caller's copy: writing to it changes nothing kept
    assert cache.adjust(logits, h)[0, 0] != 99.0 and np.array_equal(first.mass, fresh(h))
    other = h.copy()
    other[0, 0] += 1.0  # another state: computed afresh
    assert np.array_equal(cache.part(other).mass, fresh(other))
    cache.observe(cache._last + (7, 8), lambda p: rng.normal(0, 1, 16).astype(np.float32))
    again = cache.part(h)  # new keys: a new result
    assert again is not first and np.array_equal(again.mass, fresh(h))
    assert not np.array_equal(again.mass, first.mass)


def test_the_model_s_own_states_recall_a_rare_name(default_model_dir: Path, monkeypatch) -> None:  # noqa: ANN001
    """With the shipped model's hidden states as keys, the token that followed
    " Captain V" earlier in the text is far likelier after " Captain V" again."""
    monkeypatch.setattr(neural_cache, "FULL_WEIGHT_TOKENS", 1)  # a short text at full weight
    model = OnnxLanguageModel.load(default_model_dir, RuntimeOptions())
    states = StateCache(model, initial=start_state(model))
    tok = model.tokenizer
    first = "Captain Vorbisk looked out. The crew waited for Captain Vorbisk. At dawn Captain V"
    ids = (model.card.bos_id, *tok.encode(first, add_special_tokens=False).ids)
    orb = tok.encode(" Captain Vorbisk", add_special_tokens=False).ids[2]  # " V" "orb" "isk"
    cache = ContinuousCache(model.card.hidden_size, theta=1.0, lam=0.3)
    cache.observe(ids, lambda p: states.lookup(p).h[-1, 0])
    end = states.lookup(ids)
    before = _logp(end.logits)[orb]
    after = _logp(cache.adjust(end.logits[None], end.h[-1])[0])[orb]
    assert np.exp(after) > 0.3 and after > before + 1.0


def test_the_suggester_feeds_it_only_with_the_document_cache_on(tiny_model_dir: Path) -> None:
    s = Suggester.load(tiny_model_dir)
    text = "The cat sat on the mat. The dog sat on the rug. The cat"
    s.suggest(text, DecodingConfig(document_cache=False, threshold=0.0))
    assert s._neural is None or s._neural.size == 0  # noqa: SLF001
    s.suggest(text, DecodingConfig(document_cache=True, threshold=0.0))
    assert s._neural is not None and s._neural.size > 10  # noqa: SLF001


def test_another_text_starts_a_new_cache(tiny_model_dir: Path) -> None:
    """suggest() given a text that is not the one it followed (another document) drops
    the keys of the old one, as the n-gram cache drops its counts."""
    s = Suggester.load(tiny_model_dir)
    on = DecodingConfig(document_cache=True, threshold=0.0)
    long_text = "".join(f"The cat {i} sat on mat {i}. " for i in range(8))
    for i in range(10, len(long_text) + 1, 10):
        s.suggest(long_text[:i], on)
    assert s._neural is not None and s._neural.size > 40  # noqa: SLF001
    s.suggest("A dog", on)
    assert s._neural is not None and s._neural.size <= 3  # noqa: SLF001


def test_without_the_continuous_cache_warm_equals_cold_with_the_n_gram_cache_on(
        tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The history the continuous cache keeps is the only thing that makes a suggestion
    depend on what was typed before: without it (document_caches.CONTINUOUS off) the n-gram cache
    alone gives a warm Suggester exactly a cold one's answers over typing and erasing."""
    import writer_app.inference.document_caches as caches_module

    text = "The cat sat on the mat. The dog sat on the rug. The cat ran to the mat."
    config = DecodingConfig(threshold=0.0, context_tokens=24, beam_width=3, max_tokens=8)
    for continuous, expect_equal in ((False, True), (True, False)):
        monkeypatch.setattr(caches_module, "CONTINUOUS", continuous)
        warm = Suggester.load(tiny_model_dir, config=config)
        same = []
        for cursor in [*range(10, len(text), 7), 40, 35, len(text)]:
            cold = Suggester.load(tiny_model_dir, config=config)
            same.append(warm.propose(text[:cursor]) == cold.propose(text[:cursor]))
        assert all(same) == expect_equal


def test_a_short_text_is_not_repeated_back(default_model_dir: Path) -> None:
    """A few keys get a small share of the mixture (ContinuousCache.weight), so a short
    prompt's own words are not offered again; at full weight they were ("The weather
    today is" -> " today.", "I think that the plan is" -> " that the")."""
    cache = ContinuousCache(4, lam=0.15)
    cache.observe((0, 5, 6), lambda p: _unit(len(p)))
    assert cache.weight() == 0.15 * 2 / neural_cache.FULL_WEIGHT_TOKENS
    s = Suggester.load(default_model_dir)
    config = DecodingConfig(document_cache=True, threshold=0.0)
    for prompt, echo in [("The weather today is", " today"), ("I think that the plan is", " that the")]:
        got = s.suggest(prompt, config=config)
        assert got is not None and not got.text.startswith(echo), (prompt, got.text)


def test_a_suggestion_attends_over_the_last_512_keys_in_its_first_3_steps(
        tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The continuous cache's share of the latency budget (issue 14: p95 with the document
    cache at most 1.5x without): the last 512 positions are kept (1 MB of keys at H=512)
    and a suggestion attends over them in its first 3 decoding steps only, the start's
    and the next two (validation KSR within 0.2 of 1,024 keys in 4 steps; bench/RESULTS.md)."""
    s = Suggester.load(tiny_model_dir)
    config = DecodingConfig(document_cache=True, threshold=0.0, max_tokens=8)
    text = "".join(f"The cat {i} sat on mat {i % 7}. " for i in range(100))
    for i in range(20, len(text), 12):
        s.suggest(text[:i], config)
    assert s._neural is not None and s._neural.size == 512  # noqa: SLF001
    attended = []
    attend = ContinuousCache._attend
    monkeypatch.setattr(ContinuousCache, "_attend", lambda self, h: attended.append(len(h)) or attend(self, h))
    steps = []
    step = Suggester._step
    monkeypatch.setattr(Suggester, "_step", lambda self, *a: steps.append(1) or step(self, *a))
    s.suggest(text + "The dog sat on", config)
    assert len(steps) >= 3 and len(attended) == 3 and attended[0] == 1

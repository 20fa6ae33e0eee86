"""The document cache's mixture with the model, both caches at once (inference/mixture.py)."""

from __future__ import annotations

import numpy as np

from writer_app.inference.doc_cache import DocCache
from writer_app.inference.mixture import Mixer, Part, mix, sorted_unique
from writer_app.inference.neural_cache import ContinuousCache

V, H = 40, 8


def _normalised(logits: np.ndarray) -> np.ndarray:
    z = logits.astype(np.float64)
    return z - np.logaddexp.reduce(z, axis=1, keepdims=True)


def _caches(rng: np.random.Generator) -> tuple[ContinuousCache, DocCache]:
    neural = ContinuousCache(H, theta=1.0, lam=0.15)
    seq = tuple(int(t) for t in rng.integers(2, 30, size=300))  # past FULL_WEIGHT_TOKENS: full weight
    states = {seq[:p]: rng.normal(0, 1, H).astype(np.float32) for p in range(1, len(seq))}
    neural.observe(seq, lambda p: states[p])
    # a document of tokens 10..37 (one per character), so some tokens only one cache knows
    doc = DocCache(lambda lines: [[10 + (ord(c) - 97) % 28 for c in line] for line in lines])
    doc.set_text("the cat sat on the mat\nthe cat ran to the hat\nthe dog sat")
    return neural, doc


def test_both_caches_at_once_equal_one_after_the_other() -> None:
    """p = a [(1 - l) p_lm + l p_cache] + b unigram + s, whether the continuous cache's
    mixture is taken first and the n-gram cache's over it, or both in one pass."""
    rng = np.random.default_rng(5)
    neural, doc = _caches(rng)
    logits = rng.normal(0, 3, (4, V)).astype(np.float32)
    h = rng.normal(0, 1, (4, H)).astype(np.float32)
    contexts = [(29, 17, 14), (29, 17, 14), (12, 10, 29), (3, 4, 5)]  # "the", "the", "cat", unseen
    one_after_the_other = doc.adjust(neural.adjust(logits, h), contexts)
    at_once = Mixer()(logits, [neural.part(h), doc.part(contexts)])
    assert at_once.dtype == np.float32 and at_once.shape == (4, V)
    assert np.allclose(_normalised(at_once), _normalised(one_after_the_other), atol=1e-5)
    # tokens neither cache gives mass to keep the model's logits
    touched = np.union1d(neural.part(h).ids, doc.part(contexts).ids)
    untouched = np.setdiff1d(np.arange(V), touched)
    assert len(untouched) > 0 and (at_once[:, untouched] == logits[:, untouched]).all()


def test_a_part_that_changes_no_row_leaves_the_logits_alone() -> None:
    logits = np.zeros((2, V), np.float32)
    nothing = Part(np.ones(2), np.array([3, 4]), np.zeros((2, 2)))
    assert mix(logits, [None, nothing]) is logits and mix(logits, []) is logits
    half = Part(np.array([1.0, 0.5]), np.array([3, 4]), np.array([[0.0, 0.0], [0.5, 0.0]]))
    out = mix(logits, [half])
    assert (out[0] == logits[0]).all()  # the row the part leaves alone is copied as it is
    assert np.isclose(np.exp(_normalised(out)[1, 3]), 0.5 / V + 0.5)


def test_a_mixer_that_keeps_unions_gives_a_fresh_mixture_s_result() -> None:
    """The union of the parts' ids is kept per pair of id arrays; a cache that changed
    brings a new array and gets a new union."""
    rng = np.random.default_rng(6)
    neural, doc = _caches(rng)
    mixer = Mixer()
    for step in range(6):
        logits = rng.normal(0, 3, (3, V)).astype(np.float32)
        h = rng.normal(0, 1, (3, H)).astype(np.float32)
        contexts = [(29, 17, 14), (12, 10, 29), (3, 4, 5)]
        parts = [neural.part(h) if step % 2 == 0 else None, doc.part(contexts)]
        assert np.array_equal(mixer(logits, parts), mix(logits, parts))
        if step == 3:  # the document grows: a token the caches did not have before
            doc.set_text("the cat sat on the mat\nthe cat ran to the hat\nthe dog sat\nzebras")


def test_the_decoder_s_log_probabilities_are_the_same_mixture_normalised() -> None:
    """Mixer.log_probs (what the decoder takes as it is) is the mixture's distribution:
    each row sums to 1 and equals the logits of Mixer() normalised; with no part, the
    model's log-softmax."""
    rng = np.random.default_rng(7)
    neural, doc = _caches(rng)
    logits = rng.normal(0, 3, (3, V)).astype(np.float32)
    h = rng.normal(0, 1, (3, H)).astype(np.float32)
    parts = [neural.part(h), doc.part([(29, 17, 14), (12, 10, 29), (3, 4, 5)])]
    mixer = Mixer()
    lp = mixer.log_probs(logits, parts)
    assert lp.dtype == np.float32 and np.allclose(np.exp(lp.astype(np.float64)).sum(axis=1), 1.0, atol=1e-5)
    assert np.allclose(lp, _normalised(mixer(logits, parts)), atol=1e-5)
    assert np.allclose(mixer.log_probs(logits, [None]), _normalised(logits), atol=1e-5)


def test_sorted_unique_is_numpys_unique() -> None:
    rng = np.random.default_rng(3)
    for n in (0, 1, 5, 300):
        x = rng.integers(0, 50, n).astype(np.int64)
        assert np.array_equal(sorted_unique(x), np.unique(x))

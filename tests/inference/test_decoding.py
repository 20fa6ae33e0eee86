"""Beam search and sampling: stop rules, no loops, determinism, filtering."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tiny_model import SENTENCES

from writer_app.inference import DecodingConfig, Suggester
from writer_app.inference.beam import beam_search
from writer_app.inference.hypothesis import Hypothesis, Rules, advance, banned_by_ngram
from writer_app.inference.sampling import filter_distribution, sample_continuations
from writer_app.inference.state_cache import Checkpoint
from writer_app.inference.token_table import TokenTable

PROMPTS = [
    "", "The", "She walked to the ", "The quick brown fox jumps over the lazy dog. The",
    "We are going", "He opened the door and", "The weather was cold and clear in the m",
    "Thank you for your letter, I will write", "我们明天", "The end.\n",
]


@pytest.fixture(scope="module")
def suggester(tiny_model_dir: Path) -> Suggester:
    return Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0))


def _token_ngrams(s: Suggester, text: str, n: int = 3) -> list[tuple[int, ...]]:
    ids = s._model.tokenizer.encode(text, add_special_tokens=False).ids
    return [tuple(ids[i : i + n]) for i in range(len(ids) - n + 1)]


def test_banned_by_ngram() -> None:
    assert banned_by_ngram((1, 2, 3, 1, 2), 3) == {3}
    assert banned_by_ngram((1, 2, 3), 3) == set()
    assert banned_by_ngram((5, 5), 2) == {5}
    assert banned_by_ngram((1, 2), 0) == set()


@pytest.mark.parametrize("prompt", PROMPTS)
def test_suggestions_stop_cleanly(suggester: Suggester, prompt: str) -> None:
    sug = suggester.propose(prompt)
    assert sug is not None
    for text in [sug.text, *sug.alternatives]:
        assert text.strip() and "\n" not in text
        # each may end with the one space the model predicts after it (follow_prob)
        assert text == text.rstrip() or text[:-1] == text.rstrip()
        assert 0.0 <= sug.score <= 1.0
    assert len(sug.alternatives) <= suggester.config.beam_width - 1
    assert sug.text not in sug.alternatives


def test_loops_are_blocked(tiny_model_dir: Path) -> None:
    """Greedy decoding over a long budget would cycle; no token 3-gram may repeat."""
    config = DecodingConfig(threshold=0.0, beam_width=1, max_tokens=60)
    s = Suggester.load(tiny_model_dir, config=config)
    for prompt in PROMPTS:
        sug = s.propose(prompt)
        if sug is None:
            continue
        grams = _token_ngrams(s, sug.text)
        assert len(grams) == len(set(grams)), sug.text


def test_token_budget_is_respected(tiny_model_dir: Path) -> None:
    s = Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0, max_tokens=3))
    for prompt in PROMPTS:
        sug = s.propose(prompt)
        if sug is not None:
            n = len(s._model.tokenizer.encode(sug.text, add_special_tokens=False).ids)
            assert n <= 3 + 2, sug.text  # + the token that completed the typed word


def test_stop_prob_shortens_but_keeps_the_first_word(tiny_model_dir: Path) -> None:
    long = Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0, stop_prob=0.0))
    short = Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0, stop_prob=0.5))
    shorter = 0
    for prompt in PROMPTS:
        a, b = long.propose(prompt), short.propose(prompt)
        assert a is not None and b is not None
        assert len(b.text) <= len(a.text) or b.text != a.text
        assert b.text.strip(), prompt  # never empty: the first word stays
        shorter += len(b.text) < len(a.text)
    assert shorter >= 3


def test_phrase_stop(tiny_model_dir: Path) -> None:
    s = Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0, stop_at_phrase=True,
                                                             follow_prob=0.0))  # the stop alone
    sug = s.propose("Thank you for your letter")
    assert sug is not None and sug.text == ","


def test_full_width_sentence_end_stops_a_chinese_suggestion(tiny_model_dir: Path) -> None:
    s = Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0, max_tokens=40))
    sug = s.propose("今天天气很好，我们去公园")  # the sentence ends with 。 then "我们明天…" may follow
    assert sug is not None and sug.text == "散步。"
    for text in [sug.text, *sug.alternatives]:
        assert text.count("。") <= 1 and (not text or "。" not in text[:-1]), text


def test_a_token_that_ends_a_sentence_and_opens_a_quote_stops_at_the_end() -> None:
    """Byte-level BPE merges punctuation runs: the zh-default vocabulary has "。“", "：“",
    "，——" as single tokens. The stop must fire on them and cut the opening mark off."""
    pieces = ["走吧", "。“", "：“", "，——", "。」", " x"]
    table = TokenTable([b"", b""] + [p.encode() for p in pieces], {0, 1})
    ids = {p: i + 2 for i, p in enumerate(pieces)}

    def run(stop_at_phrase: bool, *tokens: str) -> Hypothesis:
        rules = Rules(eos_id=1, bos_id=0, max_tokens=10, stop_at_phrase=stop_at_phrase,
                      no_repeat_ngram=0)
        h = Hypothesis()
        for t in tokens:
            assert not h.done
            h = advance(h, ids[t], -0.1, 0.0, None, table, rules)
        return h

    assert not run(False, "走吧").done
    for phrase in (False, True):
        h = run(phrase, "走吧", "。“")
        assert h.done and h.text == "走吧。"
        h = run(phrase, "走吧", "。」")
        assert h.done and h.text == "走吧。」"
    assert not run(False, "走吧", "：“").done  # a phrase end only with stop_at_phrase
    assert run(True, "走吧", "：“").text == "走吧："
    assert run(True, "走吧", "，——").text == "走吧，"


class _TreeLM:
    """A language model given as a tree of pieces, for decoding tests that need exact
    probabilities: ``tree[node] = {piece: (probability, next node)}``; the LSTM state
    h float32[1, B, 1] holds each row's node. Ids 0 and 1 are <|bos|> and <|eos|>."""

    def __init__(self, tree: dict[int, dict[str, tuple[float, int]]]) -> None:
        pieces = sorted({p for children in tree.values() for p in children})
        self.ids = {p: i + 2 for i, p in enumerate(pieces)}
        self.table = TokenTable([b"", b""] + [p.encode() for p in pieces], {0, 1})
        self.tree = tree

    def _logits(self, node: int) -> np.ndarray:
        row = np.full(self.table.vocab_size, -40.0, dtype=np.float32)
        for piece, (p, _) in self.tree.get(node, {}).items():
            row[self.ids[piece]] = np.log(p)
        return row

    def start(self) -> Checkpoint:
        return Checkpoint(self._logits(0), np.zeros((1, 1, 1), np.float32), np.zeros((1, 1, 1), np.float32))

    def step(self, ids: np.ndarray, h: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pieces = {i: p for p, i in self.ids.items()}
        nodes = [self.tree[int(n)][pieces[int(t)]][1] for n, t in zip(h[0, :, 0], ids, strict=True)]
        out = np.array(nodes, dtype=np.float32)[None, :, None]
        return np.stack([self._logits(n) for n in nodes]), out, out.copy()


def _rules(max_tokens: int, stop_prob: float) -> Rules:
    return Rules(eos_id=1, bos_id=0, max_tokens=max_tokens, stop_at_phrase=False,
                 no_repeat_ngram=0, stop_logp=float(np.log(stop_prob)))


def test_a_stop_prob_cut_is_ranked_by_the_path_it_cut() -> None:
    """stop_prob ends a hypothesis before an unlikely token (here "ked", p = 0.005 after
    "散步"). Ranked as if ending there cost nothing, "散步" beat its own likely
    continuation "散步。" (p = 0.8): the full stop was dropped from Chinese suggestions."""
    lm = _TreeLM({
        0: {"散步": (0.9, 1), " x": (0.1, 2)},
        1: {"。": (0.8, 3), " y": (0.195, 2), "ked": (0.005, 3)},
        2: {"。": (1.0, 3)},
    })
    rules = _rules(max_tokens=8, stop_prob=0.01)
    best = beam_search(lm.start(), b"", lm.step, lm.table, rules, width=4, alpha=0.6)
    assert [h.text for h in best][:2] == ["散步。", "散步 y。"]
    cut = next(h for h in best if h.text == "散步")
    assert cut.logp == pytest.approx(np.log(0.9 * 0.005), abs=1e-4)  # the path through "ked"


def test_a_width_1_beam_is_greedy_when_a_spare_candidate_is_cut() -> None:
    """Each step a width-1 beam also looks at the second-best token. When the best token
    reaches the budget (" the gard" -> " the") and the second (" l", p = 0.005) falls
    below stop_prob, cutting there (" the gar") must not win over the greedy path."""
    lm = _TreeLM({
        0: {" the": (1.0, 1)},
        1: {" gar": (1.0, 2)},
        2: {"d": (0.995, 3), " l": (0.005, 3)},
    })
    rules = _rules(max_tokens=3, stop_prob=0.01)
    beam = beam_search(lm.start(), b"", lm.step, lm.table, rules, width=1, alpha=0.6)
    greedy = sample_continuations(lm.start(), b"", lm.step, lm.table, rules, width=1, alpha=0.6,
                                  temperature=1.0, top_k=1, top_p=1.0, rng=np.random.default_rng(0))
    assert greedy[0].text == " the"
    assert beam[0].text == greedy[0].text and beam[0].logp == greedy[0].logp


def test_beam_search_is_deterministic(tiny_model_dir: Path) -> None:
    a = Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0))
    b = Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0))
    for prompt in PROMPTS:
        assert a.propose(prompt) == b.propose(prompt) == a.propose(prompt)


def test_sampling_is_deterministic_per_seed(tiny_model_dir: Path) -> None:
    cfg = DecodingConfig(threshold=0.0, sample=True, temperature=1.5, top_k=0, top_p=1.0)
    a = Suggester.load(tiny_model_dir, config=cfg)
    b = Suggester.load(tiny_model_dir, config=cfg)
    outs = {}
    for seed in range(6):
        a.config = b.config = DecodingConfig(**{**cfg.__dict__, "seed": seed})
        results = [a.propose(p) for p in PROMPTS]
        assert results == [b.propose(p) for p in PROMPTS]
        assert results == [a.propose(p) for p in PROMPTS]
        outs[seed] = tuple(r.text if r else None for r in results)
    assert len(set(outs.values())) > 1  # the seed matters


def test_greedy_sampling_equals_greedy_search(tiny_model_dir: Path) -> None:
    """top_k=1 sampling picks the argmax every step, like a width-1 beam."""
    s = Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0, beam_width=1))
    t = Suggester.load(
        tiny_model_dir, config=DecodingConfig(threshold=0.0, beam_width=1, sample=True, top_k=1)
    )
    for prompt in PROMPTS:
        assert s.propose(prompt) == t.propose(prompt)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(-20, 0), min_size=1, max_size=50), st.floats(0.1, 3.0),
    st.integers(0, 60), st.floats(0.01, 1.0),
)
def test_filter_distribution(
    values: list[float], temperature: float, top_k: int, top_p: float
) -> None:
    logp = np.asarray(values, dtype=np.float32)
    logp[::3] = -np.inf
    ids, probs = filter_distribution(logp, temperature, top_k, top_p)
    finite = int(np.isfinite(logp).sum())
    if finite == 0:
        assert len(ids) == 0
        return
    assert 1 <= len(ids) <= (min(top_k, finite) if top_k else finite)
    assert np.all(np.isfinite(logp[ids]))
    assert abs(probs.sum() - 1.0) < 1e-9
    assert np.all(np.diff(probs) <= 1e-12)  # sorted by probability
    assert logp[ids[0]] == logp[np.isfinite(logp)].max()  # the best token always survives


def test_training_sentences_are_continued(suggester: Suggester) -> None:
    hits = 0
    for sentence in SENTENCES[:6]:
        words = sentence.split(" ")
        prompt = " ".join(words[:3]) + " "
        sug = suggester.propose(prompt)
        hits += bool(sug and sentence.startswith(prompt + sug.text.split(" ")[0]))
    assert hits >= 4

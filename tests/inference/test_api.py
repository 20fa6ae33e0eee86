"""The public API the editor and the acceptance checks use."""

from __future__ import annotations

import threading
from pathlib import Path

from writer_app.inference import DecodingConfig, ModelLoadError, Suggester, Suggestion


def test_public_api(tiny_model_dir: Path) -> None:
    s = Suggester.load(tiny_model_dir)
    assert s.card.vocab_size == 400 and s.name == "tiny-test-model"
    assert s.folder == tiny_model_dir
    assert isinstance(s.config, DecodingConfig)
    sug = s.suggest("The quick brown fox jumps over the l")
    assert isinstance(sug, Suggestion)
    assert isinstance(sug.text, str) and isinstance(sug.alternatives, list)
    assert isinstance(sug.score, float)
    assert issubclass(ModelLoadError, Exception)


def test_concurrent_calls_are_serialised(tiny_model_dir: Path) -> None:
    s = Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0))
    prompts = ["The qu", "She walked to the ", "We are going to", "我们明天"] * 5
    expected = [Suggester.load(tiny_model_dir, config=s.config).propose(p) for p in prompts]
    results: list[Suggestion | None] = [None] * len(prompts)

    def work(i: int) -> None:
        results[i] = s.propose(prompts[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(prompts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def test_repeated_requests_reuse_the_result_and_clear_cache_forgets_it(
    tiny_model_dir: Path,
) -> None:
    s = Suggester.load(tiny_model_dir, config=DecodingConfig(threshold=0.0))
    first = s.propose("She walked to the ")
    calls = s.cache_stats.lookups
    again = s.propose("She walked to the ")
    assert again == first and again is not first
    assert s.cache_stats.lookups == calls  # no state lookup, no decoding
    assert again is not None
    again.alternatives.append("changed by the caller")
    assert s.propose("She walked to the ") == first
    s.clear_cache()
    assert s.propose("She walked to the ") == first
    assert s.cache_stats.lookups == 2 * calls  # decoded again: the same lookups as the first time

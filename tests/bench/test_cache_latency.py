"""bench/cache_latency.py: the document cache off and on, interleaved call by call, and
their keystroke savings (issue 14's latency and KSR check)."""

from __future__ import annotations

from pathlib import Path

from bench.cache_latency import interleaved, ksr, markdown, sides
from bench.texts import Segment
from writer_app.inference import DecodingConfig

TEXT = "The cat sat on the mat. The dog sat on the rug. The cat ran to the mat and sat on it."


def test_both_sides_are_timed_at_every_keystroke_of_the_end(tiny_model_dir: Path) -> None:
    s = sides(tiny_model_dir, DecodingConfig(threshold=0.0), threads=1)
    assert not s["off"].config.document_cache and s["on"].config.document_cache
    r = interleaved(s, Segment("cats", TEXT, 0), timed=20)
    assert r["keystrokes"] == 21  # positions len - 20 .. len
    assert {k: v["n"] for k, v in r["latency_ms"].items()} == {"off": 21, "on": 21}
    assert r["p95_ratio"] > 0 and r["forward_calls_per_keystroke"]["on"] > 0
    # the start was fed to the cache side: it holds the keys of the text typed
    assert s["on"]._neural is not None and s["on"]._neural.size > 10  # noqa: SLF001


def test_the_report_gives_each_run_the_median_ratio_and_the_ksr(tiny_model_dir: Path) -> None:
    config = DecodingConfig(threshold=0.0)
    seg = Segment("cats", TEXT, 0)
    runs = [interleaved(sides(tiny_model_dir, config, threads=1), seg, timed=10) for _ in range(2)]
    report = {"latency": {"cats": runs},
              "ksr": ksr(tiny_model_dir, config, 1, [seg], lambda _: None)}
    assert set(report["ksr"]) == {"off", "on"} and 0.0 <= report["ksr"]["on"]["cats"]["ksr"] <= 1.0
    text = markdown(report)
    assert text.count("| cats | ") == 4 and "median" in text and "KSR off" in text

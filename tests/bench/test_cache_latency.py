"""bench/cache_latency.py: the document cache off and on, interleaved call by call, and
their keystroke savings (issue 14's latency and KSR check)."""

from __future__ import annotations

from pathlib import Path

from bench.cache_latency import EditorFeed, asker, interleaved, ksr, markdown, side, sides
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


def test_the_editor_feed_asks_what_the_text_feed_asks(tiny_model_dir: Path) -> None:
    """--feed editor (update_document + suggest_in, the editor's path) answers every
    keystroke at the end of a document as --feed text (suggest on the text typed so far)
    does: the engine leaves the word being typed out of the whole document's counts."""
    config = DecodingConfig(threshold=0.0)
    text = "The cat sat on the mat.\nThe dog sat on the rug.\n\nThe cat ran to the mat and sat."
    editor = asker(side(tiny_model_dir, config, 1, "on"), "editor")
    plain = asker(side(tiny_model_dir, config, 1, "on"), "text")
    for i in range(1, len(text) + 1):
        assert editor(text[:i]) == plain(text[:i]), text[:i]
    assert isinstance(editor, EditorFeed)
    doc = editor.s.document_cache(EditorFeed.DOCUMENT)
    assert doc is not None and doc.line_count == 4

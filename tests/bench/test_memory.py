"""bench.memory: a predictor's peak memory, measured in a process of its own."""

from __future__ import annotations

from pathlib import Path

from bench.memory import main, peak_rss_kib


def test_loading_a_model_costs_memory_beyond_an_empty_process(tiny_model_dir: Path) -> None:
    text = "The cat sat on the mat. " * 3
    empty = peak_rss_kib("none", text)
    loaded = peak_rss_kib("inkling", text, model=str(tiny_model_dir))
    assert 10_000 < empty < loaded  # KiB: Python itself, then onnxruntime and the model


def test_the_command_reports_both_figures(tiny_model_dir: Path, tmp_path: Path) -> None:
    text_file = tmp_path / "held-out.txt"
    text_file.write_text("The cat sat on the mat.\n\nThe dog sat on the log.\n", encoding="utf-8")
    result = main(["inkling", "--model", str(tiny_model_dir), "--file", str(text_file), "--max-chars", "40"])
    assert result["characters"] > 0
    assert result["peak_rss_mib"] > result["empty_process_peak_rss_mib"] > 0  # type: ignore[operator]

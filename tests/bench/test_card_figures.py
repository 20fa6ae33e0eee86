"""bench.keystrokes --write-card: the run's headline figures land in the model folder's card
(section ``keystrokes``), the rest of the card unchanged, and ``training card`` shows them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bench.card_figures import keystroke_figures, write_card_figures
from bench.keystrokes import main as bench_main
from training.card_summary import card_markdown
from writer_app.inference.card_file import CARD_NAME, ModelLoadError
from writer_app.inference.model_card import ModelCard

REPO = Path(__file__).resolve().parents[2]
TEXT = REPO / "tests" / "data" / "texts" / "Doyle_Hound_1902.txt"


@pytest.fixture
def model(tiny_model_dir: Path, tmp_path: Path) -> Path:
    """A copy of the tiny model to write into (tiny_model_dir is shared by the session)."""
    return Path(shutil.copytree(tiny_model_dir, tmp_path / "model"))


def test_write_card_puts_the_runs_figures_into_the_card(model: Path, tmp_path: Path) -> None:
    before = ModelCard.read(model)
    assert before.keystrokes is None
    out = tmp_path / "r.json"
    assert bench_main(["--model", str(model), "--files", str(TEXT), "--max-chars", "120",
                       "--sweep", "--doc-sizes", "--compare-variant", "none", "--json", str(out),
                       "--write-card"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    card = ModelCard.read(model)
    k = card.keystrokes
    assert k is not None
    summary, warm = report["main"]["summary"], report["main"]["latency_ms"]["with_cache"]
    assert (k.ksr, k.trigger_rate, k.exact_match_1) == (
        summary["ksr"], summary["trigger_rate"], summary["exact_match@1"])
    assert (k.p50_ms, k.p95_ms) == (warm["p50"], warm["p95"]) and k.p50_ms > 0
    assert k.texts == ("Doyle_Hound_1902",) and k.characters == summary["chars"] > 100
    assert k.threshold == report["main"]["threshold"]
    assert k.command == report["command"] and "--write-card" in k.command
    assert k.machine is not None and "cores" in k.machine and "onnxruntime" in k.machine
    when = dt.datetime.strptime(k.date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert abs((dt.datetime.now(dt.UTC) - when).total_seconds()) < 3600
    assert replace(card, keystrokes=None) == before  # nothing else changed
    text = card_markdown(model)
    assert f"KSR {k.ksr:.1%}" in text and f"p50 / p95 {k.p50_ms:.2f} / {k.p95_ms:.2f} ms" in text
    assert "Doyle_Hound_1902" in text and f"`{k.command}`" in text


def _report(ksr: float) -> dict:
    return {"command": "python -m bench.keystrokes", "texts": [{"name": "a", "chars": 10}],
            "config_runtime": "1 intra-op threads, spinning off",
            "machine": {"cpu": "Xeon", "cores": 2, "onnxruntime": "1.32.0",
                        "load_average_start": [1.0, 1, 1], "load_average_end": [2.0, 1, 1]},
            "main": {"threshold": 0.15, "latency_ms": {"with_cache": {"p50": 2.5, "p95": 4.0}},
                     "summary": {"ksr": ksr, "trigger_rate": 0.5, "exact_match@1": 0.0,
                                 "exact_match@1_n": 0}}}


def test_a_second_run_replaces_the_figures_and_a_bad_one_leaves_the_card(model: Path) -> None:
    when = dt.datetime(2026, 12, 6, 5, 40, tzinfo=dt.UTC)
    first = keystroke_figures(_report(0.25), when)
    assert first.date == "2026-12-06T05:40:00Z" and first.exact_match_1 is None  # none shown
    assert first.machine == ("Xeon, 2 cores, onnxruntime 1.32.0 (1 intra-op threads, spinning off), "
                             "load average 1.0 at start, 2.0 at end")
    write_card_figures(model, first)
    write_card_figures(model, replace(first, ksr=0.3))
    assert ModelCard.read(model).keystrokes == replace(first, ksr=0.3)
    text = (model / CARD_NAME).read_text(encoding="utf-8")
    with pytest.raises(ModelLoadError, match='"keystrokes.ksr" must be a number from -1 to 1'):
        write_card_figures(model, keystroke_figures(_report(7.0), when))
    assert (model / CARD_NAME).read_text(encoding="utf-8") == text


def test_a_chinese_run_writes_its_input_method_figures_and_the_summary_names_both_counts(model: Path) -> None:
    report = _report(0.015)
    report["main"]["ime"] = {"all": {"ksr_other_whole": 0.127, "trigger_rate": 0.263,
                                     "exact_match@1": 0.344, "exact_match@1_n": 822}}
    figures = keystroke_figures(report, dt.datetime(2026, 12, 7, 1, 40, tzinfo=dt.UTC))
    assert (figures.ime_ksr, figures.ime_exact_match_1, figures.ime_trigger_rate) == (0.127, 0.344, 0.263)
    write_card_figures(model, figures)
    assert ModelCard.read(model).keystrokes == figures
    text = card_markdown(model)
    assert "KSR 1.5% (one key a character)" in text and "input-method keys saved 12.7%" in text
    assert "ExactMatch@1 34.4%, trigger rate 26.3% (asked at commits)" in text
    assert keystroke_figures(_report(0.2)).ime_ksr is None  # an English run has none


def test_measured_decoding_advice_joins_the_cards_own_and_the_engine_reads_it(model: Path) -> None:
    from bench.card_figures import write_decoding_advice
    from bench.latin_route import choose_rest_threshold
    from writer_app.inference.types import recommended_rest_threshold, recommended_threshold

    rows = {"0.0": {"ksr_letters": 0.266}, "0.1": {"ksr_letters": 0.258},
            "0.15": {"ksr_letters": 0.246}, "0.3": {"ksr_letters": 0.228}}
    assert choose_rest_threshold(rows) == 0.1  # the last within a point of the most saved
    assert choose_rest_threshold(rows, tolerance=0.05) == 0.3
    write_decoding_advice(model, threshold=0.3)
    written = write_decoding_advice(model, rest_threshold=choose_rest_threshold(rows))
    assert written == ModelCard.read(model).decoding and written["threshold"] == 0.3
    assert (recommended_threshold(written), recommended_rest_threshold(written)) == (0.3, 0.1)

"""bench/writer_ngrams.py: keystroke savings with the writer's n-gram cache off and at the
weights given, and its latency interleaved with a Suggester without it."""

from __future__ import annotations

import json
from pathlib import Path

from tiny_model import SENTENCES

from bench.writer_ngrams import main


def test_each_setting_types_every_text_and_the_latency_is_interleaved(
        tiny_model_dir: Path, tmp_path: Path) -> None:
    train, val = tmp_path / "train.txt", tmp_path / "val.txt"
    train.write_text("\n".join(SENTENCES[:6] * 4), encoding="utf-8")
    val.write_text(" ".join(SENTENCES[:6]), encoding="utf-8")
    out = tmp_path / "report.json"
    assert main(["--model", str(tiny_model_dir), "--ngrams-from", str(train), "--files", str(val),
                 "--offset", "0", "--max-chars", "120", "--weights", "0.3/0/4", "0.5/0.1/2",
                 "--timed", "15", "--runs", "1", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["ngrams"] > 10
    assert set(report["keystrokes"]) == {"off", "0.3/0/4", "0.5/0.1/2"}
    name = f"{tmp_path.name}/val"  # a split's file is named with its folder
    assert all(0.0 <= row[name]["ksr"] <= 1.0 for row in report["keystrokes"].values())
    [run] = report["latency"][name]
    assert {k: v["n"] for k, v in run["latency_ms"].items()} == {"off": 16, "on": 16}

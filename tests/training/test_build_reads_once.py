"""`build` reads each corpus file once and the trained checkpoint once (train, export and
the test report share them)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from tiny_model import write_tiny_corpus

from training.cli import main

TINY = ["--vocab-size", "400", "--embedding-size", "32", "--hidden-size", "32", "--batch-size", "4",
        "--seq-len", "32", "--threads", "1", "--no-bar"]


def test_build_reads_the_corpus_and_the_checkpoint_once(tmp_path) -> None:
    root = tmp_path / "corpora"
    write_tiny_corpus(root / "tiny")
    recipe = tmp_path / "tiny.toml"
    recipe.write_text('name = "tiny-recipe"\n[[source]]\npath = "tiny"\nvalidation = ["doc0.txt"]\n'
                      'test = ["doc1.txt"]\n', encoding="utf-8")
    reads: Counter[str] = Counter()

    def audit(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], str | Path):
            mode, flags = args[1], args[2]
            if (mode is not None and not any(c in mode for c in "wax+")) or (mode is None and not flags & 3):
                reads[Path(str(args[0])).name] += 1

    watching = [True]
    sys.addaudithook(lambda e, a: audit(e, a) if watching[0] else None)
    try:
        code = main(["build", "--recipe", str(recipe), "--corpora", str(root), "--run-dir",
                     str(tmp_path / "run"), "--out", str(tmp_path / "model"), "--max-steps", "20",
                     "--eval-every", "10", *TINY])
    finally:
        watching[0] = False
    assert code == 0
    assert {name: reads[name] for name in ("doc0.txt", "doc1.txt", "doc2.txt", "doc3.txt")} == {
        "doc0.txt": 1, "doc1.txt": 1, "doc2.txt": 1, "doc3.txt": 1}
    assert reads["best.pt"] == 1

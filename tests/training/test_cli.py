"""The command line as a user runs it: build a model from a folder, score a file, bad input."""

import json
import subprocess
import sys

import pytest

TINY = ["--vocab-size", "400", "--embedding-size", "64", "--hidden-size", "64", "--dropout", "0",
        "--batch-size", "8", "--seq-len", "32", "--lr", "1e-2", "--warmup-steps", "10",
        "--eval-tokens", "4000", "--threads", "1", "--no-bar"]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "training", *args], capture_output=True, text=True, timeout=600)


def test_build_then_score_with_onnxruntime(tiny_corpus, tmp_path):
    out = tmp_path / "model"
    r = cli("build", str(tiny_corpus), "--run-dir", str(tmp_path / "run"), "--out", str(out),
            "--max-steps", "40", "--eval-every", "20", *TINY)
    assert r.returncode == 0, r.stderr
    card = json.loads((out / "model.json").read_text())
    assert card["training"]["steps"] == 40 and "build" in card["training"]["command"]
    r = cli("score", "--model", str(out), str(tiny_corpus / "doc0.txt"))
    assert r.returncode == 0, r.stderr
    bpb = float(r.stdout.split(": ")[1].split()[0])
    assert 0.1 < bpb < 8.0
    r = cli("card", str(out))
    assert r.returncode == 0 and "2-layer LSTM" in r.stdout
    kind = card["start_state"]["kind"]
    assert f"Engine advice: start state {kind} (first-token loss" in r.stdout


@pytest.mark.parametrize("case", ["missing", "empty", "not_utf8", "too_small"])
def test_bad_corpus_gets_a_clear_error(case, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    if case == "not_utf8":
        (corpus / "a.txt").write_text("plenty of text here. " * 500, encoding="utf-8")
        (corpus / "legacy.txt").write_bytes(("abc " * 10).encode() + "中文".encode("gb18030"))
    elif case == "too_small":
        (corpus / "a.txt").write_text("A short note.\n", encoding="utf-8")
    target = corpus if case != "missing" else tmp_path / "nowhere"
    r = cli("train", str(target), "--run-dir", str(tmp_path / "run"), "--max-steps", "5", *TINY)
    assert r.returncode == 2
    expected = {"missing": "No such file", "empty": "empty", "not_utf8": "byte offset 40",
                "too_small": "too small"}[case]
    assert expected in r.stderr and "Traceback" not in r.stderr
    if case == "not_utf8":
        assert "legacy.txt" in r.stderr


def test_export_into_an_existing_folder_is_refused(tiny_model_dir, tmp_path):
    target = tmp_path / "exists"
    target.mkdir()
    r = cli("export", "--checkpoint", str(tiny_model_dir / "weights.pt"), "--out", str(target))
    assert r.returncode == 2 and "already exists" in r.stderr
    assert list(target.iterdir()) == []


def test_train_refuses_to_overwrite_an_existing_run(tiny_corpus, tmp_path):
    run = tmp_path / "run"
    assert cli("train", str(tiny_corpus), "--run-dir", str(run), "--max-steps", "4", "--eval-every", "2",
               *TINY).returncode == 0
    before = (run / "last.pt").read_bytes()
    r = cli("train", str(tiny_corpus), "--run-dir", str(run), "--max-steps", "2", *TINY)
    assert r.returncode == 2 and "--resume" in r.stderr
    assert (run / "last.pt").read_bytes() == before


def test_not_a_checkpoint_and_empty_file_get_one_line_errors(tiny_model_dir, tmp_path):
    fake = tmp_path / "notes.txt"
    fake.write_text("not a checkpoint")
    r = cli("evaluate", "--checkpoint", str(fake), str(fake))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "weights_only" not in r.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    r = cli("score", "--model", str(tiny_model_dir), str(empty))
    assert r.returncode == 2 and "no text to score" in r.stderr


def test_baseline_as_documented(tiny_corpus):
    r = cli("baseline", "--train", str(tiny_corpus), str(tiny_corpus / "doc0.txt"))
    assert r.returncode == 0, r.stderr
    assert "bits/byte (byte 5-gram" in r.stdout


def _copy_with_raw_card(src, dst, text):
    import shutil

    shutil.copytree(src, dst)
    (dst / "model.json").write_text(text, encoding="utf-8")
    return dst


def test_card_readers_of_the_training_tools_refuse_bad_cards_in_a_sentence(tiny_model_dir, tmp_path,
                                                                           capsys):
    """`card`, the retrain's base and update_card read model.json through the app's one
    size-limited reader: a malformed or oversized card is one line, not a traceback."""
    from training.cli import main
    from training.errors import TrainingError
    from training.report import update_card
    from training.retrain import _read_base_card
    from writer_app.inference.model_folder import MAX_CARD_BYTES

    card = json.loads((tiny_model_dir / "model.json").read_text(encoding="utf-8"))
    listed = _copy_with_raw_card(tiny_model_dir, tmp_path / "listed", json.dumps([card]))
    assert main(["card", str(listed)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {listed / 'model.json'} is not a usable model card: it holds a "
                          "JSON list where a JSON object belongs.") and len(err.splitlines()) == 1
    no_parity = _copy_with_raw_card(tiny_model_dir, tmp_path / "no-parity",
                                    json.dumps({**card, "parity": {"fp32": []}}))
    assert main(["card", str(no_parity)]) == 2
    assert "lacks a field this summary needs or has a bad value there" in capsys.readouterr().err
    huge = _copy_with_raw_card(tiny_model_dir, tmp_path / "huge",
                               json.dumps(card) + " " * MAX_CARD_BYTES)
    for read in (_read_base_card, lambda f: update_card(f, {"x": 1})):
        with pytest.raises(TrainingError, match="larger than 1,024 KB .* so it was not read"):
            read(huge)


def test_build_reads_each_input_once_and_writes_the_card_once(tmp_path, monkeypatch):
    """`build` = train + export + test report: one parse of the recipe, one read of each
    corpus file and of the trained checkpoint (train, export and the test report share
    them), one write of model.json (ModelCard.write, at the end), and the card names its
    data relative to the corpora root."""
    import sys
    from collections import Counter
    from pathlib import Path

    from tiny_model import write_tiny_corpus

    import training.recipe
    from training.cli import main

    root = tmp_path / "corpora"
    write_tiny_corpus(root / "tiny")
    recipe = tmp_path / "tiny.toml"
    recipe.write_text('name = "tiny-recipe"\n[[source]]\npath = "tiny"\nvalidation = ["doc0.txt"]\n'
                      'test = ["doc1.txt"]\n', encoding="utf-8")
    loads = []
    real_load = training.recipe.load_recipe
    monkeypatch.setattr(training.recipe, "load_recipe", lambda *a: loads.append(a) or real_load(*a))
    writes: list[str] = []
    reads: Counter[str] = Counter()

    def audit(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], str | Path):
            mode, flags = args[1], args[2]
            writing = (mode and any(c in mode for c in "wax+")) or (mode is None and flags & 3)
            if writing and Path(str(args[0])).name == "model.json":
                writes.append(f"open {args[0]}")
            elif not writing:
                reads[Path(str(args[0])).name] += 1
        elif event == "os.rename" and Path(str(args[1])).name == "model.json":
            writes.append(f"replace {args[1]}")

    watching = [True]
    sys.addaudithook(lambda e, a: audit(e, a) if watching and watching[0] else None)
    try:
        code = main(["build", "--recipe", str(recipe), "--corpora", str(root), "--run-dir",
                     str(tmp_path / "run"), "--out", str(tmp_path / "model"), "--max-steps", "20",
                     "--eval-every", "10", *TINY])
    finally:
        watching[0] = False
    assert code == 0
    assert len(loads) == 1
    assert len(writes) == 1, writes
    assert {name: reads[name] for name in ("doc0.txt", "doc1.txt", "doc2.txt", "doc3.txt")} == {
        "doc0.txt": 1, "doc1.txt": 1, "doc2.txt": 1, "doc3.txt": 1}
    assert reads["best.pt"] == 1
    card = json.loads((tmp_path / "model" / "model.json").read_text(encoding="utf-8"))
    assert card["name"] == "tiny-recipe" and card["training"]["steps"] == 20
    assert list(card["metrics"]["test"]["groups"]) == ["all"] and "start_state" in card
    assert [(d["source"], d["validation_files"], d["test_files"]) for d in card["training"]["data"]] == [
        ("tiny", ["tiny/doc0.txt"], ["tiny/doc1.txt"])]
    assert str(tmp_path) not in json.dumps(card["training"]["data"])

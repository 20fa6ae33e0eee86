"""Retrain on my writing: the CLI end to end on the tiny model, its events, cancel,
kill -9, a full disk during export, too little text, unreadable files, early stopping."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tiny_model import write_tiny_corpus

from training.errors import TrainingError
from training.report import update_card
from training.retrain import RetrainOptions, plan_training, retrain
from training.retrain_events import Events
from writer_app.inference import Suggester
from writer_app.retrain.model_store import ModelStore

REPO = Path(__file__).resolve().parents[2]
FAST = ["--max-steps", "30", "--threads", "1", "--report-chars", "300", "--bpb-chars", "5000"]


def fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    """sha256 and mtime (ns) of every file under ``folder``."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                         p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "training", "retrain", *(str(a) for a in args)]


def events_of(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


@pytest.fixture
def writing(tmp_path: Path) -> Path:
    """The user's folder: five good files, one Latin-1 file (used: the editor opens it), one
    binary, one .docx."""
    folder = write_tiny_corpus(tmp_path / "writing", files=5, lines=150, seed=3)
    (folder / "latin1.txt").write_bytes("Caf\xe9 au lait, s'il vous pla\xeet.\n".encode("latin-1"))
    (folder / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "letter.docx").write_bytes(b"PK\x03\x04 not text")
    return folder


def run_cli(args: list[str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=REPO)


def test_cli_end_to_end_json(tiny_model_dir: Path, writing: Path, tmp_path: Path) -> None:
    before_docs, before_base = fingerprint(writing), fingerprint(tiny_model_dir)
    out = tmp_path / "models" / "mine"
    proc = run_cli(cli("--base", tiny_model_dir, "--out", out, writing, *FAST, "--progress-json",
                       "--name", "Mine"))
    assert proc.returncode == 0, proc.stderr
    events = events_of(proc.stdout)
    kinds = [e["event"] for e in events]
    assert kinds[0] == "start" and kinds[-1] == "done"
    phases = [e["phase"] for e in events if e["event"] == "phase"]
    assert phases == ["prepare", "measure_old", "train", "export", "measure_new", "install"]
    assert "progress" in kinds and "eval" in kinds and kinds.count("measured") == 2
    for which in ("measure_old", "measure_new"):  # the bar moves while a model is measured
        after = kinds[[e.get("phase") for e in events].index(which):]
        assert after.index("measuring") < after.index("measured")
    progress = [e for e in events if e["event"] == "progress"]
    keys = {"step", "loss", "elapsed_s", "remaining_s", "fraction"}
    assert all(keys <= e.keys() for e in progress)
    scan = next(e for e in events if e["event"] == "scan")
    reasons = {Path(s["path"]).name: s["reason"] for s in scan["skipped"]}
    assert "latin1.txt" not in reasons  # read as the editor opens it (Windows-1252)
    assert reasons["image.md"] == "not plain text (binary)"
    assert reasons["letter.docx"] == "not .txt or .md"
    assert scan["files"] == 6
    # the installed model loads in the app's runtime and carries the report
    suggester = Suggester.load(out)
    assert suggester.name == "Mine"
    card = json.loads((out / "model.json").read_text())
    report = card["retrain"]["report"]
    assert report["old"]["name"] == "tiny-test-model" and report["new"]["name"] == "Mine"
    for side in ("old", "new"):
        assert 0 < report[side]["bpb"] < 8 and 0 <= report[side]["ksr"] <= 1
    assert report["held_out"]["ksr_chars"] > 200
    assert card["retrain"]["base"]["name"] == "tiny-test-model"
    assert (out / "weights.pt").is_file()  # so it can be retrained again
    # the n-grams of the text trained on (not the held-out text), listed with their
    # checksum, and the Suggester mixes them in (writer_app/inference/writer_ngrams.py)
    ngrams = card["writer_ngrams"]
    assert (out / ngrams["file"]).is_file() and len(ngrams["sha256"]) == 64
    assert suggester.writer_cache is not None and suggester.writer_cache.tokens == ngrams["tokens"]
    data = next(e for e in events if e["event"] == "data")
    assert 0.8 * data["train_tokens"] < ngrams["tokens"] <= data["train_tokens"]
    assert [v.folder for v in ModelStore(out.parent).versions()] == [out]
    assert [p.name for p in out.parent.iterdir()] == ["mine"]  # no staging left behind
    assert fingerprint(writing) == before_docs  # the user's documents are only read
    assert fingerprint(tiny_model_dir) == before_base


def test_cli_exact_form_prints_report(tiny_model_dir: Path, writing: Path, tmp_path: Path) -> None:
    """The acceptance form: python -m training retrain --base M --out N PATH..."""
    out = tmp_path / "new"
    proc = run_cli(cli("--base", tiny_model_dir, "--out", out, writing / "doc0.txt",
                       writing / "doc1.txt", writing / "doc2.txt", *FAST))
    assert proc.returncode == 0, proc.stderr
    assert "bits per byte" in proc.stdout and "keystroke savings" in proc.stdout
    assert "held out: the last part of doc" in proc.stdout  # 3 files, each over 25%
    assert f"Installed new in {out}" in proc.stdout
    assert (out / "model.json").is_file()


def start_long_run(base: Path, writing: Path,
                   out: Path) -> tuple[subprocess.Popen[str], list[dict]]:
    """A run with a long budget; returns once training has made progress."""
    proc = subprocess.Popen(cli("--base", base, "--out", out, writing, "--max-minutes", "10",
                                "--threads", "1", "--report-chars", "100", "--progress-json"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    seen: list[dict] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("{"):
            seen.append(json.loads(line))
            if seen[-1]["event"] == "progress":
                return proc, seen
    raise AssertionError(f"no progress event; stderr: {proc.stderr.read() if proc.stderr else ''}")


def test_cancel_stops_and_installs_nothing(tiny_model_dir: Path, writing: Path,
                                           tmp_path: Path) -> None:
    out = tmp_path / "models" / "cancelled"
    proc, _seen = start_long_run(tiny_model_dir, writing, out)
    staging = [p for p in out.parent.iterdir() if p.name.startswith(".cancelled.partial-")]
    assert len(staging) == 1  # training writes only into the hidden staging folder
    proc.send_signal(signal.SIGTERM)
    rest, _err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert events_of(rest)[-1]["event"] == "cancelled"
    assert not out.exists()
    assert list(out.parent.iterdir()) == []  # staging removed too


def test_kill_9_leaves_nothing_listed(tiny_model_dir: Path, writing: Path, tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "models")
    out = store.new_version_path()
    proc, _seen = start_long_run(tiny_model_dir, writing, out)
    proc.kill()
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()
    assert store.versions() == []
    leftovers = [p for p in store.root.iterdir()]
    assert leftovers and all(p.name.startswith(".") for p in leftovers)  # hidden, never listed
    assert store.clean_stale() == leftovers  # its lock died with the process
    assert list(store.root.iterdir()) == []


def test_too_little_text_says_how_much_is_needed(tiny_model_dir: Path, tmp_path: Path) -> None:
    small = tmp_path / "note.txt"
    small.write_text("A short note about the weather. " * 30, encoding="utf-8")
    proc = run_cli(cli("--base", tiny_model_dir, "--out", tmp_path / "x", small))
    assert proc.returncode == 2
    assert "Found 960 characters" in proc.stderr
    assert "needs at least 30,000 characters" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.txt"]  # nothing written


def test_empty_selection_and_unreadable_files(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "old.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    proc = run_cli(cli("--base", tiny_model_dir, "--out", tmp_path / "x", folder,
                       "--progress-json"))
    assert proc.returncode == 2
    error = events_of(proc.stdout)[-1]
    assert error["event"] == "error" and error["message"].startswith("No usable text")
    assert "1 empty" in error["message"] and "1 not plain text (binary)" in error["message"]
    assert not (tmp_path / "x").exists()


def test_the_only_file_also_held_out_is_named_as_the_reason(writing: Path) -> None:
    from training.retrain_data import load_user_data

    first = sorted(writing.glob("*.txt"))[0]
    with pytest.raises(TrainingError, match="also given with --holdout"):
        load_user_data([first], language="en", holdout=[first])


def test_missing_path_base_without_weights_and_existing_out(tiny_model_dir: Path, writing: Path,
                                                            tmp_path: Path) -> None:
    proc = run_cli(cli("--base", tiny_model_dir, "--out", tmp_path / "x", tmp_path / "nope"))
    assert proc.returncode == 2 and "No such file or folder" in proc.stderr
    no_weights = tmp_path / "onnx-only"
    no_weights.mkdir()
    for f in ("model.json", "model.onnx", "tokenizer.json"):
        (no_weights / f).write_bytes((tiny_model_dir / f).read_bytes())
    proc = run_cli(cli("--base", no_weights, "--out", tmp_path / "y", writing))
    assert proc.returncode == 2 and "has no weights.pt" in proc.stderr
    proc = run_cli(cli("--base", tiny_model_dir, "--out", tiny_model_dir, writing))
    assert proc.returncode == 2 and "already exists" in proc.stderr


def test_no_torch_gives_the_install_command(monkeypatch: pytest.MonkeyPatch, capsys,  # noqa: ANN001
                                            tmp_path: Path) -> None:
    import importlib.util

    from training.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "torch" else real(name, *a))
    argv = ["retrain", "--base", str(tmp_path), "--out", str(tmp_path / "o"), str(tmp_path)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Retraining needs torch, which is not installed" in err
    assert "pip install torch==2.13.0" in err and "[train]" in err


def test_any_command_without_torch_gives_the_install_command(monkeypatch: pytest.MonkeyPatch,
                                                              capsys, tmp_path: Path) -> None:  # noqa: ANN001
    """A first-day tester's pipx install has inkling-train but no torch: `inkling-train
    train` ended in a raw ModuleNotFoundError traceback."""
    import training.cli as cli_module

    def needs_torch(_args: object) -> int:
        raise ModuleNotFoundError("No module named 'torch'", name="torch")

    real = cli_module.build_parser

    def parser():  # noqa: ANN202
        p = real()
        p.set_defaults(func=needs_torch)
        for action in p._subparsers._group_actions:  # noqa: SLF001 (argparse's own)
            for sub in action.choices.values():
                sub.set_defaults(func=needs_torch)
        return p

    monkeypatch.setattr(cli_module, "build_parser", parser)
    assert cli_module.main(["evaluate", "--checkpoint", str(tmp_path / "x.pt"), str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "inkling-train evaluate needs torch, which is not installed" in err
    assert "pip install torch==2.13.0" in err


def options(base: Path, writing: Path, out: Path, **kw: object) -> RetrainOptions:
    defaults: dict[str, object] = dict(max_steps=30, threads=1, report_chars=200, bpb_chars=3000)
    defaults.update(kw)
    return RetrainOptions(base=base, out=out, paths=[writing], **defaults)  # type: ignore[arg-type]


def test_full_disk_during_export(tiny_model_dir: Path, writing: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import training.package

    def export_fills_disk(model: object, path: Path) -> None:
        path.write_bytes(b"\x08\x07 half an onnx file")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(training.package, "export_onnx", export_fills_disk)
    before = fingerprint(tiny_model_dir)
    out = tmp_path / "models" / "full"
    with pytest.raises(TrainingError, match="the disk is full. Nothing was installed"):
        retrain(options(tiny_model_dir, writing, out), Events(False, open(os.devnull, "w")))
    assert not out.exists() and list(out.parent.iterdir()) == []
    assert fingerprint(tiny_model_dir) == before


def test_early_stopping_keeps_the_best_checkpoint(tiny_model_dir: Path, tmp_path: Path) -> None:
    """Held-out text unlike the training text: its loss soon rises, training stops after
    `patience` evaluations without improvement, and the installed weights are the best."""
    writing = write_tiny_corpus(tmp_path / "w", files=3, lines=200, seed=5)
    other = tmp_path / "other.txt"
    words = "zebra quartz vivid jackal oxygen mumble plinth fjord whisky".split()
    other.write_text("\n".join(" ".join(words[(i * 7 + j) % len(words)] for j in range(12))
                               for i in range(300)), encoding="utf-8")
    out = tmp_path / "models" / "es"
    card = retrain(options(tiny_model_dir, writing, out, holdout=[other], max_steps=2000,
                           eval_every=5, patience=2, lr=1e-2, dropout=0.0),
                   Events(False, open(os.devnull, "w")))
    run = card["retrain"]["report"]["training"]
    history = [h["val_loss"] for h in run["history"]]
    assert run["stopped_by"] == "early_stopping" and run["steps"] < 2000
    best = min(history)
    assert history.index(best) == len(history) - 3  # then 2 (= patience) without improvement
    assert all(v >= best for v in history[-2:])
    # the installed weights are the best evaluation's, not the last step's
    assert card["training"]["best_step"] == run["history"][history.index(best)]["step"]
    assert card["training"]["steps"] == run["best_step"] < run["steps"]


def test_plan_training_adapts_to_the_amount_of_text() -> None:
    base = Path("b")
    small = plan_training(8_000, RetrainOptions(base, base, []))
    assert small.batch_size == 4 and small.eval_every == 7 and small.patience == 3
    assert small.max_minutes == 3.0  # quick by default
    big = plan_training(90_000, RetrainOptions(base, base, [], budget="thorough"))
    assert big.batch_size == 32 and big.eval_every == 10 and big.max_minutes == 15.0
    steps_only = plan_training(90_000, RetrainOptions(base, base, [], max_steps=50))
    assert steps_only.max_minutes == 0.0 and steps_only.max_steps == 50
    both = plan_training(90_000, RetrainOptions(base, base, [], budget="quick", max_steps=50))
    assert both.max_minutes == 3.0 and both.max_steps == 50
    assert plan_training(90_000, RetrainOptions(base, base, [], max_minutes=1.5)).max_minutes == 1.5
    with pytest.raises(TrainingError, match="Unknown budget"):
        plan_training(90_000, RetrainOptions(base, base, [], budget="forever"))


def test_a_gbk_file_trains_as_its_text(tmp_path: Path) -> None:
    from training.retrain_data import load_user_data

    text = "我们明天早上去市场。今天天气很好，我们去公园散步。\n" * 500
    path = tmp_path / "日记.txt"
    path.write_bytes(text.encode("gbk"))
    data = load_user_data([path], language="zh")
    assert [f.path.name for f in data.scan.files] == ["日记.txt"]
    joined = "".join(d.text for d in data.train + data.heldout)
    assert set(joined) <= set(text) and "我们明天早上去市场" in joined  # decoded, not mojibake


def test_full_disk_while_training_writes_a_checkpoint(tiny_model_dir: Path, writing: Path,
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """torch.save reports ENOSPC as "RuntimeError: [enforce fail at inline_container.cc:672]";
    the run still says the disk is full and that the current model is unchanged."""
    from tiny_model import fill_disk_after

    from training.errors import DiskFullError
    from writer_app.files import atomic_write

    monkeypatch.setattr(atomic_write.os, "fdopen", fill_disk_after(1000))
    before = fingerprint(tiny_model_dir)
    out = tmp_path / "models" / "full"
    with pytest.raises(DiskFullError, match=f"Could not write the new model in {out.parent}: the "
                       "disk is full. Nothing was installed and the current model is unchanged."):
        retrain(options(tiny_model_dir, writing, out), Events(False, open(os.devnull, "w")))
    assert not out.exists() and list(out.parent.iterdir()) == []
    assert fingerprint(tiny_model_dir) == before


def test_sigterm_after_done_changes_nothing(tiny_model_dir: Path, writing: Path,
                                            tmp_path: Path) -> None:
    """The process lives on for a second or two after "done" (torch's teardown); Cancel's
    SIGTERM then must not report a cancel, exit 130 or leave the staging folder behind:
    the model is installed."""
    from writer_app.retrain.model_store import read_version

    out = tmp_path / "models" / "mine"
    proc = subprocess.Popen(cli("--base", tiny_model_dir, "--out", out, writing, *FAST,
                                "--progress-json"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("{") and json.loads(line)["event"] == "done":
            proc.send_signal(signal.SIGTERM)
            break
    rest, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "cancelled" not in [e["event"] for e in events_of(rest)]
    version = read_version(out)
    assert version is not None and Suggester.load(out).name == version.name
    assert [p.name for p in out.parent.iterdir()] == ["mine"]  # no .mine.partial-* left


def test_a_base_without_its_tokenizer_is_refused_before_anything_is_written(
        tiny_model_dir: Path, writing: Path, tmp_path: Path) -> None:
    """A tester's run from a model whose tokenizer.json was gone failed ten seconds in."""
    import shutil

    base = tmp_path / "no-tokenizer"
    shutil.copytree(tiny_model_dir, base)
    (base / "tokenizer.json").unlink()
    out = tmp_path / "models" / "x"
    with pytest.raises(TrainingError, match=r"is incomplete: tokenizer\.json is missing"):
        retrain(options(base, writing, out), Events(False, open(os.devnull, "w")))
    assert not out.parent.exists()


def test_the_installed_weights_lie_between_the_base_and_the_fine_tuned(tmp_path: Path) -> None:
    """WiSE-FT (training.retrain.FINE_TUNED_SHARE): a tester's retrained model pushed his
    phrases into unrelated writing; the installed weights keep part of the base's."""
    import torch

    from training.checkpoint import load_checkpoint, save_checkpoint
    from training.retrain import FINE_TUNED_SHARE, toward_base

    base = {"w": torch.zeros(2, 3), "b": torch.full((3,), 2.0)}
    tuned = {"w": torch.ones(2, 3), "b": torch.full((3,), 4.0)}
    path = tmp_path / "best.pt"
    save_checkpoint(path, {"model_state": tuned, "model_config": {}, "tokenizer_json": "{}"})
    toward_base(path, base, 0.7)
    state = load_checkpoint(path)["model_state"]
    assert torch.allclose(state["w"], torch.full((2, 3), 0.7))
    assert torch.allclose(state["b"], torch.full((3,), 3.4))
    assert 0.5 <= FINE_TUNED_SHARE < 1.0


def test_a_name_another_run_installed_meanwhile_gets_a_number(tiny_model_dir: Path, writing: Path,
                                                               tmp_path: Path) -> None:
    """A tester's two Inkling processes started retrains in the same minute: both models were
    "My English writing, 08 Dec 2026 02:46". The name is checked again at install time."""
    store = tmp_path / "models"
    first = store / "my-writing-20261208-024604"
    shutil.copytree(tiny_model_dir, first)
    update_card(first, {"name": "My English writing, 08 Dec 2026 02:46"})
    out = store / "my-writing-20261208-024644"
    card = retrain(options(tiny_model_dir, writing, out, name="My English writing, 08 Dec 2026 02:46"),
                   Events(False, open(os.devnull, "w")))
    assert card["name"] == "My English writing, 08 Dec 2026 02:46 (2)"
    assert sorted(v.name for v in ModelStore(store).versions()) == [
        "My English writing, 08 Dec 2026 02:46", "My English writing, 08 Dec 2026 02:46 (2)"]

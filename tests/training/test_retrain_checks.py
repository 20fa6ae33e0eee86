"""What a retrain checks and says before and after the work: the free space (the dialog's
check, now the command line's too), a base model that cannot be used (advice for the
command line, not the app's menu), and held-out text too small for the before/after
comparison to mean anything."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from tiny_model import write_tiny_corpus

from training.cli import main
from training.corpus import Document
from training.data_prep import MIN_VALIDATION_CHARS
from training.retrain import RetrainOptions, retrain
from training.retrain_data import choose_heldout
from training.retrain_events import Events
from writer_app.inference.card_file import WHAT_TO_DO
from writer_app.resources import bundled_model_dir
from writer_app.retrain import run_space


@pytest.fixture
def writing(tmp_path: Path) -> Path:
    return write_tiny_corpus(tmp_path / "writing", files=5, lines=150, seed=3)


def test_the_command_line_checks_the_free_space_first(tiny_model_dir: Path, writing: Path,
                                                      tmp_path: Path, capsys,  # noqa: ANN001
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The app said "needs about 235 MB free" before starting; the command line started and
    failed minutes later. Both now ask run_space.space_problem."""
    real = shutil.disk_usage
    monkeypatch.setattr(run_space.shutil, "disk_usage",
                        lambda p: real(p)._replace(free=50_000))  # 0.05 MB free anywhere
    out = tmp_path / "models" / "mine"
    assert main(["retrain", "--base", str(tiny_model_dir), "--out", str(out), str(writing)]) == 2
    err = capsys.readouterr().err
    expected = run_space.space_problem(tiny_model_dir, out.parent)
    assert expected.startswith("Retraining needs about ") and f"error: {expected}" in err
    assert not out.parent.exists()  # nothing written


def test_a_damaged_base_says_what_to_do_on_the_command_line(tiny_model_dir: Path, writing: Path,
                                                            tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """The command line pointed at "Model → Use Default Model", a menu of the app."""
    base = tmp_path / "damaged"
    shutil.copytree(tiny_model_dir, base)
    (base / "tokenizer.json").unlink()
    args = ["retrain", "--base", str(base), "--out", str(tmp_path / "x"), str(writing)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "tokenizer.json is missing" in err and "Model →" not in err
    assert f"--base {bundled_model_dir('en-default')} (English)" in err
    assert main([*args, "--progress-json"]) == 2  # the app's run: its own menu's advice
    error = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert error["event"] == "error" and error["message"].endswith(WHAT_TO_DO)
    assert "--base" not in error["message"]


def test_an_automatic_held_out_tail_is_never_under_the_minimum() -> None:
    """A last paragraph of 1,700 characters after a long one was held out alone (at least
    half of 10% of 30,000 was enough): under MIN_VALIDATION_CHARS."""
    paragraphs = ["Some words of a diary entry, written one evening. " * 6] * 78
    text = "\n".join([*paragraphs, "A long day. " * 420, "The end of it. " * 113])
    train, heldout, how = choose_heldout([Document(Path("diary.txt"), text)])
    assert how == "the last part of diary.txt"
    assert len(heldout[0].text) >= MIN_VALIDATION_CHARS
    assert len(train[0].text) + len(heldout[0].text) <= len(text)


def test_too_little_held_out_text_is_reported_as_such(tiny_model_dir: Path, writing: Path,
                                                      tmp_path: Path) -> None:
    """A few hundred held-out characters were reported like any others, and the app switches
    to a new model whose bits per byte are lower, though on so little text the same two
    models come out either way round (docs/RETRAIN.md)."""
    small = tmp_path / "held.txt"
    small.write_text("She walked to the station and waited for the train. " * 6, encoding="utf-8")
    out = io.StringIO()
    card = retrain(RetrainOptions(base=tiny_model_dir, out=tmp_path / "mine", paths=[writing],
                                  holdout=[small], max_steps=10, threads=1, report_chars=100),
                   Events(True, out))
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    warning = next(e for e in events if e["event"] == "warning")
    assert "only 311 characters: too little to tell whether the new model is better" in warning["message"]
    held = card["retrain"]["report"]["held_out"]
    assert held["enough"] is False and held["too_little"] == warning["warning"]
    report = next(e for e in events if e["event"] == "report")
    assert report["message"].endswith(warning["warning"])  # the table's last line

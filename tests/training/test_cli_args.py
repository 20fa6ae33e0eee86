"""Out-of-range options are refused with one line and exit status 2, not a traceback."""

from __future__ import annotations

import pytest

from training.cli import main


@pytest.mark.parametrize(("argv", "message"), [
    (["train", "x", "--run-dir", "r", "--hidden-size", "0"], "--hidden-size: 0 is out of range"),
    (["train", "x", "--run-dir", "r", "--dropout", "1.5"], "--dropout: 1.5 is out of range"),
    (["train", "x", "--run-dir", "r", "--batch-size", "-1"], "--batch-size: -1 is out of range"),
    (["train", "x", "--run-dir", "r", "--max-steps", "0"], "--max-steps: 0 is out of range"),
    (["train", "x", "--run-dir", "r", "--lr", "abc"], "--lr: 'abc' is not a float"),
    (["baseline", "--train", "t", "--order", "0", "f"], "--order: 0 is out of range"),
    (["score", "--model", "m", "f", "--max-chars", "-5"], "--max-chars: -5 is out of range"),
    (["retrain", "--base", "b", "--out", "o", "p", "--lr", "-1"], "--lr: -1 is out of range"),
    (["retrain", "--base", "b", "--out", "o", "p", "--max-steps", "0"], "--max-steps: 0 is out of range"),
])
def test_out_of_range_options_exit_2_with_one_line(argv, message, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_recipe_and_paths_together_are_refused(tmp_path, capsys) -> None:
    argv = ["train", str(tmp_path), "--recipe", "training/recipes/en_default.toml", "--run-dir", str(tmp_path / "r")]
    assert main(argv) == 2
    assert "not both" in capsys.readouterr().err


@pytest.mark.parametrize("extra", [["--resume"], ["--base", "assets/en-default"]])
def test_size_options_with_resume_or_base_are_refused(extra, tmp_path, capsys) -> None:
    (tmp_path / "a.txt").write_text("some text\n", encoding="utf-8")
    argv = ["train", str(tmp_path / "a.txt"), "--run-dir", str(tmp_path / "r"), "--hidden-size", "256", *extra]
    assert main(argv) == 2
    assert "--hidden-size cannot change a model" in capsys.readouterr().err
    at = argv.index("--hidden-size")
    argv[at:at + 2] = ["--tokenizer", "assets/en-default/tokenizer.json"]
    assert main(argv) == 2
    assert "--tokenizer cannot change a model" in capsys.readouterr().err


def test_build_needs_a_run_dir_or_a_checkpoint(tmp_path, capsys) -> None:
    argv = ["build", "--recipe", "training/recipes/zh_default.toml", "--out", str(tmp_path / "m")]
    assert main(argv) == 2
    assert "Give --run-dir" in capsys.readouterr().err
    argv += ["--checkpoint", str(tmp_path / "none.pt")]  # no --run-dir needed with a checkpoint
    assert main(argv) == 2
    assert "none.pt does not exist" in capsys.readouterr().err

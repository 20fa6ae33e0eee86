"""The app's side of a retraining run: command line, install hint, progress parsing."""

from __future__ import annotations

import importlib.util
import json
import tomllib
from pathlib import Path

import pytest

from writer_app.retrain import job as retrain_job
from writer_app.retrain.job import (
    PROJECT_ROOT,
    TORCH_CPU_INSTALL,
    RetrainState,
    build_command,
    install_command,
    missing_training_packages,
    overall_fraction,
    parse_event,
    status_line,
)


def test_build_command_keeps_the_cli_form() -> None:
    argv = build_command(base=Path("/m/base"), out=Path("/s/new"),
                         paths=[Path("-odd.txt"), Path("d")], name="My writing", budget="quick",
                         other_text=True, python="py",
                         extra=["--max-steps", "5"])
    assert argv[:8] == ["py", "-m", "training", "retrain", "--base", "/m/base", "--out", "/s/new"]
    assert argv[argv.index("--budget") + 1] == "quick" and "--progress-json" in argv
    assert "--other-text" in argv and argv[argv.index("--nice") + 1] == "10"
    assert argv[-3:] == ["--", "-odd.txt", "d"]  # a path starting with "-" is not an option


def test_install_command_installs_the_cpu_torch_first(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    torch = "-m pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu"
    assert install_command("/usr/bin/python3", tmp_path) == (
        f"/usr/bin/python3 {torch} && /usr/bin/python3 -m pip install -e '{tmp_path}[train]'")
    assert install_command("python", tmp_path / "none") == (
        f"python {torch} && python -m pip install onnx tqdm")  # no checkout: by name


def test_the_torch_install_hint_is_the_one_readme_and_pyproject_give() -> None:
    """One definition: the dialog's command (TORCH_CPU_INSTALL), README.md's advice for
    training and for retraining, and the version the train extra pins all agree."""
    readme = " ".join((PROJECT_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert readme.count(f"pip install {TORCH_CPU_INSTALL}") >= 2  # training, retraining
    pin = TORCH_CPU_INSTALL.split()[0]
    extras = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pin in extras["project"]["optional-dependencies"]["train"]
    assert f" -m pip install {TORCH_CPU_INSTALL} && " in install_command()


def test_missing_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    """What find_spec cannot find, in TRAINING_PACKAGES order (the app's own tests run
    without torch, so the answer here must not depend on this Python's packages)."""
    found: set[str] = set(retrain_job.TRAINING_PACKAGES)
    monkeypatch.setattr(retrain_job.importlib.util, "find_spec",
                        lambda name: importlib.util if name in found else None)
    assert missing_training_packages() == []
    found.discard("torch")
    assert missing_training_packages() == ["torch"]
    found.clear()
    assert missing_training_packages() == list(retrain_job.TRAINING_PACKAGES)


def test_parse_event_ignores_other_output() -> None:
    assert parse_event('{"event": "phase"}') == {"event": "phase"}
    for junk in ("", "warning", "{not json", '{"no_event": 1}', "[1, 2]", '{"event": 3}'):
        assert parse_event(junk) is None


def test_state_folds_events() -> None:
    state = RetrainState()
    state.apply({"event": "phase", "phase": "measure_old", "message": "Measuring"})
    assert overall_fraction(state) == pytest.approx(0.02)
    state.apply({"event": "measuring", "fraction": 0.5, "message": ""})  # a tester's 55 s at 2%
    assert overall_fraction(state) == pytest.approx(0.02 + 0.08 * 0.5)
    lines = [
        {"event": "start", "message": "Retraining"},
        {"event": "phase", "phase": "train", "message": "Training"},
        {"event": "progress", "step": 40, "loss": 3.5, "elapsed_s": 61.2, "remaining_s": 130.0,
         "fraction": 0.25, "message": ""},
        {"event": "eval", "best_val_loss": 3.4, "message": "step 40: held-out loss 3.4"},
    ]
    for ev in lines:
        state.apply(json.loads(json.dumps(ev)))
    assert state.phase_label == "Training" and state.step == 40
    assert status_line(state) == "Step 40 · loss 3.50 · 1:01 elapsed · about 2:10 left"
    assert overall_fraction(state) == pytest.approx(0.1 + 0.75 * 0.25)
    assert state.messages == ["Measuring", "Retraining", "Training", "step 40: held-out loss 3.4"]
    state.apply({"event": "phase", "phase": "export", "message": "Exporting"})  # stopped early
    assert status_line(state) == "Step 40 · loss 3.50 · 1:01 elapsed"  # no stale "2:10 left"
    state.apply({"event": "report", "report": {"old": {}, "new": {}}, "message": "table"})
    state.apply({"event": "done", "model_dir": "/s/new", "name": "Mine", "message": "Installed"})
    assert state.outcome == "done" and state.model_dir == "/s/new" and state.report is not None
    assert overall_fraction(state) == 1.0
    failed = RetrainState()
    failed.apply({"event": "error", "message": "disk full", "kind": "failed"})
    assert (failed.outcome, failed.error, failed.error_kind) == ("error", "disk full", "failed")

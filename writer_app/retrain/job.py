"""The app's side of a retraining run, without Qt: the command line, whether torch is
there (and how to install it), and the state built from the run's JSON progress lines.

The run itself is ``python -m training retrain ... --progress-json`` in a child process
(training/retrain.py); its events are described in training/retrain_events.py.
"""

from __future__ import annotations

import importlib.util
import json
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TRAINING_PACKAGES = ("torch", "onnx")  # onnx: int8 quantisation during export
# The one way to install torch for training and retraining, as pip's arguments: the
# version pyproject.toml's train extra pins, CPU-only build, from PyTorch's own index (the
# way PyTorch documents it). Plain `pip install torch`, or the pin from PyPI, fetches a
# multi-GB CUDA build on Linux. README.md ("Training needs PyTorch" and the retraining
# section) gives the same command; tests/retrain/test_job.py keeps the three in agreement.
TORCH_CPU_INSTALL = "torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu"
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
BUDGET_LABELS = {"quick": "Quick (up to about 3 minutes of training)",  # "up to": it may stop early
                 "thorough": "Thorough (up to about 15 minutes of training)"}
RUN_NICE = 10  # the editor and its suggestion engine (nice 5) come first


def missing_training_packages() -> list[str]:
    """The packages retraining needs that this Python lacks (found without importing)."""
    return [name for name in TRAINING_PACKAGES if importlib.util.find_spec(name) is None]


def install_command(python: str = sys.executable, root: Path = PROJECT_ROOT) -> str:
    """The exact shell command that installs the training extras for ``python``.

    torch first (``TORCH_CPU_INSTALL``: the pinned CPU build), so that what follows finds
    it installed and pip fetches no other build; then, from a source checkout, the
    project's ``[train]`` extra, otherwise the other packages by name.
    """
    py = shlex.quote(python)
    torch = f"{py} -m pip install {TORCH_CPU_INSTALL}"
    if (root / "pyproject.toml").is_file():
        return f"{torch} && {py} -m pip install -e {shlex.quote(str(root) + '[train]')}"
    return f"{torch} && {py} -m pip install onnx tqdm"


def install_hint(missing: Sequence[str], what: str = "Retraining") -> str:
    """A sentence saying what ``what`` needs that is missing and the command that installs it."""
    names = " and ".join(missing)
    return (f"{what} needs {names}, which {'is' if len(missing) == 1 else 'are'} not installed "
            f"for this Python. Install with:\n{install_command()}")


def build_command(*, base: Path, out: Path, paths: Sequence[Path], name: str, budget: str,
                  other_text: bool = False, python: str = sys.executable,
                  extra: Sequence[str] = ()) -> list[str]:
    """argv of the training run (``python -m training retrain``), JSON progress on."""
    argv = [python, "-m", "training", "retrain", "--base", str(base), "--out", str(out),
            "--name", name, "--budget", budget, "--nice", str(RUN_NICE), "--progress-json"]
    if other_text:
        argv.append("--other-text")
    return [*argv, *extra, "--", *(str(p) for p in paths)]


def parse_event(line: str) -> dict[str, Any] | None:
    """One progress line -> its event dict, or None for anything else (a warning a
    library printed, a partial line)."""
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) and isinstance(event.get("event"), str) else None


PHASES = {"prepare": "Reading your text", "measure_old": "Measuring the current model",
          "train": "Training", "export": "Exporting and checking the new model",
          "measure_new": "Measuring the new model", "install": "Installing"}


@dataclass
class RetrainState:
    """What the dialog shows, folded from the events in order.

    fraction: 0..1 of the phase (training's steps, a measurement's typing; 0 for the
    other phases); elapsed_s/remaining_s: seconds (remaining
    includes the export and the measurement still to come); outcome: "" while running,
    then "done", "error" or "cancelled".
    """

    phase: str = ""
    step: int = 0
    loss: float | None = None
    elapsed_s: float = 0.0
    remaining_s: float | None = None
    fraction: float = 0.0
    best_val_loss: float | None = None
    messages: list[str] = field(default_factory=list)
    report: dict[str, Any] | None = None
    model_dir: str = ""
    name: str = ""
    outcome: str = ""
    error: str = ""
    error_kind: str = ""
    steps_trained: int = 0
    best_step: int | None = None  # the step whose weights were kept ("trained")
    stopped_by: str = ""  # why training ended: early_stopping, time_budget or max_steps
    train_s: float | None = None  # seconds of training ("trained")
    total_s: float | None = None  # seconds of the whole run ("done")

    def apply(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        message = str(event.get("message", ""))
        if kind == "phase":
            self.phase, self.fraction = str(event.get("phase", "")), 0.0
            if self.phase != "train":  # training's estimate is stale once it stops (early)
                self.remaining_s = None
        elif kind == "measuring":
            self.fraction = min(1.0, max(0.0, _float(event.get("fraction")) or 0.0))
            return  # too frequent for the log
        elif kind == "progress":
            self.step = int(event.get("step", self.step))
            self.loss = _float(event.get("loss"))
            self.elapsed_s = _float(event.get("elapsed_s")) or 0.0
            self.remaining_s = _float(event.get("remaining_s"))
            self.fraction = min(1.0, max(0.0, _float(event.get("fraction")) or 0.0))
            return  # too frequent for the log
        elif kind == "eval":
            self.best_val_loss = _float(event.get("best_val_loss"))
        elif kind == "trained":
            self.fraction = 1.0
            self.steps_trained = int(event.get("steps", self.step))
            best = event.get("best_step")
            self.best_step = int(best) if isinstance(best, int | float) else None
            self.stopped_by = str(event.get("stopped_by", ""))
            self.train_s = _float(event.get("elapsed_s"))
        elif kind == "report":
            report = event.get("report")
            self.report = report if isinstance(report, dict) else None
        elif kind == "done":
            self.outcome, self.model_dir, self.name = "done", str(event.get("model_dir", "")), \
                str(event.get("name", ""))
            self.total_s = _float(event.get("seconds"))
        elif kind == "error":
            self.outcome, self.error = "error", message
            self.error_kind = str(event.get("kind", ""))
        elif kind == "cancelled":
            self.outcome = "cancelled"
        if message and kind != "report":
            self.messages.append(message)

    @property
    def phase_label(self) -> str:
        return PHASES.get(self.phase, self.phase)


def clock(seconds: float) -> str:
    """Seconds as M:SS."""
    s = max(0, int(round(seconds)))
    return f"{s // 60}:{s % 60:02d}"


def status_line(state: RetrainState) -> str:
    """"Step 120 · loss 3.41 · 1:20 elapsed · about 1:40 left" (parts known so far)."""
    parts = []
    if state.step:
        parts.append(f"Step {state.step}")
    if state.loss is not None:
        parts.append(f"loss {state.loss:.2f}")
    if state.elapsed_s:
        parts.append(f"{clock(state.elapsed_s)} elapsed")
    if state.remaining_s is not None:
        parts.append(f"about {clock(state.remaining_s)} left")
    return " · ".join(parts)


# A run the time budget stopped after fewer steps than this learnt little (testers' Quick
# runs on a busy 2-core machine trained 9-14 steps; an idle one trains QUICK_STEPS_QUIET:
# docs/RETRAIN.md, Conrad's novel, English model).
FEW_STEPS = 40
QUICK_STEPS_QUIET = 120

_STOPPED = {"early_stopping": "stopped early: it predicted your held-out text no better for a while",
            "time_budget": "the time chosen ran out"}


def duration_sentence(state: RetrainState) -> str:
    """"Trained 41 steps in 3:01 (stopped early: …), keeping step 30's weights; the whole run
    took 4:12." (the parts the run reported; '' when none). A tester read "Quick (about 3
    minutes)", saw training end after 35 s and nothing said why, nor which step was kept."""
    parts = []
    if state.train_s is not None:
        steps = state.steps_trained
        why = f" ({_STOPPED[state.stopped_by]})" if state.stopped_by in _STOPPED else ""
        kept = (f", keeping step {state.best_step:,}'s weights, the best on it"
                if state.best_step is not None and state.best_step != steps else "")
        parts.append(f"Trained {steps:,} step{'' if steps == 1 else 's'} in {clock(state.train_s)}{why}{kept}")
    if state.total_s is not None:
        parts.append(f"the whole run took {clock(state.total_s)}")
    text = "; ".join(parts)
    few = (f" Few steps fit in the time chosen (a quiet computer trains about {QUICK_STEPS_QUIET} in "
           "Quick): a longer retrain, with other programs closed, learns more of your writing."
           if state.stopped_by == "time_budget" and state.steps_trained < FEW_STEPS else "")
    return f"{text[:1].upper()}{text[1:]}.{few}" if text else ""


# Share of the whole run each phase ends at, for one progress bar over all phases.
PHASE_SPAN = {"prepare": (0.0, 0.02), "measure_old": (0.02, 0.1), "train": (0.1, 0.85),
              "export": (0.85, 0.92), "measure_new": (0.92, 0.99), "install": (0.99, 1.0)}


def overall_fraction(state: RetrainState) -> float:
    """0..1 over all phases (a phase's own fraction fills its span)."""
    if state.outcome == "done":
        return 1.0
    lo, hi = PHASE_SPAN.get(state.phase, (0.0, 0.0))
    return lo + (hi - lo) * state.fraction


def _float(v: Any) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None

"""Nothing leaves the machine: onnxruntime's telemetry stays off in every entry point.

onnxruntime 1.32's Linux wheel, once imported, writes a device id and an event queue under
``~/.cache/Microsoft/DeveloperTools/.onnxruntime/`` about 9 s later and tries to reach
Microsoft's collector, unless ``ORT_DISABLE_TELEMETRY=1`` was set before the import.
Each check runs in a subprocess with its own empty HOME and without the variable, so
only the package's own import can switch telemetry off.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "assets" / "en-default"
WAIT_S = 12  # onnxruntime writes its telemetry folder ~9 s after the import

# One script per entry point: import the package first (as its __main__ does), then use
# onnxruntime the way that entry point does, then stay alive past the telemetry delay.
SCRIPTS = {
    "editor engine (in process)": f"""
import writer_app.inference as inf
s = inf.Suggester.load({str(MODEL)!r})
s.propose("It was a dark and stormy")
""",
    "engine child process": f"""
from writer_app.engine.child_process import ProcessEngine
e = ProcessEngine.start({str(MODEL)!r}, threads=1)
from pathlib import Path; from writer_app.inference import DecodingConfig
e.suggest(Path({str(MODEL)!r}), "It was a dark and stormy", DecodingConfig())
import time; time.sleep({WAIT_S})
e.close()
""",
    "training": """
import training
import onnxruntime
""",
    "bench": """
import bench
import onnxruntime
""",
}


def _telemetry_files(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if "Microsoft" in p.parts or "onnxruntime" in p.name)


CONTROL = "bare onnxruntime (control)"


@pytest.mark.slow
def test_no_entry_point_writes_onnxruntime_telemetry(tmp_path: Path) -> None:
    """Each entry point runs in parallel with a control that imports onnxruntime alone: the
    control must write the telemetry folder (else this check proves nothing on this wheel)."""
    # A user's environment: no ORT_DISABLE_TELEMETRY, and none of a CI's variables either
    # (onnxruntime stays quiet when CI=true, which would let the control pass vacuously).
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}
    procs = {}
    for name, script in {**SCRIPTS, CONTROL: "import onnxruntime"}.items():
        home = tmp_path / name.replace(" ", "_").replace("(", "").replace(")", "")
        home.mkdir()
        code = script + f"\nimport time; time.sleep({WAIT_S})\n"
        procs[name] = (home, subprocess.Popen([sys.executable, "-c", code], cwd=REPO,
                                              env={**env, "HOME": str(home)},
                                              stderr=subprocess.PIPE))
    problems = []  # every process is checked, so one failure cannot hide another
    for name, (home, proc) in procs.items():
        _, err = proc.communicate(timeout=180)
        if proc.returncode != 0:
            problems.append(f"{name} failed: {err.decode(errors='replace')[-1500:]}")
        elif name == CONTROL and not _telemetry_files(home):
            problems.append("onnxruntime alone wrote no telemetry: the check proves nothing")
        elif name != CONTROL and _telemetry_files(home):
            problems.append(f"{name} wrote onnxruntime telemetry: {_telemetry_files(home)}")
    assert problems == []

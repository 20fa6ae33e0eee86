"""Importing writer_app puts numpy's OpenBLAS on one thread (writer_app.BLAS_ENV) before
numpy loads, for this process and the engine child; a value the user set is kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE = "import os, writer_app, numpy; print(os.environ.get('OPENBLAS_NUM_THREADS'))"


def _probe(extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", PROBE], env={**env, "PYTHONPATH": str(REPO), **extra},
                         cwd=REPO, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_openblas_gets_one_thread_unless_the_user_chose() -> None:
    assert _probe({}) == "1"
    assert _probe({"OPENBLAS_NUM_THREADS": "3"}) == "3"

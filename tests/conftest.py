"""Shared fixtures. The tiny model is built once per test session (a few seconds)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

import writer_app  # noqa: F401  (switches off onnxruntime telemetry for the test session)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No per-example deadline: the 200 ms default failed the suite on a loaded 2-core machine.
# Property tests are about behaviour, never speed.
settings.register_profile("inkling", deadline=None)
settings.load_profile("inkling")
sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parent.parent
TINY_MODEL = REPO / "tests" / "data" / "tiny-model"
DEFAULT_MODEL = REPO / "assets" / "en-default"
CHINESE_MODEL = REPO / "assets" / "zh-default"


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder (fp32 ONNX, 400-token vocab) trained on tests/tiny_model.SENTENCES:
    a session copy of the committed TINY_MODEL (tests may edit it; the original stays)."""
    if not (TINY_MODEL / "model.json").is_file():
        pytest.fail(f"the committed tiny test model is missing: {TINY_MODEL} "
                    "(tests/data/make_tiny_model.py makes it)")
    return Path(shutil.copytree(TINY_MODEL, tmp_path_factory.mktemp("tiny") / "model"))


@pytest.fixture(scope="session")
def default_model_dir() -> Path:
    """The shipped English model in assets/."""
    if not (DEFAULT_MODEL / "model.json").is_file():
        pytest.fail(f"the shipped model is missing: {DEFAULT_MODEL}")
    return DEFAULT_MODEL


@pytest.fixture(scope="session")
def zh_model_dir() -> Path:
    """The shipped Chinese model in assets/."""
    if not (CHINESE_MODEL / "model.json").is_file():
        pytest.fail(f"the shipped Chinese model is missing: {CHINESE_MODEL}")
    return CHINESE_MODEL

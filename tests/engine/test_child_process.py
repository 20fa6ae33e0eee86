"""The engine in a child process gives the same answers as in this process, and the child
never outlives the editor."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from writer_app.engine.child_process import EngineLoadError, EngineProcessError, ProcessEngine
from writer_app.engine.interface import Engine, ModelUnavailableError
from writer_app.engine.model_set import ModelSet
from writer_app.inference import DecodingConfig, RuntimeOptions, Suggester

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def engine(tiny_model_dir: Path):  # noqa: ANN201
    eng = ProcessEngine.start(tiny_model_dir, threads=1)
    yield eng
    eng.close()


def test_both_engines_are_the_one_engine_interface(engine: ProcessEngine) -> None:
    assert isinstance(engine, Engine) and isinstance(ModelSet(), Engine)


def test_same_suggestions_as_in_process(engine: ProcessEngine, tiny_model_dir: Path) -> None:
    local = Suggester.load(tiny_model_dir)
    config = DecodingConfig(threshold=0.0, beam_width=3, max_tokens=8)
    assert engine.name == local.name
    for text in ["The quick brown", "She walked to the", "我们明天", "Thank you for your le"]:
        assert engine.suggest(tiny_model_dir, text, config) == local.suggest(text, config=config)


def test_the_config_travels_with_each_request(engine: ProcessEngine, tiny_model_dir: Path) -> None:
    """No setter: two configs alternate call by call and each answer follows its own."""
    local = Suggester.load(tiny_model_dir)
    default = local.config
    wide, narrow = DecodingConfig(threshold=0.0, max_tokens=8), DecodingConfig(threshold=0.0, max_tokens=1)
    for config in (wide, narrow, wide):
        assert engine.suggest(tiny_model_dir, "She walked to the", config) == local.suggest(
            "She walked to the", config=config)
    assert local.config == default  # suggest(config=...) leaves the default alone


def test_bad_config_is_reported_and_the_engine_keeps_serving(engine: ProcessEngine,
                                                             tiny_model_dir: Path) -> None:
    with pytest.raises(EngineProcessError, match="beam_width"):
        engine.suggest(tiny_model_dir, "The weather was", DecodingConfig(beam_width=33))
    assert engine.suggest(tiny_model_dir, "The weather was", DecodingConfig(threshold=0.0)) is not None


def test_missing_model_says_why(tmp_path: Path) -> None:
    with pytest.raises(EngineLoadError, match=f"The model folder {tmp_path / 'nope'} does not exist"):
        ProcessEngine.start(tmp_path / "nope")


def test_a_dead_child_is_reported(engine: ProcessEngine, tiny_model_dir: Path) -> None:
    os.kill(engine.pid, signal.SIGKILL)
    with pytest.raises(EngineProcessError, match="stopped|lost contact"):
        engine.suggest(tiny_model_dir, "The quick", DecodingConfig())


def test_close_ends_the_child(engine: ProcessEngine) -> None:
    pid = engine.pid
    engine.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


PARENT = """
import os, sys, time
from writer_app.engine.child_process import ProcessEngine
e = ProcessEngine.start(None, threads=1, nice=3)
print(e.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_the_child_exits_when_the_editor_is_killed(tmp_path: Path) -> None:
    """kill -9 of the editor: no close(), no atexit; the child notices and exits. It runs
    at the asked-for nice level and with onnxruntime's telemetry off (spawn re-imports)."""
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True,
                              cwd=REPO, env={**env, "PYTHONPATH": str(REPO)})
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert _alive(child)
        with open(f"/proc/{child}/environ", "rb") as f:
            assert b"ORT_DISABLE_TELEMETRY=1" in f.read().split(b"\0")
        assert os.getpriority(os.PRIO_PROCESS, child) - os.getpriority(os.PRIO_PROCESS, parent.pid) == 3
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 60  # a bound for a stuck test, not a speed check
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        parent.kill()
        parent.wait()


def test_a_missing_second_model_is_reported_and_the_first_keeps_serving(
        engine: ProcessEngine, tiny_model_dir: Path, tmp_path: Path) -> None:
    config = DecodingConfig(threshold=0.0)
    with pytest.raises(ModelUnavailableError, match="does not exist") as info:
        engine.suggest(tmp_path / "no-zh", "我们明天", config)
    assert isinstance(info.value, EngineLoadError) and info.value.folder == tmp_path / "no-zh"
    with pytest.raises(EngineLoadError, match="does not exist"):
        engine.load(tmp_path / "no-zh")
    assert engine.suggest(tiny_model_dir, "The weather was", config) is not None


@pytest.mark.slow
def test_each_request_names_its_model(default_model_dir: Path, zh_model_dir: Path) -> None:
    """The shipped models end to end: a Chinese prefix is continued by the Chinese model
    and an English one by the English model, in one child started without a model."""
    config = DecodingConfig(threshold=0.0)
    local = {}
    for folder in (default_model_dir, zh_model_dir):
        # one intra-op thread, as in the child: int8 GEMMs split over threads round differently
        local[folder] = Suggester.load(folder, config, options=RuntimeOptions(intra_op_threads=1))
    child = ProcessEngine.start(None, threads=1)
    try:
        assert child.name == ""
        assert child.load(default_model_dir) == "inkling-en-default" and child.name == "inkling-en-default"
        for text in ["他说：“我们明天", "我们明天去北京，"]:
            got = child.suggest(zh_model_dir, text, config)
            assert got == local[zh_model_dir].suggest(text) != local[default_model_dir].suggest(text)
        text = "She had never seen anything so beauti"
        got = child.suggest(default_model_dir, text, config)
        assert got == local[default_model_dir].suggest(text) and got.text.startswith("ful")
    finally:
        child.close()

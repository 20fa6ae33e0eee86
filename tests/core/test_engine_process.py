"""The engine in a child process gives the same answers as in this process."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from writer_app.core.engine_process import EngineLoadError, EngineProcessError, ProcessEngine
from writer_app.core.model_set import ModelUnavailableError
from writer_app.inference import DecodingConfig, RuntimeOptions, Suggester


@pytest.fixture
def engine(tiny_model_dir: Path):  # noqa: ANN201
    eng = ProcessEngine.start(tiny_model_dir, threads=1)
    yield eng
    eng.close()


def test_same_suggestions_as_in_process(engine: ProcessEngine, tiny_model_dir: Path) -> None:
    local = Suggester.load(tiny_model_dir)
    config = DecodingConfig(threshold=0.0, beam_width=3, max_tokens=8)
    local.config = config
    engine.set_config(config)
    assert engine.name == local.name
    for text in ["The quick brown", "She walked to the", "我们明天", "Thank you for your le"]:
        assert engine.suggest(text) == local.suggest(text)


def test_bad_config_is_reported_and_the_engine_keeps_serving(engine: ProcessEngine) -> None:
    with pytest.raises(EngineProcessError, match="beam_width"):
        engine.set_config(DecodingConfig(beam_width=33))
    engine.set_config(DecodingConfig(threshold=0.0))
    assert engine.suggest("The weather was") is not None


def test_missing_model_says_why(tmp_path: Path) -> None:
    with pytest.raises(EngineLoadError, match="not found"):
        ProcessEngine.start(tmp_path / "nope")


def test_a_dead_child_is_reported(engine: ProcessEngine) -> None:
    os.kill(engine.pid, signal.SIGKILL)
    with pytest.raises(EngineProcessError, match="stopped|lost contact"):
        engine.suggest("The quick")


def test_close_ends_the_child(engine: ProcessEngine) -> None:
    pid = engine.pid
    engine.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_missing_second_model_is_reported_and_the_first_keeps_serving(
        engine: ProcessEngine, tiny_model_dir: Path, tmp_path: Path) -> None:
    engine.set_config(DecodingConfig(threshold=0.0))
    with pytest.raises(ModelUnavailableError, match="not found") as info:
        engine.suggest_with(tmp_path / "no-zh", "我们明天")
    assert isinstance(info.value, EngineLoadError) and info.value.folder == tmp_path / "no-zh"
    with pytest.raises(EngineLoadError, match="not found"):
        engine.load(tmp_path / "no-zh")
    assert engine.suggest_with(tiny_model_dir, "The weather was") == engine.suggest("The weather was")


@pytest.mark.slow
def test_each_request_names_its_model(default_model_dir: Path, zh_model_dir: Path) -> None:
    """The shipped models end to end: a Chinese prefix is continued by the Chinese model
    and an English one by the English model, in one child started without a model."""
    config = DecodingConfig(threshold=0.0)
    local = {}
    for folder in (default_model_dir, zh_model_dir):
        # one intra-op thread, as in the child: int8 GEMMs split over threads round differently
        local[folder] = Suggester.load(folder, options=RuntimeOptions(intra_op_threads=1))
        local[folder].config = config
    child = ProcessEngine.start(None, threads=1)
    try:
        assert child.name == ""
        child.set_config(config)
        assert child.load(default_model_dir) == "inkling-en-default" and child.name == "inkling-en-default"
        for text in ["他说：“我们明天", "我们明天去北京，"]:
            got = child.suggest_with(zh_model_dir, text)
            assert got == local[zh_model_dir].suggest(text) != local[default_model_dir].suggest(text)
        text = "She had never seen anything so beauti"
        got = child.suggest_with(default_model_dir, text)
        assert got == local[default_model_dir].suggest(text) and got.text.startswith("ful")
    finally:
        child.close()

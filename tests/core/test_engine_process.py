"""The engine in a child process gives the same answers as in this process."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from writer_app.core.engine_process import EngineLoadError, EngineProcessError, ProcessEngine
from writer_app.inference import DecodingConfig, Suggester


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
        engine.set_config(DecodingConfig(beam_width=0))
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

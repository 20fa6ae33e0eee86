"""Fixtures of the inference tests: an int8 variant of the tiny model."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from tokenizers import Tokenizer


class RecordingTokenizer:
    """A real tokenizer that records the length of every text it encodes (everything
    else is the tokenizer's own)."""

    def __init__(self, tok: Tokenizer) -> None:
        self.tok, self.lengths = tok, []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tok, name)

    def encode(self, text: str, *args: Any, **kw: Any) -> Any:
        self.lengths.append(len(text))
        return self.tok.encode(text, *args, **kw)


@pytest.fixture
def recording() -> type[RecordingTokenizer]:
    """RecordingTokenizer, for tests that count what is encoded."""
    return RecordingTokenizer


@pytest.fixture(scope="session")
def tiny_int8_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model with dynamically quantized (QInt8) weights, as the shipped model has:
    a session copy of the committed tests/data/tiny-model-int8.

    Dynamic quantization computes activation scales per call, so an int8 model's results
    depend on how a sequence is split into calls: the case the state cache must handle.
    """
    src = Path(__file__).resolve().parents[1] / "data" / "tiny-model-int8"
    if not (src / "model.json").is_file():
        pytest.fail(f"the committed int8 tiny test model is missing: {src} "
                    "(tests/data/make_tiny_model.py makes it)")
    return Path(shutil.copytree(src, tmp_path_factory.mktemp("tiny-int8") / "model"))


@pytest.fixture(scope="session")
def english_model_dir(request: pytest.FixtureRequest) -> Path:
    """The shipped English model (assets/en-default), or the folder named by the
    INKLING_TEST_MODEL environment variable (to try a model before it ships)."""
    override = os.environ.get("INKLING_TEST_MODEL")
    if override:
        return Path(override)
    return request.getfixturevalue("default_model_dir")

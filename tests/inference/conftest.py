"""Fixtures of the inference tests: an int8 variant of the tiny model."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import pytest

from writer_app.inference.model_folder import sha256_file


@pytest.fixture(scope="session")
def tiny_int8_model_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model with dynamically quantized (QInt8) weights, as the shipped model has.

    Dynamic quantization computes activation scales per call, so an int8 model's results
    depend on how a sequence is split into calls: the case the state cache must handle.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    dst = tmp_path_factory.mktemp("tiny-int8") / "model"
    shutil.copytree(tiny_model_dir, dst)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(str(tiny_model_dir / "model.onnx"), str(dst / "model.onnx"),
                         weight_type=QuantType.QInt8)
    finally:
        root.setLevel(level)
    card = json.loads((dst / "model.json").read_text())
    card["onnx"].update(sha256=sha256_file(dst / "model.onnx"), precision="int8")
    (dst / "model.json").write_text(json.dumps(card, indent=2))
    return dst


@pytest.fixture(scope="session")
def english_model_dir(request: pytest.FixtureRequest) -> Path:
    """The shipped English model (assets/en-default), or the folder named by the
    INKLING_TEST_MODEL environment variable (to try a model before it ships)."""
    override = os.environ.get("INKLING_TEST_MODEL")
    if override:
        return Path(override)
    return request.getfixturevalue("default_model_dir")

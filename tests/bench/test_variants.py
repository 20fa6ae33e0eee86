"""bench/variants.py: a model's listed variant as a model folder of its own, its card
written through ModelCard."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.variants import variant_folder
from writer_app.inference.lm_session import OnnxLanguageModel
from writer_app.inference.model_card import ModelCard
from writer_app.inference.model_folder import sha256_file


def test_variant_folder_loads_and_names_its_variant(tiny_model_dir: Path, tmp_path: Path) -> None:
    model = shutil.copytree(tiny_model_dir, tmp_path / "model")
    shutil.copy(model / "model.onnx", model / "model-fp32.onnx")
    card = json.loads((model / "model.json").read_text(encoding="utf-8"))
    card["onnx"]["variants"] = {"fp32": {"file": "model-fp32.onnx",
                                         "sha256": sha256_file(model / "model-fp32.onnx")}}
    (model / "model.json").write_text(json.dumps(card), encoding="utf-8")
    out = variant_folder(model, "fp32")
    try:
        written = ModelCard.read(out)
        assert written.name == f"{card['name']} (fp32)"
        assert (written.onnx.file, written.onnx.precision) == ("model.onnx", "fp32")
        assert OnnxLanguageModel.load(out).card == written
        with pytest.raises(KeyError):
            variant_folder(model, "int4")
    finally:
        shutil.rmtree(out)

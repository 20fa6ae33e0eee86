"""A model folder's fp32 variant as a folder of its own (the card lists it)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from writer_app.inference.model_folder import load_card_json


def variant_folder(model_dir: Path, variant: str) -> Path:
    """A temporary model folder whose model.onnx is ``model_dir``'s variant file.

    The card's ``onnx.variants.<variant>`` names the file and its checksum (the export
    writes model-fp32.onnx beside an int8 model.onnx). Files are symlinked, not copied.
    Raises KeyError if the card lists no such variant, ModelLoadError if the card is
    unreadable or over MAX_CARD_BYTES.
    """
    card = load_card_json(model_dir)
    info = card["onnx"]["variants"][variant]
    out = Path(tempfile.mkdtemp(prefix=f"inkling-{variant}-"))
    card["onnx"].update(file="model.onnx", sha256=info.get("sha256"), precision=variant)
    card["name"] = f"{card['name']} ({variant})"
    (out / "model.json").write_text(json.dumps(card), encoding="utf-8")
    os.symlink((model_dir / info["file"]).resolve(), out / "model.onnx")
    os.symlink((model_dir / "tokenizer.json").resolve(), out / "tokenizer.json")
    return out

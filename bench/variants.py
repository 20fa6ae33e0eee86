"""A model folder's fp32 variant as a folder of its own (the card lists it)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path

from writer_app.inference.model_card import ModelCard


def variant_folder(model_dir: Path, variant: str) -> Path:
    """A temporary model folder whose model.onnx is ``model_dir``'s variant file.

    The card's ``onnx.variants.<variant>`` names the file and its checksum (the export
    writes model-fp32.onnx beside an int8 model.onnx). Files are symlinked, not copied.
    Raises KeyError if the card lists no such variant, ModelLoadError if the card is
    unreadable, invalid or over MAX_CARD_BYTES.
    """
    card = ModelCard.read(model_dir)
    info = card.onnx.variants[variant]
    out = Path(tempfile.mkdtemp(prefix=f"inkling-{variant}-"))
    onnx = replace(card.onnx, file="model.onnx", sha256=info.sha256, precision=variant)
    replace(card, name=f"{card.name} ({variant})", onnx=onnx).write(out)
    os.symlink((model_dir / info.file).resolve(), out / "model.onnx")
    os.symlink((model_dir / "tokenizer.json").resolve(), out / "tokenizer.json")
    return out

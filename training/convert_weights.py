"""Convert model folders' weights.pt to the int8 per-row format, in place.

    python -m training.convert_weights assets/en-default assets/zh-default

For each folder: weights.pt (float16 or float32 state_dict) is rewritten by
training.weights_codec.encode_payload (int8, one float32 scale per row; 1-D tensors
float16) and the card's ``weights`` entry says so. model.onnx and tokenizer.json are not
touched, nor is any other field of model.json (the card is read and written by the app's
own ModelCard, which reproduces the file byte for byte). A folder already converted is
left as it is. Both files are written atomically: weights.pt first, then the card.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import torch

from training.checkpoint import save_checkpoint
from training.errors import TrainingError
from training.weights_codec import CARD_ENTRY, FORMAT_KEY, INT8_ROW, encode_payload
from writer_app.inference.model_card import ModelCard


def convert_folder(folder: Path) -> tuple[int, int]:
    """Rewrite ``folder/weights.pt`` in INT8_ROW and update ``folder/model.json``'s weights entry.

    Returns (bytes before, bytes after) of weights.pt (equal when it was already converted).
    Raises TrainingError when the folder has no weights.pt or it is not a checkpoint;
    ModelLoadError when the card does not read; OSError when a file cannot be written.
    """
    path = folder / "weights.pt"
    if not path.is_file():
        raise TrainingError(f"{folder} has no weights.pt")
    before = path.stat().st_size
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:
        raise TrainingError(f"{path} is not a readable checkpoint ({type(exc).__name__})") from exc
    if not isinstance(payload, dict) or "model_state" not in payload:
        raise TrainingError(f"{path} is not an Inkling checkpoint")
    if payload.get(FORMAT_KEY) != INT8_ROW:
        save_checkpoint(path, encode_payload(payload))
    card = ModelCard.read(folder)
    entry = {**(card.weights or {"file": "weights.pt"}), **CARD_ENTRY}
    if card.weights != entry:
        card.merged({"weights": entry}).write(folder)
    return before, path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """Command line: convert each folder given; exit status 0, or 2 after a one-line error."""
    parser = argparse.ArgumentParser(prog="python -m training.convert_weights",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, metavar="MODEL_DIR")
    args = parser.parse_args(argv)
    for folder in args.folders:
        try:
            before, after = convert_folder(folder)
        except (TrainingError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"{folder}: weights.pt {before:,} -> {after:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

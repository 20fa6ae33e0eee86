"""Regenerate tests/data/tiny-model, the model folder the app's tests use.

The folder is committed so that the core, inference and UI tests need neither torch nor
a training run: torch's CPU kernels differ between processors (Intel or AMD, AVX-512 or
AVX2), so the same seed trains a different tiny model on another machine and the tests
that pin its suggestions would move with it. Regenerate only on purpose, then run the
whole suite and commit the folder with what the tests expect of it.

    pip install torch==2.13.0 && pip install -e '.[train,test]'
    python tests/data/make_tiny_model.py            # writes tests/data/tiny-model

The model: tests/tiny_model.py (V=400, E=64, H=64, L=2, fp32 ONNX) trained on its
SENTENCES; the card's data source names that file instead of a temporary folder.
Beside it, tests/data/tiny-model-int8: the same model with dynamically quantized (QInt8)
weights, as the shipped models have (onnxruntime.quantization, which needs onnx).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/, for tiny_model

from tiny_model import TINY_MODEL_STEPS, build_tiny_model  # noqa: E402

OUT = HERE / "tiny-model"
INT8_NAME = "tiny-model-int8"  # written beside OUT
SOURCE = "tests/tiny_model.py (write_tiny_corpus of SENTENCES)"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=OUT, help=f"model folder to (re)write (default {OUT})")
    p.add_argument("--steps", type=int, default=TINY_MODEL_STEPS, help="training steps")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tiny-model-") as tmp:
        built = build_tiny_model(Path(tmp), steps=args.steps)
        card_path = built / "model.json"
        card = json.loads(card_path.read_text(encoding="utf-8"))
        for source in card.get("training", {}).get("data", []):
            source["source"] = SOURCE
        card_path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        int8 = args.out.parent / INT8_NAME
        for folder in (args.out, int8):
            if folder.exists():
                shutil.rmtree(folder)
        shutil.copytree(built, args.out)
        write_int8(args.out, int8)
    for folder in (args.out, int8):
        size = sum(f.stat().st_size for f in folder.iterdir())
        print(f"wrote {folder} ({size / 1024:.0f} KiB)")
    return 0


def write_int8(src: Path, dst: Path) -> None:
    """The model folder ``src`` with QInt8 weights at ``dst`` (no weights.pt: inference only)."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    from writer_app.inference.model_folder import sha256_file

    dst.mkdir(parents=True)
    shutil.copy(src / "tokenizer.json", dst / "tokenizer.json")
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its advice to pre-process does not apply to an LSTM
    try:
        quantize_dynamic(str(src / "model.onnx"), str(dst / "model.onnx"), weight_type=QuantType.QInt8)
    finally:
        root.setLevel(level)
    card = json.loads((src / "model.json").read_text(encoding="utf-8"))
    card["onnx"].update(sha256=sha256_file(dst / "model.onnx"), precision="int8",
                        bytes=(dst / "model.onnx").stat().st_size)
    card.pop("weights", None)
    (dst / "model.json").write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())

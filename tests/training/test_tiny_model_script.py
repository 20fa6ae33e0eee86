"""tests/data/make_tiny_model.py still makes the committed tiny model folders."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from writer_app.inference import DecodingConfig, Suggester

DATA = Path(__file__).resolve().parents[1] / "data"


def test_the_script_remakes_both_folders_as_committed(tmp_path: Path) -> None:
    """A short run (the committed model trains longer): the same files, the same tokenizer
    (BPE training does not depend on the processor), the same sizes, and both folders load."""
    spec = importlib.util.spec_from_file_location("make_tiny_model", DATA / "make_tiny_model.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = tmp_path / "tiny-model"
    assert script.main(["--out", str(out), "--steps", "40"]) == 0
    for name in ("tiny-model", "tiny-model-int8"):
        made, committed = tmp_path / name, DATA / name
        assert sorted(p.name for p in made.iterdir()) == sorted(p.name for p in committed.iterdir())
        assert (made / "tokenizer.json").read_bytes() == (committed / "tokenizer.json").read_bytes()
        card, known = (json.loads((f / "model.json").read_text(encoding="utf-8")) for f in (made, committed))
        assert card["architecture"] == known["architecture"] and card["onnx"]["precision"] == known["onnx"]["precision"]
        assert card["training"]["data"][0]["source"] == known["training"]["data"][0]["source"] == script.SOURCE
        assert Suggester.load(made, config=DecodingConfig(threshold=0.0)).propose("The") is not None

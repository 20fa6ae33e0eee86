"""Suggester.load refuses a broken model folder with ModelLoadError and a useful message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from writer_app.inference import ModelLoadError, Suggester
from writer_app.inference.model_folder import sha256_file


@pytest.fixture()
def folder(tiny_model_dir: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "model"
    shutil.copytree(tiny_model_dir, dst)
    return dst


def _edit_card(folder: Path, edit: dict[str, object]) -> None:
    card = json.loads((folder / "model.json").read_text())
    for path, value in edit.items():
        node = card
        *parents, leaf = path.split(".")
        for key in parents:
            node = node[key]
        node[leaf] = value
    (folder / "model.json").write_text(json.dumps(card))


def test_the_copy_loads(folder: Path) -> None:
    assert Suggester.load(folder).name == "tiny-test-model"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="not found"):
        Suggester.load(tmp_path / "nowhere")


@pytest.mark.parametrize("name", ["model.json", "model.onnx", "tokenizer.json"])
def test_missing_file(folder: Path, name: str) -> None:
    (folder / name).unlink()
    with pytest.raises(ModelLoadError, match=name.replace(".", r"\.")):
        Suggester.load(folder)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"architecture.vocab_size": 500}, "tokens but model.json says 500"),
        ({"architecture.hidden_size": 32}, "hidden size"),
        ({"architecture.num_layers": 3}, "layers"),
        ({"format_version": 99}, "format version"),
    ],
)
def test_card_disagrees_with_the_files(folder: Path, edit: dict[str, object], message: str) -> None:
    _edit_card(folder, edit)
    if "architecture.hidden_size" in edit or "architecture.num_layers" in edit:
        # the checksum is right, the sizes are not: the ONNX signature check catches it
        pass
    with pytest.raises(ModelLoadError, match=message):
        Suggester.load(folder)


def test_corrupt_onnx_caught_by_checksum(folder: Path) -> None:
    data = bytearray((folder / "model.onnx").read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = b"\x00garbage" * 8
    (folder / "model.onnx").write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="corrupt"):
        Suggester.load(folder)


def test_garbage_onnx_without_checksum(folder: Path) -> None:
    _edit_card(folder, {"onnx.sha256": None})
    (folder / "model.onnx").write_bytes(b"this is not an ONNX protobuf" * 100)
    with pytest.raises(ModelLoadError, match="not a loadable ONNX model"):
        Suggester.load(folder)


def test_truncated_onnx_without_checksum(folder: Path) -> None:
    _edit_card(folder, {"onnx.sha256": None})
    data = (folder / "model.onnx").read_bytes()
    (folder / "model.onnx").write_bytes(data[: len(data) // 3])
    with pytest.raises(ModelLoadError):
        Suggester.load(folder)


def test_unreadable_card(folder: Path) -> None:
    (folder / "model.json").write_text("{not json")
    with pytest.raises(ModelLoadError, match="not JSON"):
        Suggester.load(folder)


def test_tokenizer_that_is_not_byte_level(folder: Path) -> None:
    from tokenizers import Tokenizer, models

    vocab = {f"w{i}": i for i in range(400)}
    Tokenizer(models.WordLevel(vocab, unk_token="w0")).save(str(folder / "tokenizer.json"))
    with pytest.raises(ModelLoadError, match="checksum differs"):
        Suggester.load(folder)
    card = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    card["tokenizer"]["sha256"] = sha256_file(folder / "tokenizer.json")  # a consistent folder
    (folder / "model.json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelLoadError, match="byte-level"):
        Suggester.load(folder)

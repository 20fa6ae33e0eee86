"""Suggester.load refuses a broken model folder with ModelLoadError and a useful message."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from writer_app.inference import ModelLoadError, Suggester
from writer_app.inference.model_folder import WHAT_TO_DO, sha256_file


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
    with pytest.raises(ModelLoadError, match="not valid JSON"):
        Suggester.load(folder)


def test_a_card_cut_in_half_says_what_to_do(folder: Path) -> None:
    """A tester's model.json cut in half: the status bar said only "…/model.json is
    unreadable or not JSON: Unterminated string starting at: line 165 column 11 (char 4527)"."""
    card = folder / "model.json"
    card.write_bytes(card.read_bytes()[: card.stat().st_size // 2])
    with pytest.raises(ModelLoadError) as err:
        Suggester.load(folder)
    text = str(err.value)
    assert text.startswith(f"{card} is not a usable model card: it is damaged: not valid JSON (")
    assert "(char " not in text and text.endswith(WHAT_TO_DO)
    assert "Model → Use Default Model" in WHAT_TO_DO and "Model → Manage Models…" in WHAT_TO_DO


@pytest.mark.parametrize(("text", "said"), [
    ('{"name": "my-wri', "(Unterminated string starting at line 1 column 10)"),
    ('{"name": "a\tb"}', "(Invalid control character at line 1 column 12)"),
    ('{"name": ', "(Expecting value at line 1 column 10)"),
])
def test_a_damaged_card_is_said_in_one_sentence(folder: Path, text: str, said: str) -> None:
    """A tester read "Unterminated string starting at at line 165": json's own message ends
    with "at" for some errors."""
    (folder / "model.json").write_text(text, encoding="utf-8")
    with pytest.raises(ModelLoadError) as err:
        Suggester.load(folder)
    assert f"it is damaged: not valid JSON {said}." in str(err.value) and " at at " not in str(err.value)


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


# ---------------------------------------------------------------- issue 15, point 12


def _card(folder: Path) -> dict:
    return json.loads((folder / "model.json").read_text(encoding="utf-8"))


def _pad_card_to(folder: Path, size: int) -> None:
    """Make model.json exactly ``size`` bytes of valid JSON (a long "padding" field)."""
    card = _card(folder)
    card["padding"] = ""
    bare = len(json.dumps(card).encode())
    card["padding"] = "x" * (size - bare)
    (folder / "model.json").write_text(json.dumps(card), encoding="utf-8")
    assert (folder / "model.json").stat().st_size == size


def test_an_oversized_card_is_refused_by_every_app_reader(folder: Path) -> None:
    """One size limit, checked before the card is read, for loading, listing and routing."""
    from writer_app.engine.model_choice import read_card_info
    from writer_app.inference.model_folder import MAX_CARD_BYTES, card_json, load_card_json
    from writer_app.retrain.model_store import read_version

    _pad_card_to(folder, MAX_CARD_BYTES + 1)
    with pytest.raises(ModelLoadError, match=r"is not a usable model card: it is larger than "
                                             r"1,024 KB .*so it was not read"):
        Suggester.load(folder)
    with pytest.raises(ModelLoadError, match="larger than"):
        load_card_json(folder)
    assert card_json(folder) is None and read_version(folder) is None
    info = read_card_info(folder)
    assert (info.name, info.readable) == ("model", False)


def test_a_card_of_exactly_the_limit_loads(folder: Path) -> None:
    from writer_app.inference.model_folder import MAX_CARD_BYTES

    _pad_card_to(folder, MAX_CARD_BYTES)
    assert Suggester.load(folder).name == "tiny-test-model"


PYTHON_INTERNALS = ("has no attribute", "out of bounds", "indices must be", "object is not",
                    "int() argument", "invalid literal", "Python int")


@pytest.mark.parametrize(
    ("card", "message"),
    [
        ([1, 2], "it holds a JSON list where a JSON object belongs"),
        ("a string", "it holds a JSON string where a JSON object belongs"),
        ({"architecture": [64, 2]}, '"architecture" must be a JSON object, not a list'),
        ({"architecture.vocab_size": "400"}, '"architecture.vocab_size" must be a whole number from 1 '),
        ({"architecture.hidden_size": 1e308}, '"architecture.hidden_size" must be a whole number'),
        ({"architecture.num_layers": True}, '"architecture.num_layers" must be a whole number'),
        ({"tokenizer.special_tokens.bos.id": 400}, '"tokenizer.special_tokens.bos.id" must be a whole '
                                                   "number from 0 to 399, not 400"),
        ({"tokenizer.special_tokens.eos.id": 10**9}, "from 0 to 399, not 1000000000"),
        ({"tokenizer.special_tokens": None}, '"tokenizer.special_tokens" must be a JSON object, not a null'),
        ({"onnx.file": ["model.onnx"]}, '"onnx.file" must be a non-empty string, not \\["model.onnx"\\]'),
        ({"onnx.sha256": 12}, '"onnx.sha256" must be a string, not 12'),
        ({"name": None}, '"name" must be a non-empty string, not null'),
    ],
)
def test_a_malformed_card_gets_a_sentence(folder: Path, card: object, message: str) -> None:
    if isinstance(card, dict):
        _edit_card(folder, card)
    else:
        (folder / "model.json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelLoadError) as info:
        Suggester.load(folder).suggest("The quick brown")
    text = str(info.value)
    assert f"{folder / 'model.json'} is not a usable model card: " in text
    assert re.search(message, text), text
    assert text.endswith(WHAT_TO_DO)
    assert not any(bit in text for bit in PYTHON_INTERNALS), text


@pytest.mark.parametrize("where", ["../model.onnx", "{outside}", "sub/../../model.onnx"])
def test_the_onnx_file_may_not_point_outside_the_folder(folder: Path, where: str) -> None:
    from writer_app.retrain.model_store import read_version

    outside = folder.parent / "model.onnx"
    shutil.copy(folder / "model.onnx", outside)  # a loadable file is there: only the rule stops it
    (folder / "sub").mkdir()
    _edit_card(folder, {"onnx.file": where.format(outside=outside)})
    with pytest.raises(ModelLoadError, match='"onnx.file" must name a file inside the model folder'):
        Suggester.load(folder)
    assert read_version(folder) is None  # not listed as an installed model either


def test_a_file_in_a_subfolder_is_inside(folder: Path) -> None:
    (folder / "onnx").mkdir()
    (folder / "model.onnx").rename(folder / "onnx" / "model.onnx")
    _edit_card(folder, {"onnx.file": "onnx/model.onnx"})
    assert Suggester.load(folder).name == "tiny-test-model"


def test_a_model_whose_scores_are_nan_is_reported_unusable(folder: Path) -> None:
    from tiny_model import poison_with_nan

    poison_with_nan(folder)
    with pytest.raises(ModelLoadError, match="is unusable: its scores are NaN") as info:
        Suggester.load(folder)
    assert "choose another model" in str(info.value)

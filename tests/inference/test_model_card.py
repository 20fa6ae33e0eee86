"""The one model-card schema (writer_app/inference/model_card.py): every card round-trips
through ModelCard unchanged, read is strict and says why in a sentence, try_read is
lenient, and a card names its training data relative to the corpora root."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path, PurePosixPath

import pytest

from writer_app.engine.model_choice import read_card_info
from writer_app.inference.card_file import CARD_NAME, MAX_CARD_BYTES, WHAT_TO_DO, ModelLoadError
from writer_app.inference.card_sections import DataSource, KeystrokeFigures
from writer_app.inference.model_card import ModelCard
from writer_app.retrain.model_store import read_version

REPO = Path(__file__).resolve().parents[2]
CARDS = [REPO / "assets" / "en-default", REPO / "assets" / "zh-default",
         REPO / "tests" / "data" / "tiny-model", REPO / "tests" / "data" / "tiny-model-int8"]


def _raw(folder: Path) -> dict:
    return json.loads((folder / CARD_NAME).read_text(encoding="utf-8"))


def _with_card(src: Path, dst: Path, card: dict | str) -> Path:
    shutil.copytree(src, dst)
    text = card if isinstance(card, str) else json.dumps(card, ensure_ascii=False)
    (dst / CARD_NAME).write_text(text, encoding="utf-8")
    return dst


@pytest.mark.parametrize("folder", CARDS, ids=lambda p: p.name)
def test_every_committed_card_round_trips_byte_for_byte(folder: Path) -> None:
    text = (folder / CARD_NAME).read_text(encoding="utf-8")
    card = ModelCard.read(folder)
    assert card.to_dict() == json.loads(text)
    assert list(card.to_dict()) == list(json.loads(text))  # the exporter's field order
    assert card.to_json() == text
    assert ModelCard.from_dict(card.to_dict()) == card


def test_typed_fields_and_unknown_fields(tiny_model_dir: Path) -> None:
    raw = _raw(tiny_model_dir)
    raw["onnx"]["future_field"] = {"kept": [1, 2]}
    raw["a_later_section"] = "kept too"
    card = ModelCard.from_dict(raw)
    assert (card.vocab_size, card.num_layers, card.hidden_size) == (400, 2, 64)
    assert card.bos_id == raw["tokenizer"]["special_tokens"]["bos"]["id"]
    assert card.onnx_sha256 == raw["onnx"]["sha256"] and card.precision == "fp32"
    assert card.training is not None and card.training.steps == raw["training"]["steps"]
    assert card.onnx.extra == {"future_field": {"kept": [1, 2]}}
    assert card.to_dict() == raw
    assert list(card.to_dict())[-1] == "a_later_section"


def test_merged_and_replace_give_a_new_valid_card(tiny_model_dir: Path) -> None:
    card = ModelCard.read(tiny_model_dir)
    merged = card.merged({"training": {"command": "python -m training build"},
                          "decoding": {"beam_width": 4}})
    assert merged.training is not None and merged.training.command == "python -m training build"
    assert merged.training.steps == card.training.steps  # merged one level deep
    assert merged.decoding == {"beam_width": 4} and card.decoding is None
    with pytest.raises(ModelLoadError, match='"architecture.hidden_size" must be a whole number'):
        card.merged({"architecture": {"hidden_size": "big"}})
    assert replace(card, name="renamed").to_dict() == {**card.to_dict(), "name": "renamed"}


RUNTIME_FIELDS = [
    (lambda c: c["architecture"].pop("hidden_size"), 'it lacks the field "architecture.hidden_size"'),
    (lambda c: c.update(architecture=[]), '"architecture" must be a JSON object, not a list'),
    (lambda c: c["tokenizer"]["special_tokens"]["eos"].update(id=10**6),
     '"tokenizer.special_tokens.eos.id" must be a whole number from 0 to 399'),
    (lambda c: c["onnx"].update(file="../model.onnx"), '"onnx.file" must name a file inside'),
    (lambda c: c.update(name=""), '"name" must be a non-empty string'),
]
# A keystrokes section as bench.keystrokes --write-card writes it, plus a field a later
# bench may add (kept as it is).
FIGURES = {"ksr": 0.331, "exact_match_1": 0.443, "trigger_rate": 0.445, "p50_ms": 2.52,
           "p95_ms": 4.33, "characters": 5983, "texts": ["Doyle_Hound_1902", "wikitext-2/test"],
           "threshold": 0.15, "command": "python -m bench.keystrokes --max-chars 1500 --write-card",
           "machine": "Intel Xeon, 2 cores", "date": "2026-12-06T04:23:00Z", "p99_ms": 5.46}
OPTIONAL_FIELDS = [
    (lambda c: c.update(created=["x"]), '"created" must be a string', lambda card: card.created),
    (lambda c: c["training"]["data"][0].update(weight="heavy"),
     '"training.data\\[0\\].weight" must be a number', lambda card: card.training.data[0].weight),
    (lambda c: c["training"]["data"][0].update(test_files=[3]),
     '"training.data\\[0\\].test_files" must be a list of file names',
     lambda card: card.training.data[0].test_files),
    (lambda c: c.update(start_state="zeros"), '"start_state" must be a JSON object, not a string',
     lambda card: card.start_state),
    (lambda c: c.update(training=[1]), '"training" must be a JSON object, not a list',
     lambda card: card.training),
    (lambda c: c.update(keystrokes={**FIGURES, "ksr": 2}), '"keystrokes.ksr" must be a number from -1 to 1',
     lambda card: card.keystrokes),
    (lambda c: c.update(keystrokes={"ksr": 0.3}), 'it lacks the field "keystrokes.trigger_rate"',
     lambda card: card.keystrokes),
    (lambda c: c.update(keystrokes="fast"), '"keystrokes" must be a JSON object, not a string',
     lambda card: card.keystrokes),
]


def _refused(folder: Path, message: str) -> None:
    with pytest.raises(ModelLoadError, match=message) as err:
        ModelCard.read(folder)
    assert str(err.value).startswith(f"{folder / CARD_NAME} is not a usable model card: ")
    assert str(err.value).endswith(WHAT_TO_DO)


@pytest.mark.parametrize(("edit", "message"), RUNTIME_FIELDS)
def test_a_bad_runtime_field_fails_both_reads(tiny_model_dir: Path, tmp_path: Path, edit,
                                             message: str) -> None:
    raw = _raw(tiny_model_dir)
    edit(raw)
    folder = _with_card(tiny_model_dir, tmp_path / "bad", raw)
    _refused(folder, message)
    assert ModelCard.try_read(folder) is None
    # the app's listing and routing use try_read: the folder is not listed, the route
    # falls back to the folder's name, and neither raises
    assert read_version(folder) is None
    info = read_card_info(folder)
    assert (info.name, info.language, info.readable) == ("bad", "en", False)


@pytest.mark.parametrize(("edit", "message", "field"), OPTIONAL_FIELDS)
def test_a_bad_optional_field_is_refused_by_read_and_absent_to_try_read(
        tiny_model_dir: Path, tmp_path: Path, edit, message: str, field) -> None:
    raw = _raw(tiny_model_dir)
    edit(raw)
    folder = _with_card(tiny_model_dir, tmp_path / "odd", raw)
    _refused(folder, message)
    card = ModelCard.try_read(folder)
    assert card is not None and field(card) in (None, (), 1.0)
    assert card.name == raw["name"] and card.vocab_size == 400
    assert read_version(folder) is not None and read_card_info(folder).readable


def test_keystroke_figures_round_trip_and_a_card_without_them_still_loads(
        tiny_model_dir: Path, tmp_path: Path) -> None:
    old = ModelCard.read(tiny_model_dir)  # written before the section existed
    assert "keystrokes" not in _raw(tiny_model_dir) and old.keystrokes is None
    assert "keystrokes" not in old.to_dict()
    raw = {**_raw(tiny_model_dir), "keystrokes": FIGURES}
    card = ModelCard.from_dict(raw)
    assert card.keystrokes == KeystrokeFigures(
        ksr=0.331, trigger_rate=0.445, p50_ms=2.52, p95_ms=4.33, command=FIGURES["command"],
        date="2026-12-06T04:23:00Z", exact_match_1=0.443, characters=5983,
        texts=("Doyle_Hound_1902", "wikitext-2/test"), threshold=0.15, machine="Intel Xeon, 2 cores",
        extra={"p99_ms": 5.46})
    assert card.to_dict() == raw
    folder = tmp_path / "m"
    shutil.copytree(tiny_model_dir, folder)
    replace(old, keystrokes=card.keystrokes).write(folder)
    assert _raw(folder) == raw
    assert ModelCard.read(folder) == card and ModelCard.try_read(folder) == card
    assert list(_raw(folder)).index("keystrokes") == list(_raw(folder)).index("metrics") + 1


def test_unreadable_cards(tiny_model_dir: Path, tmp_path: Path) -> None:
    raw = _raw(tiny_model_dir)
    cases = {
        "missing": None,
        "not-json": "{ this is not json",
        "list": json.dumps([raw]),
        "huge": json.dumps(raw) + " " * MAX_CARD_BYTES,
        "version": json.dumps({**raw, "format_version": 2}),
    }
    for name, text in cases.items():
        folder = tmp_path / name
        shutil.copytree(tiny_model_dir, folder)
        if text is None:
            (folder / CARD_NAME).unlink()
        else:
            (folder / CARD_NAME).write_text(text, encoding="utf-8")
        with pytest.raises(ModelLoadError):
            ModelCard.read(folder)
        assert ModelCard.try_read(folder) is None, name
    with pytest.raises(ModelLoadError, match="Model folder not found"):
        ModelCard.read(tmp_path / "nowhere")
    assert ModelCard.try_read(tmp_path / "nowhere") is None


def test_write_is_the_reverse_of_read(tiny_model_dir: Path, tmp_path: Path) -> None:
    card = ModelCard.read(tiny_model_dir)
    out = tmp_path / "out"
    out.mkdir()
    assert card.write(out) == out / CARD_NAME
    assert (out / CARD_NAME).read_text(encoding="utf-8") == (tiny_model_dir / CARD_NAME).read_text(
        encoding="utf-8")
    assert [p.name for p in out.iterdir()] == [CARD_NAME]  # no temporary file left


def test_write_refuses_a_card_no_reader_would_read(tiny_model_dir: Path, tmp_path: Path) -> None:
    card = ModelCard.read(tiny_model_dir)
    huge = replace(card, description="x" * MAX_CARD_BYTES)
    with pytest.raises(ModelLoadError, match="over the 1,024 KB any reader accepts"):
        huge.write(tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("folder", CARDS[:2], ids=lambda p: p.name)
def test_shipped_cards_name_their_data_relative_to_the_corpora_root(folder: Path) -> None:
    card = ModelCard.read(folder)
    assert card.training is not None and card.training.data
    for source in card.training.data:
        corpus = PurePosixPath(source.source)
        assert not corpus.is_absolute() and ".." not in corpus.parts and "tmp" not in corpus.parts
        for name in (*source.validation_files, *source.test_files):
            assert PurePosixPath(name).parent == corpus, name
    names = [n for s in card.training.data for n in s.test_files]
    expected = {"en-default": "en-novels-1880-1930/Doyle_Hound_1902.txt",
                "zh-default": "zh-heldout/asp-stories.txt"}
    assert expected[folder.name] in names


def test_data_source_round_trip() -> None:
    entry = {"source": "en-modern/openstax", "group": "modern", "license": "CC BY 4.0",
             "weight": 2.0, "train_files": 5, "train_bytes": 7346408,
             "validation_files": ["en-modern/openstax/business-ethics.txt"], "test_files": []}
    source = DataSource.from_dict(entry)
    assert source.validation_files == ("en-modern/openstax/business-ethics.txt",)
    assert source.to_dict() == entry

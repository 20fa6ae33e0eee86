import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from tiny_model import tiny_model_config, tiny_train_config

from training.errors import TrainingError
from training.evaluate import score_text
from training.package import load_model, make_model_folder
from training.recipe import split_files
from training.run import run_training
from writer_app.inference.lm_session import OnnxLanguageModel
from writer_app.inference.model_folder import ModelLoadError


@pytest.fixture(scope="module")
def checkpoint(tiny_corpus, tmp_path_factory) -> Path:
    run = tmp_path_factory.mktemp("run")
    run_training([split_files([tiny_corpus])], run, tiny_model_config(), tiny_train_config(max_steps=80),
                 vocab_size=400, log=lambda _m: None, show_bar=False)
    return run / "best.pt"


@pytest.fixture(scope="module")
def folder(checkpoint, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "model"
    make_model_folder(checkpoint, out, name="tiny", precision="auto", keep_fp32=True)
    return out


def test_parity_with_torch_for_batch_and_sequence_sizes(folder):
    card = json.loads((folder / "model.json").read_text())
    fp32 = card["parity"]["fp32"]
    assert {(c["batch"], c["seq"]) for c in fp32["cases"]} == {(b, t) for b in (1, 4) for t in (1, 7, 64)}
    assert fp32["max_abs_logit_diff"] < 1e-3 and fp32["top1_agreement"] == 1.0
    assert "int8" in card["parity"] and 0.0 <= card["parity"]["int8"]["text"]["top1_agreement"] <= 1.0


def test_batch_and_sequence_axes_stay_dynamic(folder):
    m = OnnxLanguageModel.load(folder)
    shape = {i.name: i.shape for i in m.session.get_inputs()}["input_ids"]
    assert all(isinstance(d, str) for d in shape), shape
    for b, t in ((1, 3), (3, 11)):
        h, c = m.initial_state(b)
        logits, hn, _ = m.forward(np.ones((b, t), np.int64), h, c)
        assert logits.shape == (b, t, m.card.vocab_size) and hn.shape == h.shape


def test_card_agrees_with_files(folder):
    card = json.loads((folder / "model.json").read_text())
    m = OnnxLanguageModel.load(folder)
    assert card["format_version"] == 1
    assert card["architecture"]["vocab_size"] == m.tokenizer.get_vocab_size() == m.card.vocab_size
    assert card["tokenizer"]["special_tokens"]["bos"]["id"] == m.tokenizer.token_to_id("<|bos|>")
    assert card["onnx"]["precision"] in ("int8", "fp32")
    assert (folder / card["onnx"]["file"]).stat().st_size == card["onnx"]["bytes"]
    assert card["training"]["steps"] > 0 and card["architecture"]["parameters"] > 0


def test_onnx_scores_text_like_torch(folder, checkpoint):
    text = "She walked to the station and waited for the train."
    model, tok, _ = load_model(checkpoint)
    torch_bpb = score_text(model, tok, text, tok.token_to_id("<|bos|>")).bits_per_byte
    fp32 = tmp = folder.parent / "fp32only"
    if not tmp.exists():
        shutil.copytree(folder, tmp)
        card = json.loads((tmp / "model.json").read_text())
        card["onnx"].update(file="model-fp32.onnx", sha256=card["onnx"]["variants"]["fp32"]["sha256"])
        (tmp / "model.json").write_text(json.dumps(card))
    onnx_bpb, _, _ = OnnxLanguageModel.load(fp32).bits_per_byte(text)
    assert onnx_bpb == pytest.approx(torch_bpb, rel=1e-4)


def test_existing_target_is_refused_and_left_untouched(checkpoint, tmp_path):
    target = tmp_path / "model"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(TrainingError, match="already exists"):
        make_model_folder(checkpoint, target, name="x")
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_failed_parity_writes_nothing(checkpoint, tmp_path, monkeypatch):
    import training.package as package

    monkeypatch.setattr(package, "parity_report",
                        lambda *a, **k: {"max_abs_logit_diff": 1.0, "top1_agreement": 0.5, "cases": []})
    with pytest.raises(TrainingError, match="parity"):
        make_model_folder(checkpoint, tmp_path / "model", name="x")
    assert list(tmp_path.iterdir()) == []


def test_loader_refuses_inconsistent_or_corrupt_folders(folder, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(folder, bad)
    card = json.loads((bad / "model.json").read_text())
    card["architecture"]["vocab_size"] += 1
    (bad / "model.json").write_text(json.dumps(card))
    with pytest.raises(ModelLoadError, match="tokens"):
        OnnxLanguageModel.load(bad)
    shutil.rmtree(bad)
    shutil.copytree(folder, bad)
    (bad / "model.onnx").write_bytes(b"not an onnx file")
    with pytest.raises(ModelLoadError, match="corrupt"):
        OnnxLanguageModel.load(bad)


def test_loader_refuses_another_models_tokenizer(folder, tmp_path):
    """Same vocabulary size, other merges: caught by the card's tokenizer checksum."""
    card = json.loads((folder / "model.json").read_text())
    assert len(card["tokenizer"]["sha256"]) == 64
    bad = tmp_path / "bad"
    shutil.copytree(folder, bad)
    tok = json.loads((bad / "tokenizer.json").read_text(encoding="utf-8"))
    tok["model"]["merges"] = tok["model"]["merges"][::-1]
    (bad / "tokenizer.json").write_text(json.dumps(tok), encoding="utf-8")
    with pytest.raises(ModelLoadError, match="tokenizer belongs to another model"):
        OnnxLanguageModel.load(bad)


def test_int8_is_smaller(folder):
    card = json.loads((folder / "model.json").read_text())
    if card["onnx"]["precision"] == "int8":
        assert (folder / "model.onnx").stat().st_size < (folder / "model-fp32.onnx").stat().st_size
    else:
        assert card["parity"]["int8"]["passed"] is False


def test_export_with_text_records_the_measured_start_state(checkpoint, tmp_path):
    from tiny_model import SENTENCES

    text = "\n".join(" ".join(SENTENCES[i:i + 3]) for i in range(0, len(SENTENCES), 3))
    out = tmp_path / "model"
    make_model_folder(checkpoint, out, name="tiny", precision="fp32", parity_text=text)
    entry = json.loads((out / "model.json").read_text())["start_state"]
    nll = entry["first_tokens_nll"]
    assert entry["paragraphs"] > 0 and entry["kind"] == min(nll, key=nll.get)


@pytest.mark.parametrize("how", ["weights.pt", "model.onnx", "int8"])
def test_export_on_a_full_disk_says_so_and_keeps_the_current_model(how, checkpoint, folder, tmp_path,
                                                                   monkeypatch, capsys):
    """`training export --overwrite` on a full disk: one line saying so, the folder there
    before is untouched, no temporary folder is left. The libraries hide ENOSPC: torch.save
    raises "RuntimeError: [enforce fail at inline_container.cc:672]", onnx's shape inference
    (inside int8 quantisation) writes a truncated file that then fails to parse."""
    from google.protobuf.message import DecodeError
    from tiny_model import fill_disk_after

    import training.errors
    import training.package as package
    from training.cli import main
    from writer_app.files import atomic_write

    target = tmp_path / "model"
    shutil.copytree(folder, target)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    if how == "weights.pt":
        monkeypatch.setattr(atomic_write.os, "fdopen", fill_disk_after(1000))
    elif how == "model.onnx":
        def export_fills_disk(model, path):
            path.write_bytes(b"\x08\x07 half an onnx file")
            raise OSError(28, "No space left on device", str(path))

        monkeypatch.setattr(package, "export_onnx", export_fills_disk)
    else:
        def inference_truncates(src, dst):
            dst.write_bytes(src.read_bytes()[:1000])
            raise DecodeError("Error parsing message with type 'onnx.ModelProto': Wire format was corrupt")

        monkeypatch.setattr(package, "quantize_int8", inference_truncates)
        monkeypatch.setattr(training.errors.shutil, "disk_usage",
                            lambda _p: shutil._ntuple_diskusage(10**9, 10**9 - 4096, 4096))
    code = main(["export", "--checkpoint", str(checkpoint), "--out", str(target), "--overwrite"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"error: Could not write the new model in {tmp_path}: the disk is full. "
                          "Nothing was installed and the current model is unchanged.")
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


def test_a_model_whose_scores_are_nan_fails_the_parity_check(checkpoint, tmp_path, monkeypatch):
    """NaN > limit is False and NaN logits "agree" on argmax 0: the check must still fail."""
    import training.package as package

    monkeypatch.setattr(package, "parity_report", lambda *a, **k: {
        "max_abs_logit_diff": float("nan"), "top1_agreement": 1.0, "cases": []})
    with pytest.raises(TrainingError, match="failed the parity check: max .Δlogits. nan"):
        make_model_folder(checkpoint, tmp_path / "model", name="x")
    assert list(tmp_path.iterdir()) == []


def test_int8_quantisation_does_not_read_the_mac_address(tiny_model_dir: Path, tmp_path: Path, monkeypatch) -> None:
    """onnx names a scratch file with uuid1(): libuuid then opens an AF_INET socket to read
    the MAC address. A retrain must open no internet socket, so export never asks for it."""
    import uuid

    from training.export import quantize_int8

    asked: list[int] = []
    monkeypatch.setattr(uuid, "_generate_time_safe", lambda: asked.append(1) or (uuid.uuid4().bytes, 0),
                        raising=False)
    monkeypatch.setattr(uuid, "getnode", lambda: asked.append(2) or 1)
    quantize_int8(tiny_model_dir / "model.onnx", tmp_path / "int8.onnx")
    assert (tmp_path / "int8.onnx").stat().st_size > 0
    assert asked == []

"""weights.pt as int8 per row (training.weights_codec): the round trip stays within the
per-row step, old float16 files still load, the shipped-folder conversion leaves the ONNX
and tokenizer alone, and a folder in the new format fine-tunes and exports again."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import torch
from tiny_model import tiny_train_config, write_tiny_corpus

from training.checkpoint import load_checkpoint, save_checkpoint
from training.convert_weights import convert_folder, main
from training.errors import TrainingError
from training.package import make_model_folder
from training.recipe import split_files
from training.run import load_base, run_training
from training.weights_codec import (
    FORMAT_KEY,
    INT8_ROW,
    QMAX,
    decode_payload,
    dequantize_state,
    encode_payload,
    quantize_state,
)
from writer_app.inference.model_card import ModelCard


def within_row_step(original: torch.Tensor, restored: torch.Tensor, scale: torch.Tensor) -> bool:
    """|restored - original| <= scale[r] / 2 on every element of each row r (float32 slack)."""
    err = (restored - original.float()).abs().reshape(original.shape[0], -1)
    bound = scale.float()[:, None] / 2 * (1 + 1e-5) + 1e-12
    return bool((err <= bound).all())


def test_round_trip_is_within_the_per_row_step() -> None:
    g = torch.Generator().manual_seed(0)
    w = torch.randn(64, 48, generator=g) * torch.logspace(-4, 1, 64)[:, None]  # rows 1e-4..10
    w[5] = 0.0  # a row of zeros
    state = {"lstm.weight_ih_l0": w, "embedding.weight": torch.randn(30, 8, generator=g).half(),
             "lstm.bias_ih_l0": torch.randn(64, generator=g), "steps": torch.tensor(7)}
    enc = quantize_state(state)
    q, scale = enc["lstm.weight_ih_l0"]["q"], enc["lstm.weight_ih_l0"]["scale"]
    assert q.dtype == torch.int8 and q.shape == (64, 48) and scale.dtype == torch.float32
    assert scale.shape == (64,) and int(q.abs().max()) == QMAX
    assert torch.equal(q.abs().amax(dim=1)[torch.arange(64) != 5], torch.full((63,), QMAX, dtype=torch.int8))
    assert enc["lstm.bias_ih_l0"].dtype == torch.float16 and torch.equal(enc["steps"], torch.tensor(7))
    dec = dequantize_state(enc)
    assert set(dec) == set(state) and dec["lstm.weight_ih_l0"].dtype == torch.float32
    for name in ("lstm.weight_ih_l0", "embedding.weight"):
        assert dec[name].shape == state[name].shape
        assert within_row_step(state[name], dec[name], enc[name]["scale"])
    assert torch.equal(dec["lstm.weight_ih_l0"][5], torch.zeros(48))
    # the step is per row: a small row keeps a small error beside a large one
    err = (dec["lstm.weight_ih_l0"] - w).abs().amax(dim=1)
    assert err[0] < 1e-5 < err[63]
    assert torch.allclose(dec["lstm.bias_ih_l0"], state["lstm.bias_ih_l0"], atol=1e-2)


def test_non_finite_weights_and_unknown_formats_are_refused() -> None:
    with pytest.raises(TrainingError, match="NaN or infinity"):
        quantize_state({"w": torch.tensor([[1.0, float("nan")]])})
    with pytest.raises(TrainingError, match="unknown format"):
        decode_payload({"model_state": {}, FORMAT_KEY: "int4-something"})
    with pytest.raises(TrainingError, match="malformed"):
        decode_payload({"model_state": {"w": {"q": torch.zeros(2, 2), "scale": torch.ones(2)}},
                        FORMAT_KEY: INT8_ROW})


def test_checkpoint_files_old_and_new_load_as_float(tiny_model_dir: Path, tmp_path: Path) -> None:
    old = load_checkpoint(tiny_model_dir / "weights.pt")  # the committed float16 file
    assert FORMAT_KEY not in old and old["model_state"]["embedding.weight"].dtype == torch.float16
    path = tmp_path / "weights.pt"
    save_checkpoint(path, encode_payload(old))
    raw = torch.load(path, weights_only=True)
    assert raw[FORMAT_KEY] == INT8_ROW and raw["model_state"]["embedding.weight"]["q"].dtype == torch.int8
    assert encode_payload(raw) == raw  # never quantized twice
    new = load_checkpoint(path)
    assert FORMAT_KEY not in new and new["tokenizer_json"] == old["tokenizer_json"]
    for name, t in old["model_state"].items():
        assert new["model_state"][name].dtype == torch.float32
        if t.dim() == 2:
            assert within_row_step(t, new["model_state"][name], raw["model_state"][name]["scale"])
        else:
            assert torch.equal(new["model_state"][name], t.float())


def test_conversion_in_place_then_fine_tune_and_export(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(tiny_model_dir, tmp_path / "tiny"))
    onnx, tok = (folder / "model.onnx").read_bytes(), (folder / "tokenizer.json").read_bytes()
    card_before = ModelCard.read(folder)
    fp16_state = load_checkpoint(folder / "weights.pt")["model_state"]
    before, after = convert_folder(folder)
    assert after < 0.7 * before
    assert (folder / "model.onnx").read_bytes() == onnx and (folder / "tokenizer.json").read_bytes() == tok
    card = ModelCard.read(folder)
    assert card.weights["dtype"] == "int8" and card.weights["file"] == "weights.pt"
    assert replace(card, weights=card_before.weights).to_json() == card_before.to_json()  # nothing else
    assert main([str(folder)]) == 0 and (folder / "weights.pt").stat().st_size == after  # idempotent

    # fine-tune from the int8 folder: it starts from the base's weights (the tiny model's
    # held-out loss is ~0.2 nats/token; a fresh model's ln(400) = 6.0)
    config, _tok, init = load_base(folder)
    assert all(t.dtype == torch.float32 for t in init.values())
    assert all((init[k] - fp16_state[k].float()).abs().max() < 0.05 for k in init)
    corpus = write_tiny_corpus(tmp_path / "mine", files=3, lines=80, seed=5)
    run = tmp_path / "run"
    result = run_training([split_files([corpus])], run, config,
                          tiny_train_config(max_steps=20, eval_every=10, lr=1e-3, warmup_steps=2),
                          base=folder, log=lambda _m: None, show_bar=False)
    history = result.result.history
    assert result.result.steps == 20 and history[0]["val_loss"] < 1.0

    # its export writes weights.pt in the new format again, and that fine-tunes too
    out = tmp_path / "exported"
    make_model_folder(run / "best.pt", out, name="tiny-again", precision="fp32")
    assert torch.load(out / "weights.pt", weights_only=True)[FORMAT_KEY] == INT8_ROW
    assert ModelCard.read(out).weights["dtype"] == "int8"
    best = load_checkpoint(run / "best.pt")["model_state"]
    scales = torch.load(out / "weights.pt", weights_only=True)["model_state"]
    _c, _t, again = load_base(out)
    assert set(again) == set(best)
    for k, t in best.items():
        assert (within_row_step(t, again[k], scales[k]["scale"]) if t.dim() == 2
                else torch.allclose(again[k], t, atol=1e-2))

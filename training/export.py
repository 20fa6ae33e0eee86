"""Export a checkpoint to an ONNX model folder, with parity checks and an int8 variant.

Uses the TorchScript-based exporter (``dynamo=False``, opset 17): it keeps h0/c0 as inputs
and the batch and sequence axes dynamic for ``nn.LSTM`` (the dynamo exporter fixes the
sequence length; see shared/FINDINGS.md). int8 weights come from
``onnxruntime.quantization.quantize_dynamic`` (dynamic quantisation, QInt8).
"""

from __future__ import annotations

import contextlib
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch

from training.errors import TrainingError
from training.model import LSTMLanguageModel
from writer_app.files.atomic_write import replace_dir
from writer_app.inference.lm_session import INPUT_NAMES, OUTPUT_NAMES, RuntimeOptions, make_session

OPSET = 17
PARITY_SHAPES = [(b, t) for b in (1, 4) for t in (1, 7, 64)]
MAX_ABS_LOGIT_DIFF = 1e-3
MIN_TOP1_FP32 = 0.999


def export_onnx(model: LSTMLanguageModel, path: Path) -> None:
    """Write ``model`` as ONNX: input_ids int64[B, T], h0/c0 float32[L, B, H] ->
    logits float32[B, T, V], hn/cn float32[L, B, H]; B and T dynamic."""
    model.eval()
    ids = torch.zeros((1, 5), dtype=torch.long)
    h0, c0 = model.initial_state(1)
    state_axes = {1: "batch"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, (ids, h0, c0), str(path), input_names=list(INPUT_NAMES), output_names=list(OUTPUT_NAMES),
            dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "h0": state_axes, "c0": state_axes,
                          "logits": {0: "batch", 1: "sequence"}, "hn": state_axes, "cn": state_axes},
            opset_version=OPSET, dynamo=False,
        )


def quantize_int8(src: Path, dst: Path) -> None:
    """Dynamic int8 quantisation of weights (LSTM, MatMul, Gather)."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # quantize_dynamic logs a pre-processing hint at WARNING
    try:
        with _random_uuid1():
            quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8)
    finally:
        root.setLevel(level)


@contextlib.contextmanager
def _random_uuid1() -> Iterator[None]:
    """Inside, ``uuid.uuid1()`` is a random UUID (uuid4). quantize_dynamic saves the model
    through onnx's external-data helper, which names a scratch file with ``uuid1()``; libuuid
    then opens an AF_INET socket to read this machine's MAC address into the name. No
    packet is sent, but a retrain should open no internet socket at all (and embed no
    hardware address), so the name is random instead."""
    real = uuid.uuid1
    uuid.uuid1 = lambda node=None, clock_seq=None: uuid.uuid4()  # type: ignore[assignment]
    try:
        yield
    finally:
        uuid.uuid1 = real


def parity_report(model: LSTMLanguageModel, onnx_path: Path, seed: int = 0) -> dict[str, Any]:
    """Compare torch and onnxruntime on random ids and states for B in {1,4}, T in {1,7,64}.

    Returns {"max_abs_logit_diff", "top1_agreement", "cases": [...]}; top-1 agreement is the
    share of positions whose arg-max token is the same.
    """
    model.eval()
    sess = make_session(onnx_path, RuntimeOptions(intra_op_threads=1))
    rng = np.random.default_rng(seed)
    c = model.config
    cases, worst, agree, total = [], 0.0, 0, 0
    for b, t in PARITY_SHAPES:
        ids = rng.integers(0, c.vocab_size, size=(b, t), dtype=np.int64)
        h = rng.normal(0, 0.5, size=(c.num_layers, b, c.hidden_size)).astype(np.float32)
        cc = rng.normal(0, 0.5, size=(c.num_layers, b, c.hidden_size)).astype(np.float32)
        with torch.no_grad():
            ref, _, _ = model(torch.from_numpy(ids), torch.from_numpy(h), torch.from_numpy(cc))
        got = sess.run(["logits"], {"input_ids": ids, "h0": h, "c0": cc})[0]
        if got.shape != tuple(ref.shape):
            raise TrainingError(f"ONNX logits have shape {got.shape}, torch {tuple(ref.shape)}")
        diff = float(np.abs(got - ref.numpy()).max())
        same = int((got.argmax(-1) == ref.numpy().argmax(-1)).sum())
        cases.append({"batch": b, "seq": t, "max_abs_logit_diff": diff, "top1_agreement": same / (b * t)})
        worst, agree, total = max(worst, diff), agree + same, total + b * t
    return {"max_abs_logit_diff": worst, "top1_agreement": agree / total, "cases": cases}


def text_parity(fp32: Path, int8: Path, ids: np.ndarray) -> dict[str, float]:
    """top-1 agreement and NLL of the int8 against the fp32 model on real text ids int64[N]."""
    out = {}
    logits = {}
    for name, path in (("fp32", fp32), ("int8", int8)):
        sess = make_session(path, RuntimeOptions(intra_op_threads=2))
        layers, _, hidden = sess.get_inputs()[1].shape
        h = np.zeros((layers, 1, hidden), np.float32)
        z = sess.run(["logits"], {"input_ids": ids[None, :-1], "h0": h, "c0": h.copy()})[0][0]
        logits[name] = z
        zz = z.astype(np.float64)
        m = zz.max(-1, keepdims=True)
        logp = zz - m - np.log(np.exp(zz - m).sum(-1, keepdims=True))
        out[f"{name}_nll_per_token"] = float(-logp[np.arange(len(ids) - 1), ids[1:]].mean())
    out["top1_agreement"] = float((logits["fp32"].argmax(-1) == logits["int8"].argmax(-1)).mean())
    out["nll_change_pct"] = 100 * (out["int8_nll_per_token"] / out["fp32_nll_per_token"] - 1)
    return out


def install_folder(tmp: Path, target: Path, overwrite: bool) -> None:
    """Move a finished folder into place (``atomic_write.replace_dir``). Never leaves a
    half-written target: the old folder (if overwriting) is renamed aside first and
    removed only after the swap. Raises TrainingError if ``target`` exists and not
    ``overwrite``, OSError if a rename fails."""
    tmp.chmod(0o755)
    for f in tmp.iterdir():
        f.chmod(0o644)
    if target.exists() and not overwrite:
        raise TrainingError(f"{target} already exists; choose another folder or pass --overwrite")
    replace_dir(tmp, target, overwrite=overwrite)

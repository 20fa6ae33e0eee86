"""The format of a model folder's ``weights.pt``: int8 weights with one scale per row.

A model folder keeps ``weights.pt`` only so that "Retrain on my writing" (and
``training train --base FOLDER``) can fine-tune from it. Stored as float16 it was the
largest file of each shipped model; stored this way it is about half that size.

The scheme is symmetric per-row ("per-channel") absmax quantization, the same family as
onnxruntime's dynamic int8 quantization of the ONNX file beside it:

* every 2-D (or higher) tensor ``W`` float[R, ...] is stored as ``q`` int8[R, ...] and
  ``scale`` float32[R], with ``scale[r] = max |W[r]| / 127`` and
  ``q[r] = round(W[r] / scale[r])`` clipped to [-127, 127]; ``q * scale`` restores it
  to within ``scale[r] / 2`` per element of row ``r`` (a row of zeros has scale 0).
  Rows are output units: an LSTM's ``weight_ih``/``weight_hh`` [4H, in], a Linear's
  ``weight`` [out, in], the tied embedding [V, E] (a row per token, which is also an
  output row of the tied softmax);
* 1-D tensors (biases, the output bias) stay float16: they are small, and a bias
  quantized per tensor would lose more than it saves.

In the checkpoint payload (see training.checkpoint) the encoded state replaces
``model_state`` and ``payload[FORMAT_KEY] == INT8_ROW``; a payload without FORMAT_KEY is
the older float16/float32 state_dict. ``training.checkpoint.load_checkpoint`` decodes
both, so every loader sees a plain float state_dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch
from torch import Tensor

from training.errors import TrainingError

#: The payload key naming the encoding of ``model_state`` (absent: a plain state_dict).
FORMAT_KEY = "weights_format"
#: Symmetric int8, one float32 scale per row of each matrix; 1-D tensors float16.
INT8_ROW = "int8-per-row-absmax"
#: What the model card's ``weights`` entry says of a weights.pt in this format.
CARD_ENTRY = {"dtype": "int8",
              "quantization": "symmetric per-row absmax/127 (float32 scale per row); "
                              "1-D tensors float16; dequantized to float32 for fine-tuning"}
QMAX = 127


def quantize_tensor(w: Tensor) -> dict[str, Tensor]:
    """One tensor float[R, ...] (R >= 1, at least 2-D) -> {"q": int8[R, ...], "scale": float32[R]}.

    Computed in float32 whatever ``w``'s float dtype. Raises TrainingError for a tensor
    that is not floating point, has fewer than 2 dimensions or holds NaN/infinity.
    """
    if not w.is_floating_point() or w.dim() < 2:
        raise TrainingError(f"cannot quantize a {w.dim()}-D {w.dtype} tensor per row")
    x = w.detach().to("cpu", torch.float32).reshape(w.shape[0], -1)
    if not torch.isfinite(x).all():
        raise TrainingError("cannot quantize weights holding NaN or infinity")
    scale = x.abs().amax(dim=1) / QMAX  # float32[R]
    safe = torch.where(scale > 0, scale, torch.ones_like(scale))
    q = torch.round(x / safe[:, None]).clamp_(-QMAX, QMAX).to(torch.int8)
    return {"q": q.reshape(w.shape).contiguous(), "scale": scale.contiguous()}


def dequantize_tensor(entry: Mapping[str, Tensor]) -> Tensor:
    """{"q": int8[R, ...], "scale": float[R]} -> float32[R, ...] (q * scale, row by row).

    Raises TrainingError when the entry is malformed (wrong dtypes or shapes).
    """
    q, scale = entry.get("q"), entry.get("scale")
    if (not isinstance(q, Tensor) or not isinstance(scale, Tensor) or q.dtype != torch.int8
            or q.dim() < 2 or scale.shape != (q.shape[0],)):
        raise TrainingError("weights.pt holds a malformed int8 tensor (expected q int8[R, ...] "
                            "and scale float[R])")
    shape = (q.shape[0],) + (1,) * (q.dim() - 1)
    return q.to(torch.float32) * scale.to(torch.float32).reshape(shape)


def quantize_state(state: Mapping[str, Tensor]) -> dict[str, Any]:
    """A float state_dict -> its encoded form, name by name.

    Each >=2-D floating tensor becomes {"q": int8[R, ...], "scale": float32[R]}
    (quantize_tensor); each 0-D/1-D floating tensor a float16 tensor; anything else
    (e.g. integer buffers) is kept as it is. Raises TrainingError (non-finite weights).
    """
    out: dict[str, Any] = {}
    for name, t in state.items():
        if t.is_floating_point() and t.dim() >= 2:
            out[name] = quantize_tensor(t)
        elif t.is_floating_point():
            out[name] = t.detach().to("cpu", torch.float16).contiguous()
        else:
            out[name] = t.detach().cpu()
    return out


def dequantize_state(encoded: Mapping[str, Any]) -> dict[str, Tensor]:
    """quantize_state's output -> a state_dict of float32 tensors (same names and shapes).

    Non-floating tensors are returned as they are. Raises TrainingError for an entry that
    is neither a tensor nor a well-formed {"q", "scale"} pair.
    """
    out: dict[str, Tensor] = {}
    for name, v in encoded.items():
        if isinstance(v, Mapping):
            out[name] = dequantize_tensor(v)
        elif isinstance(v, Tensor):
            out[name] = v.to(torch.float32) if v.is_floating_point() else v
        else:
            raise TrainingError(f"weights.pt entry {name!r} is neither a tensor nor an int8 pair")
    return out


def encode_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """A checkpoint payload with a float ``model_state`` -> the same payload in INT8_ROW
    (``model_state`` encoded by quantize_state, FORMAT_KEY set). A payload already in
    INT8_ROW is returned unchanged (re-quantizing would only add error). Raises
    TrainingError for an unknown format."""
    fmt = payload.get(FORMAT_KEY)
    if fmt == INT8_ROW:
        return dict(payload)
    if fmt is not None:
        raise TrainingError(f"unknown weights format {fmt!r}")
    return {**payload, "model_state": quantize_state(payload["model_state"]), FORMAT_KEY: INT8_ROW}


def decode_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """A loaded checkpoint payload -> the same with a plain ``model_state``.

    INT8_ROW payloads get float32 tensors (dequantize_state) and lose FORMAT_KEY; older
    payloads (no FORMAT_KEY: float16 or float32 tensors) are returned as they are.
    Raises TrainingError for an unknown format or a malformed entry.
    """
    fmt = payload.get(FORMAT_KEY)
    if fmt is None:
        return payload
    if fmt != INT8_ROW:
        raise TrainingError(f"weights.pt is in an unknown format {fmt!r}; a newer Inkling wrote it")
    out = {k: v for k, v in payload.items() if k != FORMAT_KEY}
    out["model_state"] = dequantize_state(payload["model_state"])
    return out

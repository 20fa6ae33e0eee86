"""Checkpoints: a state_dict plus configs and the tokenizer, written atomically.

Loaded with ``torch.load(weights_only=True)``: no pickled modules, nothing executable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

import torch

from training.errors import TrainingError
from training.weights_codec import decode_payload
from writer_app.files.atomic_write import atomic_write_via


def save_checkpoint(path: Path, payload: dict[str, Any]) -> None:
    """Write ``payload`` (tensors, dicts, str, numbers) to ``path`` atomically.

    The app's one atomic writer (``writer_app.files.atomic_write.atomic_write_via``) writes
    it, so a crash or full disk never leaves a half-written checkpoint.
    Raises OSError (a SaveError) on failure (ENOSPC for a full disk); the previous checkpoint is then
    untouched. (torch.save reports a failed write as "RuntimeError: [enforce fail at
    inline_container.cc:672] . unexpected pos", with the OSError only as its __context__.)
    """
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(f: BinaryIO) -> None:
        try:
            torch.save(payload, f)
        except RuntimeError as exc:
            cause = exc.__context__
            if isinstance(cause, OSError):
                raise OSError(cause.errno, cause.strerror, str(path)) from exc
            raise

    atomic_write_via(path, write)


def load_checkpoint(path: Path) -> dict[str, Any]:
    """Load a checkpoint written by save_checkpoint, its ``model_state`` a plain state_dict.

    A model folder's weights.pt in the int8 format (training.weights_codec.INT8_ROW) is
    dequantized here to float32 tensors; older ones (float16) and run checkpoints (float32)
    come back as stored. Raises TrainingError if unreadable, not an Inkling checkpoint or
    in an unknown weights format.
    """
    if not path.is_file():
        raise TrainingError(f"No checkpoint at {path}")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:
        raise TrainingError(
            f"{path} is not a readable checkpoint ({type(exc).__name__}); "
            "give a best.pt/last.pt from a run folder or a model folder's weights.pt"
        ) from exc
    for key in ("model_state", "model_config", "tokenizer_json"):
        if key not in payload:
            raise TrainingError(f"{path} is not an Inkling checkpoint (no '{key}')")
    try:
        return decode_payload(payload)
    except TrainingError as exc:
        raise TrainingError(f"{path}: {exc}") from exc


#: What only ``--resume`` reads back: the optimiser's moments (twice the weights' size),
#: the lanes' hidden state and the RNG.
RESUME_ONLY = ("optimizer_state", "hidden", "rng_state")


def save_for_export(src: Path, dst: Path) -> None:
    """``src`` (a run's best.pt/last.pt) without RESUME_ONLY: about a third of its size,
    all that ``training export``/``build --checkpoint`` and ``--base`` read (weights, configs,
    tokenizer, history, data card). Used to bring weights back from a lent GPU machine,
    whose files return at most 16 MiB each. Raises TrainingError (unreadable src) or OSError.
    """
    payload = load_checkpoint(src)
    save_checkpoint(dst, {k: v for k, v in payload.items() if k not in RESUME_ONLY})

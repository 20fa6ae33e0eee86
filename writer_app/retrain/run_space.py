"""How much disk a retraining run takes at its peak, from what it writes, and whether the
model store (and the temporary folder) has that much free. No Qt, no torch.

What a run from a model of P parameters writes (training/retrain.py), all in its hidden
staging folder in the model store unless said otherwise:

- training (training/train.py): ``run/last.pt`` at every evaluation and ``run/best.pt``
  at every improvement. A checkpoint holds the fp32 weights and AdamW's two moments
  (3 x 4 bytes a parameter) and the tokenizer's JSON. Each is written beside the old one
  and then renamed over it (files/atomic_write), so three checkpoints exist at once.
- export (training/package.make_model_folder): both checkpoints stay; the fp32 ONNX file
  (4 bytes a parameter, a tied embedding stored twice: as input and as output layer);
  the int8 quantizer (onnxruntime) writes a shape-inferred copy of it beside it and its
  scratch copy in the temporary folder (``tempfile.gettempdir()``); then the int8 file,
  the tokenizer and weights.pt, which together are about the size of the base's folder.
- measuring and installing: both checkpoints and the new model folder.

Measured for the bundled English model (5,865,536 parameters, a 0.54 MB tokenizer) on a
tmpfs, the temporary folder on another one: a checkpoint is 70.8 MB, training peaked at
212.4 MB (3 checkpoints), export at 205 MB in the store (2 checkpoints and two 31.7 MB
fp32 files) plus 31.7 MB in the temporary folder. (A run with a single evaluation, such
as ``--max-steps 9``, never rewrites a checkpoint and peaked at 173 MB.)
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from writer_app.files.path_state import path_state
from writer_app.inference.card_file import CARD_NAME
from writer_app.inference.model_card import ModelCard

CHECKPOINT_BYTES_PER_PARAMETER = 12  # fp32 weights and AdamW's exp_avg and exp_avg_sq
FP32_BYTES = 4
# Over the figures above: the checkpoints' growing history, torch's archive headers, the
# card, file-system blocks. 10% and 1 MB (a tiny model's headers weigh more).
MARGIN = 1.10
SLACK_BYTES = 1_000_000


@dataclass(frozen=True)
class RunSpace:
    """The files of a run from one base model, in bytes: ``checkpoint`` (one of
    run/last.pt, run/best.pt), ``onnx_fp32`` (the exported fp32 model) and ``model`` (the
    finished model folder, about the base folder's size)."""

    checkpoint: int
    onnx_fp32: int
    model: int

    def store_peak(self, temp_in_store: bool) -> int:
        """Bytes in the model store at the run's peak: training's three checkpoints, or the
        export's two checkpoints with the fp32 file and the quantizer's copies
        (its scratch copy too when the temporary folder is on the store's disk)."""
        export = 2 * self.checkpoint + self.onnx_fp32 + max(self.onnx_fp32, self.model)
        return max(3 * self.checkpoint, export + (self.onnx_fp32 if temp_in_store else 0))

    def temp_peak(self) -> int:
        """Bytes in the temporary folder at the run's peak: the quantizer's scratch copy."""
        return self.onnx_fp32


def run_space(base: Path) -> RunSpace | None:
    """The sizes of a run's files for the model folder ``base``, from its card (the
    parameters; the vocabulary and embedding sizes for a tied embedding) and its files'
    sizes (the tokenizer, held in each checkpoint; the folder, copied by the run). A card
    without a parameter count counts weights.pt's bytes (at least one a parameter).
    None when the card does not read (the run refuses such a base anyway)."""
    card = ModelCard.try_read(base)
    if card is None:
        return None
    arch = card.architecture
    params = arch.parameters or _size(base / "weights.pt")
    tied = arch.vocab_size * arch.embedding_size if arch.tied_embeddings else 0
    files = {name: _size(base / name) for name in ("tokenizer.json", card.onnx.file,
                                                     "weights.pt", CARD_NAME)}
    return RunSpace(checkpoint=CHECKPOINT_BYTES_PER_PARAMETER * params + files["tokenizer.json"],
                    onnx_fp32=FP32_BYTES * (params + tied), model=sum(files.values()))


def needed(peak: int) -> int:
    """``peak`` bytes with the margin (MARGIN, SLACK_BYTES)."""
    return math.ceil(peak * MARGIN) + SLACK_BYTES


def space_problem(base: Path, store_root: Path, temp_dir: Path | None = None) -> str:
    """Why a run from the model in ``base`` would run out of room: the free space in
    ``store_root`` (or the temporary folder, ``temp_dir``, by default
    tempfile.gettempdir()) below what the run writes there at its peak (RunSpace, with the
    margin), as a sentence saying how much is needed and free; '' when there is room or
    the sizes or free space cannot be known."""
    sizes = run_space(base)
    store, temp = _existing(store_root), _existing(Path(temp_dir or tempfile.gettempdir()))
    if sizes is None:
        return ""
    try:
        same = same_disk(store, temp)
        places = [(store_root, store, sizes.store_peak(same))]
        if not same:
            places.append((temp, temp, sizes.temp_peak()))
        for shown, folder, peak in places:
            free, need = shutil.disk_usage(folder).free, needed(peak)
            if free < need:
                return (f"Retraining needs about {need / 1e6:,.0f} MB free in {shown} for its "
                        f"working files; {free / 1e6:,.0f} MB is free there. Free some space "
                        "and try again.")
    except OSError:
        return ""
    return ""


def same_disk(a: Path, b: Path) -> bool:
    """Whether the folders ``a`` and ``b`` are on one file system. Raises OSError."""
    return os.stat(a).st_dev == os.stat(b).st_dev


def _existing(folder: Path) -> Path:
    """``folder`` or its nearest existing parent (the store may not exist yet)."""
    while not path_state(folder).exists and folder != folder.parent:
        folder = folder.parent
    return folder


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0

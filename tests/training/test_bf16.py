"""CPU training's matrix products in bfloat16 (TrainConfig.bf16, `--bf16 on|off|auto`)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch

from training.checkpoint import load_checkpoint
from training.errors import TrainingError
from training.train import cpu_bf16

TINY = ["--vocab-size", "400", "--embedding-size", "64", "--hidden-size", "64", "--dropout", "0",
        "--batch-size", "4", "--seq-len", "16", "--eval-tokens", "200", "--no-bar"]


def test_the_choice_is_checked_and_only_the_cpu_trains_in_bf16() -> None:
    cpu = torch.device("cpu")
    assert cpu_bf16("on", cpu) and not cpu_bf16("off", cpu)
    assert not cpu_bf16("on", torch.device("cuda", 0))  # a GPU trains as measured (fp32/TF32)
    native = torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported()
    assert cpu_bf16("auto", cpu) == native
    with pytest.raises(TrainingError, match="--bf16 must be one of auto, on, off"):
        cpu_bf16("yes", cpu)


@pytest.mark.parametrize("mode", ["on", "off"])
def test_training_in_either_precision_learns_and_keeps_fp32_weights(tiny_corpus, tmp_path, mode) -> None:
    run = tmp_path / "run"
    r = subprocess.run([sys.executable, "-m", "training", "train", str(tiny_corpus), "--run-dir", str(run),
                        "--max-steps", "30", "--eval-every", "15", "--lr", "1e-2", "--bf16", mode, *TINY],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert ("bfloat16" in r.stdout + r.stderr) == (mode == "on")
    ck = load_checkpoint(run / "last.pt")
    history = ck["history"]
    assert history[-1]["val_loss"] < history[0]["val_loss"]  # it learned
    assert all(v.dtype == torch.float32 for v in ck["model_state"].values() if v.is_floating_point())

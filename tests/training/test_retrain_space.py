"""The free-space check's figure against what a real run writes: a retrain of the tiny
model, its disk use measured just before each file is freed (writer_app/retrain/run_space.py)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from tiny_model import write_tiny_corpus

from training.retrain import RetrainOptions, retrain
from training.retrain_events import Events
from writer_app.retrain.run_space import needed, run_space

FREEING = {"os.remove", "os.rename", "os.rmdir", "shutil.rmtree"}  # os.replace says os.rename
_watched: list[Path] = []  # the folder measured while a test runs (audit hooks stay for good)
_peaks: list[int] = []


def _bytes_in(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def _audit(event: str, _args: tuple) -> None:
    if _watched and event in FREEING:  # the use is at its highest just before a file goes
        _peaks.append(_bytes_in(_watched[0]))


sys.addaudithook(_audit)


def test_a_run_stays_within_the_space_the_check_asks_for(tiny_model_dir: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Three checkpoints while training (last.pt rewritten beside the old one and best.pt),
    then the export's fp32 files and the quantizer's scratch in the temporary folder, here
    on the store's disk. The old figure (20 bytes a parameter) was below the peak."""
    disk = tmp_path / "disk"
    (disk / "tmp").mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(disk / "tmp"))
    writing = write_tiny_corpus(tmp_path / "writing", files=5, lines=150, seed=3)
    opts = RetrainOptions(base=tiny_model_dir, out=disk / "models" / "mine", paths=[writing],
                          max_steps=30, eval_every=5, threads=1, report_chars=200, bpb_chars=3000)
    _watched.append(disk)
    try:
        retrain(opts, Events(False, open(os.devnull, "w")))
    finally:
        _watched.clear()
    peak = max(_peaks)
    sizes = run_space(tiny_model_dir)
    assert sizes is not None
    estimate = sizes.store_peak(temp_in_store=True)
    assert peak >= 3 * sizes.checkpoint * 0.95  # three checkpoints were seen at once
    assert peak <= needed(estimate) and estimate <= 1.3 * peak, (peak, estimate)
    params = 96_720  # tests/data/tiny-model's card
    assert 20 * params < peak  # the old estimate

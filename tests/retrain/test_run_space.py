"""The free-space check before retraining: what a run writes at its peak, from the base
model's card and files (writer_app/retrain/run_space.py). The measured run is in
tests/training/test_retrain_space.py."""

from __future__ import annotations

import shutil
from collections import namedtuple
from pathlib import Path

import pytest

from writer_app.retrain import run_space
from writer_app.retrain.run_space import needed, space_problem

MB = 1_000_000
Usage = namedtuple("Usage", "total used free")


def free_space(monkeypatch: pytest.MonkeyPatch, free: dict[Path, int]) -> None:
    """shutil.disk_usage as if each folder in ``free`` had that many bytes free."""
    monkeypatch.setattr(shutil, "disk_usage", lambda p: Usage(0, 0, free[Path(p)]))


def test_the_bundled_model_needs_what_a_measured_run_wrote(default_model_dir: Path) -> None:
    """The bundled English model on a tmpfs: checkpoints of 70.8 MB, 212.4 MB at the peak of
    training (three of them), 31.7 MB of the quantizer's scratch in the temporary folder.
    The estimate was 117 MB (20 bytes a parameter) and let a run start on 125 MB."""
    sizes = run_space.run_space(default_model_dir)
    assert sizes is not None
    assert 70.8 * MB <= sizes.checkpoint <= 72 * MB
    assert 31.6 * MB <= sizes.onnx_fp32 <= 32 * MB
    assert 212.4 * MB <= sizes.store_peak(temp_in_store=False) <= 1.05 * 212.4 * MB
    assert sizes.store_peak(temp_in_store=True) >= 2 * 70.8 * MB + 3 * 31.6 * MB  # the scratch too


def test_a_store_with_125_mb_free_is_refused(default_model_dir: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    store, temp = tmp_path / "not-yet" / "models", tmp_path  # the store need not exist
    sizes = run_space.run_space(default_model_dir)
    assert sizes is not None
    need = needed(sizes.store_peak(temp_in_store=True))  # tmp_path holds both: one disk
    free_space(monkeypatch, {tmp_path: 125 * MB})
    problem = space_problem(default_model_dir, store, temp)
    assert problem == (f"Retraining needs about {need / MB:,.0f} MB free in {store} for its working "
                       "files; 125 MB is free there. Free some space and try again.")
    assert 250 <= need / MB <= 270
    free_space(monkeypatch, {tmp_path: need})
    assert space_problem(default_model_dir, store, temp) == ""


def test_a_temporary_folder_on_another_disk_is_checked_too(default_model_dir: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store, temp = tmp_path / "store", tmp_path / "tmp"
    store.mkdir(), temp.mkdir()
    monkeypatch.setattr(run_space, "same_disk", lambda a, b: False)
    sizes = run_space.run_space(default_model_dir)
    assert sizes is not None
    free_space(monkeypatch, {store: needed(sizes.store_peak(False)), temp: 10 * MB})
    assert space_problem(default_model_dir, store, temp).startswith(
        f"Retraining needs about 36 MB free in {temp} for its working files; 10 MB is free there.")
    free_space(monkeypatch, {store: needed(sizes.store_peak(False)), temp: 40 * MB})
    assert space_problem(default_model_dir, store, temp) == ""
    free_space(monkeypatch, {store: needed(sizes.store_peak(False)) - 1, temp: 40 * MB})
    assert space_problem(default_model_dir, store, temp).startswith(f"Retraining needs about 235 MB free in {store}")


def test_a_base_without_a_readable_card_is_not_checked(tmp_path: Path) -> None:
    assert run_space.run_space(tmp_path) is None
    assert space_problem(tmp_path, tmp_path) == ""

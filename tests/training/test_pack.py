"""Training packs (training.pack): a corpus as token ids, sent part by part to a machine
without the corpora, trains the model the corpus would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from training.config import ModelConfig
from training.data_prep import eval_sets, prepare_documents, training_stream
from training.dataset import build_stream
from training.errors import TrainingError
from training.pack import MANIFEST, read_pack, write_pack
from training.recipe import split_files
from training.run import _pack_start, choose_tokenizer, load_base
from training.tokenizer import train_tokenizer

TINY = ["--embedding-size", "64", "--hidden-size", "64", "--dropout", "0", "--batch-size", "8",
        "--seq-len", "32", "--lr", "1e-2", "--warmup-steps", "2", "--threads", "1", "--no-bar"]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "training", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def data(tiny_corpus):
    return prepare_documents([split_files([tiny_corpus])])


@pytest.fixture(scope="module")
def tok(data):
    return choose_tokenizer(data, ModelConfig(), vocab_size=300)[0]


def test_the_pack_trains_on_the_stream_and_validation_sets_of_the_corpus(data, tok, tmp_path):
    files = write_pack(tmp_path / "pack", tok, data, eval_tokens=3000, part_bytes=4096)
    assert sum(f.name.startswith("train-") for f in files) > 3  # cut into parts
    pack = read_pack(tmp_path / "pack")
    assert pack.tokenizer.to_str() == tok.to_str()
    assert np.array_equal(build_stream(pack.documents, pack.weights, 7), training_stream(tok, data, 7))
    want = eval_sets(tok, data.validation, 3000)
    assert [(s.name, s.bytes, s.ids.tolist()) for s in pack.eval_sets] == \
        [(s.name, s.bytes, s.ids.tolist()) for s in want]
    assert pack.data_card == data.data_card


def test_a_missing_or_damaged_part_is_named(data, tok, tmp_path):
    write_pack(tmp_path / "pack", tok, data, eval_tokens=3000, part_bytes=4096)
    (tmp_path / "pack" / "train-01.npz").unlink()
    with pytest.raises(TrainingError, match=r"train-01\.npz is missing"):
        read_pack(tmp_path / "pack")
    write_pack(tmp_path / "other", tok, data, eval_tokens=3000, part_bytes=4096)
    (tmp_path / "pack" / "train-01.npz").write_bytes((tmp_path / "other" / "train-02.npz").read_bytes())
    with pytest.raises(TrainingError, match="damaged"):
        read_pack(tmp_path / "pack")


def test_a_pack_is_not_written_over(data, tok, tmp_path):
    write_pack(tmp_path / "pack", tok, data, eval_tokens=3000)
    before = (tmp_path / "pack" / MANIFEST).read_text()
    with pytest.raises(TrainingError, match="already holds a pack"):
        write_pack(tmp_path / "pack", tok, data, eval_tokens=500)
    assert (tmp_path / "pack" / MANIFEST).read_text() == before


def test_a_base_is_grown_to_the_pack_tokenizer_as_the_corpus_path_grows_it(tiny_model_dir, data, tmp_path):
    """A pack made with --extend-vocab: training on it starts from the same grown weights."""
    base = tiny_model_dir / "weights.pt"
    size = load_base(base)[1].get_vocab_size()
    grown_tok, cfg, want = choose_tokenizer(data, ModelConfig(), base=base, extend_vocab=size + 20)
    assert grown_tok.get_vocab_size() == size + 20
    tok, cfg2, got = _pack_start(grown_tok, ModelConfig(), base, None)
    assert cfg2.vocab_size == cfg.vocab_size == grown_tok.get_vocab_size()
    assert got.keys() == want.keys() and all(np.array_equal(got[k], want[k]) for k in want)


def test_train_on_a_pack_from_the_command_line(tiny_corpus, tmp_path):
    pack, run = tmp_path / "pack", tmp_path / "run"
    r = cli("pack", str(tiny_corpus), "--out", str(pack), "--vocab-size", "300", "--eval-tokens", "2000")
    assert r.returncode == 0, r.stderr
    assert "train-00.npz" in {p.name for p in pack.iterdir()}
    r = cli("train", "--pack", str(pack), "--run-dir", str(run), "--max-steps", "4", "--eval-every", "2", *TINY)
    assert r.returncode == 0, r.stderr
    assert (run / "best.pt").is_file()
    assert (run / "tokenizer.json").read_text() == (pack / "tokenizer.json").read_text()
    card = json.loads((run / "data.json").read_text())
    assert card["sources"] == json.loads((pack / MANIFEST).read_text())["data_card"]
    r = cli("train", "--pack", str(pack), str(tiny_corpus), "--run-dir", str(tmp_path / "r2"), *TINY)
    assert r.returncode == 2 and "without --recipe" in r.stderr


def test_a_tokenizer_with_another_digest_is_refused(data, tok, tmp_path):
    write_pack(tmp_path / "pack", tok, data, eval_tokens=3000)
    train_tokenizer(["other text entirely " * 50], vocab_size=280).save(str(tmp_path / "pack" / "tokenizer.json"))
    with pytest.raises(TrainingError, match="not the tokenizer"):
        read_pack(Path(tmp_path / "pack"))


def test_weights_brought_back_without_the_optimiser_export_and_fine_tune(tiny_corpus, tmp_path):
    from training.checkpoint import load_checkpoint, save_for_export

    run = tmp_path / "run"
    assert cli("train", str(tiny_corpus), "--run-dir", str(run), "--vocab-size", "300", "--max-steps", "2",
               "--eval-every", "2", "--eval-tokens", "2000", *TINY).returncode == 0
    save_for_export(run / "best.pt", tmp_path / "slim.pt")
    full, slim = load_checkpoint(run / "best.pt"), load_checkpoint(tmp_path / "slim.pt")
    assert "optimizer_state" not in slim and slim["step"] == full["step"] == 2
    assert all(np.array_equal(slim["model_state"][k], v) for k, v in full["model_state"].items())
    assert (tmp_path / "slim.pt").stat().st_size < 0.5 * (run / "best.pt").stat().st_size
    r = cli("export", "--checkpoint", str(tmp_path / "slim.pt"), "--out", str(tmp_path / "model"))
    assert r.returncode == 0, r.stderr
    r = cli("train", str(tiny_corpus), "--base", str(tmp_path / "slim.pt"), "--run-dir", str(tmp_path / "ft"),
            "--max-steps", "2", "--eval-every", "2", "--eval-tokens", "2000", *TINY[6:])
    assert r.returncode == 0, r.stderr


def test_a_damaged_manifest_or_an_unusable_out_folder_is_a_training_error(data, tok, tmp_path):
    pack = tmp_path / "pack"
    write_pack(pack, tok, data, eval_tokens=3000, part_bytes=4096)
    good = json.loads((pack / MANIFEST).read_text())
    for bad in ([1, 2], {**good, "lengths": None}, {k: v for k, v in good.items() if k != "parts"},
                {**good, "weights": good["weights"][:-1]}):
        (pack / MANIFEST).write_text(json.dumps(bad))
        with pytest.raises(TrainingError, match=MANIFEST):
            read_pack(pack)
    (pack / MANIFEST).unlink()
    with pytest.raises(TrainingError, match="already holds a pack or part of one"):  # stale parts
        write_pack(pack, tok, data, eval_tokens=3000)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(TrainingError, match="Cannot make the pack folder"):
        write_pack(a_file / "pack", tok, data, eval_tokens=3000)


def test_a_pack_made_for_another_base_says_so(tiny_model_dir, data, tok, tmp_path):
    with pytest.raises(TrainingError, match="made with another tokenizer"):
        _pack_start(tok, ModelConfig(), tiny_model_dir / "weights.pt", None)

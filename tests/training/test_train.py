from pathlib import Path

import numpy as np
import pytest
import torch
from tiny_model import tiny_model_config, tiny_train_config

from training.checkpoint import load_checkpoint
from training.errors import TrainingError
from training.recipe import split_files
from training.run import run_training


def _run(corpus: Path, run_dir: Path, **kw):
    cfg = kw.pop("cfg", tiny_train_config())
    return run_training([split_files([corpus])], run_dir, tiny_model_config(), cfg, vocab_size=400,
                        log=lambda _m: None, show_bar=False, **kw)


def test_a_few_steps_reduce_validation_loss(tiny_corpus, tmp_path):
    r = _run(tiny_corpus, tmp_path / "run", cfg=tiny_train_config(max_steps=200, eval_every=50))
    losses = [h["val_loss"] for h in r.result.history]
    assert len(losses) == 4
    assert losses[-1] < losses[0] - 0.5
    assert (tmp_path / "run" / "best.pt").is_file() and (tmp_path / "run" / "last.pt").is_file()


class _InterruptError(Exception):
    pass


def test_resume_continues_exactly_where_it_stopped(tiny_corpus, tmp_path):
    full = _run(tiny_corpus, tmp_path / "full")
    w_full = load_checkpoint(tmp_path / "full" / "last.pt")["model_state"]

    def crash_after_step_20(p):
        if p["step"] == 21:
            raise _InterruptError

    with pytest.raises(_InterruptError):
        _run(tiny_corpus, tmp_path / "cut", on_progress=crash_after_step_20)
    assert load_checkpoint(tmp_path / "cut" / "last.pt")["step"] == 20
    resumed = _run(tiny_corpus, tmp_path / "cut", resume=True)
    assert resumed.result.steps == full.result.steps == 60
    w_res = load_checkpoint(tmp_path / "cut" / "last.pt")["model_state"]
    for k in w_full:
        torch.testing.assert_close(w_res[k], w_full[k], rtol=1e-5, atol=1e-6)


def test_resume_with_another_tokenizer_is_refused(tiny_corpus, tmp_path):
    _run(tiny_corpus, tmp_path / "run", cfg=tiny_train_config(max_steps=20))
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("Completely different words here, zebra quartz.\n" * 400, encoding="utf-8")
    (other / "b.txt").write_text("Another file of zebra quartz vocabulary.\n" * 400, encoding="utf-8")
    (tmp_path / "run" / "tokenizer.json").unlink()  # force a new tokenizer to be fitted
    with pytest.raises(TrainingError, match="different tokenizer"):
        run_training([split_files([other])], tmp_path / "run", tiny_model_config(), tiny_train_config(max_steps=40),
                     vocab_size=400, resume=True, log=lambda _m: None, show_bar=False)


def test_corpus_too_small_for_a_validation_split(tmp_path):
    (tmp_path / "tiny.txt").write_text("Just one short line.\n", encoding="utf-8")
    with pytest.raises(TrainingError, match="too small"):
        _run(tmp_path / "tiny.txt", tmp_path / "run")


def test_fine_tuning_starts_from_the_base_weights(tiny_corpus, tmp_path, tiny_model_dir):
    cfg = tiny_train_config(max_steps=1, eval_every=1)
    tuned = _run(tiny_corpus, tmp_path / "ft", cfg=cfg, base=tiny_model_dir)
    scratch = _run(tiny_corpus, tmp_path / "scratch", cfg=cfg)
    assert tuned.result.history[0]["val_loss"] < scratch.result.history[0]["val_loss"] - 1.0


def test_checkpoints_hold_state_dicts_loadable_with_weights_only(tiny_corpus, tmp_path):
    _run(tiny_corpus, tmp_path / "run", cfg=tiny_train_config(max_steps=20))
    payload = torch.load(tmp_path / "run" / "best.pt", weights_only=True)
    assert all(isinstance(v, torch.Tensor) for v in payload["model_state"].values())
    assert payload["model_config"]["hidden_size"] == 64
    assert not list((tmp_path / "run").glob("*.tmp"))


def test_stream_lanes_cover_distinct_text(tiny_corpus, tmp_path):
    from training.dataset import LaneBatcher

    stream = np.arange(10_000, dtype=np.int32)
    b = LaneBatcher(stream, batch_size=4, seq_len=10, rank=1, world_size=2)
    x, y = b.batch(0)
    assert x.shape == (4, 10) and (y[:, :-1] == x[:, 1:]).all()
    assert x[0, 0] == 4 * b.lane_len  # rank 1 reads lanes 4..7


@pytest.mark.parametrize("sep", ["", " "])
def test_a_huge_last_paragraph_is_cut_not_held_out_whole(sep):
    """Chinese text often has few paragraph breaks: a last paragraph of 11,500 characters
    was held out whole (85% of the text), leaving too little to train on."""
    from training.corpus import Document
    from training.data_prep import _hold_out_tail

    sentence = sep.join(["他叹了一口气，说道：“我们明天再去。”"] * 600)
    text = "\n".join(["第一章", "我们明天早上去市场。" * 20, sentence])
    train, held = _hold_out_tail([Document(Path("my.txt"), text)])
    kept, out = train[0].text, held[0].text
    assert kept + out == text
    assert len(text) // 10 <= len(out) <= len(text) // 5
    assert out.startswith("他叹了一口气")  # the cut falls after a sentence end


def test_paragraphs_still_go_whole_when_they_fit():
    from training.corpus import Document
    from training.data_prep import _hold_out_tail

    paras = [f"Paragraph {i} " + "word " * 40 for i in range(60)]
    train, held = _hold_out_tail([Document(Path("a.txt"), "\n".join(paras))])
    assert held[0].text.split("\n")[0].startswith("Paragraph 5")  # whole paragraphs from the end
    assert "\n".join([train[0].text, held[0].text]) == "\n".join(paras)


def test_a_checkpoint_write_on_a_full_disk_raises_enospc_and_keeps_the_old_one(tmp_path, monkeypatch):
    """torch.save turns the write's ENOSPC into "RuntimeError: [enforce fail at
    inline_container.cc:672]"; save_checkpoint gives the OSError back to its callers."""
    import errno
    import os

    from tiny_model import fill_disk_after

    from training.checkpoint import save_checkpoint

    path = tmp_path / "last.pt"
    save_checkpoint(path, {"step": torch.ones(3)})
    before = path.read_bytes()
    monkeypatch.setattr(os, "fdopen", fill_disk_after(100))
    with pytest.raises(OSError) as info:
        save_checkpoint(path, {"step": torch.zeros(10_000)})
    assert info.value.errno == errno.ENOSPC
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["last.pt"]

"""The training command line is made from the config dataclasses: every field is an option
with the field's default, and each option refuses exactly what its field's range refuses."""

from __future__ import annotations

import argparse
from dataclasses import fields

import pytest

from training.cli import build_parser, main
from training.config import ModelConfig, RetrainOptions, TrainConfig
from training.errors import TrainingError
from writer_app.settings.options import option_info


def _parser(command: str = "train") -> argparse.ArgumentParser:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[command]


def _train_parser() -> argparse.ArgumentParser:
    return _parser("train")


def _option(parser: argparse.ArgumentParser, name: str) -> argparse.Action:
    flag = "--" + name.replace("_", "-")
    return next(a for a in parser._actions if flag in a.option_strings)


@pytest.mark.parametrize(("command", "cls"), [("train", ModelConfig), ("train", TrainConfig),
                                              ("retrain", RetrainOptions)])
def test_every_config_field_is_an_option_with_its_range(command, cls) -> None:
    parser = _parser(command)
    for f in fields(cls):
        info = option_info(cls, f.name)
        if not info.cli:
            continue
        action = _option(parser, f.name)
        assert info.help and info.help in action.help
        # ModelConfig's sizes default to None ("not given"), the others to the field's.
        assert action.default == (None if cls is ModelConfig else f.default)
        r = info.range
        if r is None:
            continue
        step = 1e-6 if "float" in str(f.type) else 1
        for edge, is_open, outside in ((r.lo, r.lo_open, -step), (r.hi, r.hi_open, step)):
            if edge is None:
                continue
            with pytest.raises(argparse.ArgumentTypeError, match="out of range"):
                action.type(str(edge if is_open else edge + outside))
            if not is_open:
                assert action.type(str(edge)) == edge


def test_options_reach_the_train_config(monkeypatch, tmp_path) -> None:
    import training.run

    seen = {}

    def fake_run_training(sources, run_dir, mc, tc, **kw):
        seen.update(mc=mc, tc=tc)
        raise TrainingError("stop here")

    monkeypatch.setattr(training.run, "run_training", fake_run_training)
    (tmp_path / "a.txt").write_text("some text\n", encoding="utf-8")
    argv = ["train", str(tmp_path / "a.txt"), "--run-dir", str(tmp_path / "r"),
            "--grad-clip", "0.5", "--min-lr-ratio", "0.2", "--hidden-size", "64"]
    assert main(argv) == 2
    tc, mc = seen["tc"], seen["mc"]
    assert (tc.grad_clip, tc.min_lr_ratio, tc.batch_size) == (0.5, 0.2, TrainConfig.batch_size)
    assert (mc.hidden_size, mc.embedding_size) == (64, ModelConfig.embedding_size)


def test_retrain_options_reach_retrain(monkeypatch, tmp_path) -> None:
    import training.retrain

    seen = {}

    def fake_retrain(opts, events, committing):
        seen["opts"] = opts
        raise TrainingError("stop here")

    monkeypatch.setattr(training.retrain, "retrain", fake_retrain)
    argv = ["retrain", "--base", "b", "--out", str(tmp_path / "o"), "p", "--eval-tokens", "500",
            "--max-steps", "7", "--lr", "0.002"]
    assert main(argv) == 2
    o = seen["opts"]
    assert (o.eval_tokens, o.max_steps, o.lr, o.max_minutes) == (500, 7, 0.002, None)
    assert (o.patience, o.min_chars, str(o.base), [str(p) for p in o.paths]) == (
        RetrainOptions.patience, RetrainOptions.min_chars, "b", ["p"])

"""Recipes: the shipped ones load, and the tokenizer and decoding keys reach the pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.errors import TrainingError
from training.recipe import load_recipe

REPO = Path(__file__).resolve().parent.parent.parent
CORPORA = REPO.parent / "shared" / "corpora"


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "c" / "zh").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / "c" / "zh" / name).write_text("我们去公园散步。\n", encoding="utf-8")
    path = tmp_path / "r.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_han_chars_and_decoding_are_read(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name = "x"\nhan_chars = true\n\n[decoding]\nbeam_width = 4\n\n'
                  '[[source]]\npath = "zh"\nvalidation = ["a.txt"]\ntest = ["b.txt"]\n')
    r = load_recipe(path, tmp_path / "c")
    assert r.han_chars and r.decoding == {"beam_width": 4}
    assert [p.name for p in r.sources[0].train] == ["c.txt"]


def test_defaults_without_the_keys(tmp_path: Path) -> None:
    r = load_recipe(_write(tmp_path, '[[source]]\npath = "zh"\n'), tmp_path / "c")
    assert not r.han_chars and r.decoding == {}


def test_a_missing_held_out_file_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[source]]\npath = "zh"\ntest = ["nope.txt"]\n')
    with pytest.raises(TrainingError, match="nope.txt"):
        load_recipe(path, tmp_path / "c")


def test_the_shipped_recipes_load() -> None:
    zh = load_recipe(REPO / "training" / "recipes" / "zh_default.toml", CORPORA)
    en = load_recipe(REPO / "training" / "recipes" / "en_default.toml", CORPORA)
    assert zh.han_chars and zh.decoding == {"beam_width": 4} and zh.language == "zh"
    assert not en.han_chars and en.decoding == {"beam_width": 4, "threshold": 0.17}
    assert all(s.train for s in zh.sources + en.sources)


def test_the_card_names_data_relative_to_the_corpora_root(tmp_path: Path) -> None:
    """Not by the build machine's path: "zh" and "zh/a.txt" under the corpora root."""
    from training.data_prep import prepare_documents
    from training.recipe import split_files

    path = _write(tmp_path, '[[source]]\npath = "zh"\nvalidation = ["a.txt"]\ntest = ["b.txt"]\n')
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / "c" / "zh" / name).write_text("我们去公园散步。\n" * 400, encoding="utf-8")
    card = prepare_documents(load_recipe(path, tmp_path / "c").sources).data_card
    assert [(d["source"], d["validation_files"], d["test_files"]) for d in card] == [
        ("zh", ["zh/a.txt"], ["zh/b.txt"])]
    assert str(tmp_path) not in repr(card)
    plain = prepare_documents([split_files([tmp_path / "c" / "zh"])]).data_card
    assert plain[0]["source"] == "zh" and len(plain[0]["validation_files"]) == 1
    assert plain[0]["validation_files"][0] in ("zh/a.txt", "zh/b.txt", "zh/c.txt")
    assert str(tmp_path) not in repr(plain)


def test_a_test_only_source_gives_test_documents_and_no_validation(tmp_path: Path) -> None:
    """A recipe's held-out texts as a source of their own (every file a test file, none
    trained on): its group is a test set, and it neither trains nor validates."""
    from training.data_prep import prepare_documents

    path = _write(tmp_path, '[[source]]\npath = "zh"\ngroup = "train"\nvalidation = ["a.txt"]\n'
                  'exclude = ["b.txt"]\n\n[[source]]\npath = "zh"\ngroup = "stories"\nweight = 0.0\n'
                  'exclude = ["*"]\ntest = ["b.txt"]\n')
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / "c" / "zh" / name).write_text(f"{name}：我们去公园散步。\n" * 400, encoding="utf-8")
    data = prepare_documents(load_recipe(path, tmp_path / "c").sources)
    assert sorted(data.validation) == ["train"] and sorted(data.test) == ["stories"]
    assert [d.path.name for d in data.test["stories"]] == ["b.txt"]
    assert [d.path.name for d, _ in data.train] == ["c.txt"]

"""bench.held_out: a recipe source's held-out tail, exactly the text training validated on
and never trained on."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.held_out import held_out_text, main
from training.data_prep import prepare_documents
from training.recipe import load_recipe


@pytest.fixture
def recipe(tmp_path: Path) -> Path:
    corpora = tmp_path / "corpora"
    (corpora / "gov").mkdir(parents=True)
    (corpora / "gov" / "guide.txt").write_text(
        "\n".join(f"Paragraph {i}: write for the reader{', in plain words' * (i % 5)}, one idea at a time."
                  for i in range(200)),
        encoding="utf-8")
    (corpora / "book").mkdir()
    (corpora / "book" / "a.txt").write_text("A story. " * 2000, encoding="utf-8")
    (corpora / "book" / "b.txt").write_text("Another story. " * 400, encoding="utf-8")
    r = tmp_path / "r.toml"
    r.write_text('name = "t"\n[[source]]\npath = "gov"\n\n[[source]]\npath = "book"\nvalidation = ["b.txt"]\n',
                 encoding="utf-8")
    return r


def test_the_held_out_tail_is_what_training_validates_on_and_never_trains_on(recipe: Path) -> None:
    corpora = recipe.parent / "corpora"
    text = held_out_text(recipe, "gov", corpora)
    assert text.startswith("Paragraph ") and text.endswith("Paragraph 199: write for the reader, in plain "
                                                              "words, in plain words, in plain words, in plain "
                                                              "words, one idea at a time.")
    first = int(text.split(":", 1)[0].split()[1])  # the first paragraph held out
    assert 170 <= first <= 190  # about the last 10%
    data = prepare_documents(load_recipe(recipe, corpora).sources)
    trained = "\n".join(d.text for d, _ in data.train)
    assert f"Paragraph {first - 1}:" in trained and f"Paragraph {first}:" not in trained
    assert data.validation["all"][0].text == text


def test_a_missing_source_or_one_that_names_its_validation_files_is_refused(recipe: Path, tmp_path: Path) -> None:
    corpora = recipe.parent / "corpora"
    with pytest.raises(ValueError, match="0 sources"):
        held_out_text(recipe, "nowhere", corpora)
    assert held_out_text(recipe, "book", corpora).startswith("Another story.")  # its named file
    with pytest.raises(SystemExit, match="0 sources"):
        main(["--recipe", str(recipe), "--source", "nowhere", "--corpora", str(corpora),
              "--out", str(tmp_path / "x.txt")])

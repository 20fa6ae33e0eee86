"""The writer's n-gram cache (writer_app/inference/writer_ngrams.py): a retrained model's
folder keeps the n-grams of the text it was trained on, and the Suggester offers the
writer's own set phrases from them; a folder without the file works as before, a damaged
file is refused like any damaged model file."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from tokenizers import Tokenizer

from writer_app.inference import DecodingConfig, ModelLoadError, Suggester
from writer_app.inference.model_card import ModelCard
from writer_app.inference.model_folder import folder_problem
from writer_app.inference.writer_ngrams import (
    FILE_NAME,
    WriterCache,
    count_ngrams,
    prune,
    read_ngrams,
    write_ngrams,
    writer_ngrams_section,
)

PLACES = ["the kitchen", "the barn", "the study", "the church", "the back room", "the hall"]
THINGS = ["the harvest", "the roof", "her garden", "the new curate", "the weather", "the rent"]


def diary(days: int = 30) -> str:
    """A writer's journal that keeps saying the same things in varied sentences."""
    rng = random.Random(1)

    def day(i: int) -> str:
        cold = (f"{rng.choice(PLACES).capitalize()} was cold as a cellar "
                f"{rng.choice(['this morning', 'again', 'all day'])}.")
        sister = rng.choice([f"Wrote to my sister in Carlisle about {rng.choice(THINGS)}.",
                             "Wrote to my sister in Carlisle.",
                             "A letter from my sister in Carlisle came with the post."])
        return f"Day {i}. {cold} {sister}"

    return "\n".join(day(i) for i in range(1, days + 1))


def with_writer_ngrams(base: Path, folder: Path, texts: list[str]) -> Path:
    """``base``'s model (its files linked) with the writer's n-grams of ``texts``, as a
    retrain writes them (training/package.py: the file, then the card listing it)."""
    folder.mkdir()
    for name in ("model.onnx", "tokenizer.json"):
        (folder / name).symlink_to((base / name).resolve())
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    ModelCard.read(base).merged(writer_ngrams_section(folder, tok, texts)).write(folder)
    return folder


@pytest.fixture(scope="module")
def writers_model(default_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_writer_ngrams(default_model_dir, tmp_path_factory.mktemp("writer") / "model", [diary()])


@pytest.mark.parametrize(("text", "phrase"), [("The parlour was cold as a", " cellar"),
                                             ("Wrote to my sister in", " Carlisle"),
                                             ("Wrote to my sister in Car", "lisle")])
def test_the_writers_set_phrase_is_offered(default_model_dir: Path, writers_model: Path,
                                           text: str, phrase: str) -> None:
    """A tester's retrained model offered " man" after his "cold as a" and "the morning"
    after his "Wrote to my sister in", said dozens of times; the counts of his text offer
    " cellar" and " Carlisle", with the document cache on or off."""
    bundled = Suggester.load(default_model_dir)
    assert not bundled.propose(text).text.startswith(phrase)  # type: ignore[union-attr]
    mine = Suggester.load(writers_model)
    assert mine.writer_cache is not None
    for config in (DecodingConfig(), DecodingConfig(document_cache=False)):
        got = mine.suggest(text, config)
        assert got is not None and got.text.startswith(phrase), got
    mine.writer_cache = None  # without its counts: the model alone again
    assert mine.propose(text) == bundled.propose(text)


def test_other_writing_gets_no_phrase_of_the_writers(writers_model: Path) -> None:
    assert Suggester.load(writers_model).suggest(
        "Dear Mr Smith, thank you for your letter about the") is None


def test_a_folder_without_the_file_works_as_before(tiny_model_dir: Path) -> None:
    s = Suggester.load(tiny_model_dir)
    assert s.writer_cache is None and ModelCard.read(tiny_model_dir).writer_ngrams is None
    assert folder_problem(tiny_model_dir) is None


def test_the_card_lists_the_file_with_its_checksum(writers_model: Path) -> None:
    section = ModelCard.read(writers_model).writer_ngrams
    assert section is not None and section["file"] == FILE_NAME
    assert section["bytes"] == (writers_model / FILE_NAME).stat().st_size
    assert section["ngrams"] > 0 and section["min_count"] == 2
    assert len(section["sha256"]) == 64


def test_a_damaged_or_missing_file_is_refused_like_a_damaged_model(
        default_model_dir: Path, tmp_path: Path) -> None:
    folder = with_writer_ngrams(default_model_dir, tmp_path / "model", [diary(8)])
    path = folder / FILE_NAME
    good = path.read_bytes()
    path.write_bytes(good[:len(good) // 2])  # cut short
    for check in (lambda: Suggester.load(folder), lambda: _raise(folder_problem(folder))):
        with pytest.raises(ModelLoadError, match="checksum differs"):
            check()
    path.unlink()
    with pytest.raises(ModelLoadError, match=f"{FILE_NAME} is missing"):
        Suggester.load(folder)
    # a file whose checksum the card agrees with, but not an n-gram file
    path.write_bytes(b"not an npz file" * 10)
    card = ModelCard.read(folder)
    card.merged({"writer_ngrams": {"sha256": None}}).write(folder)
    with pytest.raises(ModelLoadError, match="damaged"):
        Suggester.load(folder)


def _raise(problem: str | None) -> None:
    if problem:
        raise ModelLoadError(problem)


def test_prune_keeps_what_the_writer_repeats_and_every_unigram(default_model_dir: Path,
                                                                tmp_path: Path) -> None:
    tok = Tokenizer.from_file(str(default_model_dir / "tokenizer.json"))
    grams = count_ngrams(tok, ["a cold cellar\na cold cellar\nonce only here", "a cold cellar"])
    kept = prune(grams)
    cellar = tuple(tok.encode(" cold cellar", add_special_tokens=False).ids)
    once = tuple(tok.encode(" only here", add_special_tokens=False).ids)
    assert kept[cellar] == 3 and once not in kept
    assert {g for g in grams if len(g) == 1} == {g for g in kept if len(g) == 1}
    # at most max_ngrams, the most frequent; an n-gram kept keeps its shorter end
    few = prune(grams, max_ngrams=3)
    assert sum(len(g) > 1 for g in few) == 3
    assert all(g[1:] in few for g in few if len(g) > 1)
    write_ngrams(tmp_path, kept)
    assert read_ngrams(tmp_path / FILE_NAME, tok.get_vocab_size()) == kept


def test_only_the_last_tokens_are_counted(default_model_dir: Path) -> None:
    tok = Tokenizer.from_file(str(default_model_dir / "tokenizer.json"))
    grams = count_ngrams(tok, ["first line of old text", "the last line"], max_tokens=4)
    assert sum(c for g, c in grams.items() if len(g) == 1) == 3  # " the last line": 3 tokens


def test_the_cache_mixes_as_the_document_cache_does(default_model_dir: Path) -> None:
    """Its part is DocCache's: the writer's continuation gets its share, a context the
    writer never wrote leaves the model alone (unigram weight 0)."""
    tok = Tokenizer.from_file(str(default_model_dir / "tokenizer.json"))
    cache = WriterCache(prune(count_ngrams(tok, [diary()])))
    ctx = tok.encode("was cold as a", add_special_tokens=False).ids
    cell = tok.encode(" cell", add_special_tokens=False).ids[0]
    logits = np.zeros((2, tok.get_vocab_size()), np.float32)
    unseen = tok.encode("purple elephants", add_special_tokens=False).ids
    out = cache.adjust(logits, [ctx, unseen])
    p = np.exp(out[0].astype(np.float64) - np.logaddexp.reduce(out[0].astype(np.float64)))
    assert p[cell] > 0.8  # 30 times: each of the 3 orders of context gives it 0.7 * 30 / 46
    assert (out[1] == logits[1]).all()
    with pytest.raises(TypeError):
        cache.set_text("it is read-only")


def test_without_a_unigram_share_only_the_ngrams_tokens_are_mixed(default_model_dir: Path) -> None:
    """unigram_weight 0 (the writer's default): the part holds only the tokens the rows'
    n-grams give mass to, and the mixture is still a p_lm + s exactly."""
    tok = Tokenizer.from_file(str(default_model_dir / "tokenizer.json"))
    cache = WriterCache(prune(count_ngrams(tok, [diary()])), unigram_weight=0.0)
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(3, tok.get_vocab_size())).astype(np.float32)
    contexts = [tok.encode(t, add_special_tokens=False).ids
                for t in ("cold as a", "Wrote to my sister in", "was cold")]
    part = cache.part(contexts)
    assert part is not None and len(part.ids) < 20
    out = cache.adjust(logits, contexts).astype(np.float64)
    for row, context in enumerate(contexts):
        a, _, s = cache.cache_distribution(context)
        p_lm = np.exp(logits[row] - np.logaddexp.reduce(logits[row].astype(np.float64)))
        want = a * p_lm
        want[list(s)] += list(s.values())
        got = np.exp(out[row] - np.logaddexp.reduce(out[row]))
        assert np.allclose(got, want, atol=1e-6)

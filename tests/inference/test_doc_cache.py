"""The document cache (issue 14): the document's own token n-grams raise what it keeps
saying, off gives the model alone, incremental updates equal a rebuild, the cap evicts
the oldest lines."""

from __future__ import annotations

import random
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path

import numpy as np
import pytest
from tokenizers import Tokenizer

from writer_app.inference import DecodingConfig, Suggester
from writer_app.inference.candidates import word_start
from writer_app.inference.doc_cache import DocCache, DocumentEdit
from writer_app.inference.lm_session import OnnxLanguageModel, RuntimeOptions
from writer_app.inference.suggester import BACKGROUND_CHARS

NAME_TEXT = ("Captain Vorbisk looked out. The crew waited for Captain Vorbisk. "
             "Later, Captain Vorbisk spoke. At dawn Captain Vorb")


def _cache(model_dir: Path, **kwargs: object) -> tuple[DocCache, Tokenizer]:
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    encode = lambda lines: [tok.encode(x, add_special_tokens=False).ids for x in lines]  # noqa: E731
    return DocCache(encode, **kwargs), tok  # type: ignore[arg-type]


def test_the_cache_raises_the_probability_of_a_repeated_rare_name(default_model_dir: Path) -> None:
    doc, tok = _cache(default_model_dir)
    ids = tok.encode(" Captain Vorbisk", add_special_tokens=False).ids
    context, name = ids[:-1], ids[-1]  # ... " Captain" " V" "orb" -> "isk"
    logits = np.zeros((1, tok.get_vocab_size()), np.float32)  # the model: uniform
    before = logits[0, name] - np.logaddexp.reduce(logits[0])
    doc.set_text("Captain Vorbisk looked out.\nThe crew waited for Captain Vorbisk.")
    out = doc.adjust(logits, [context])
    after = out[0, name] - np.logaddexp.reduce(out[0].astype(np.float64))
    assert np.exp(after) > 0.2 > 10 * np.exp(before)
    # A context the document never had gets only the document's word frequencies (the
    # unigram): its own tokens rise a little, every other token keeps its logit.
    unseen = tok.encode(" purple elephants", add_special_tokens=False).ids
    out = doc.adjust(logits, [unseen])
    doc_ids = {t for line in ("Captain Vorbisk looked out.", "The crew waited for Captain Vorbisk.")
               for t in tok.encode(line, add_special_tokens=False).ids}
    changed = set(np.flatnonzero(out[0] != logits[0]).tolist())
    assert changed == doc_ids and (out[0, sorted(doc_ids)] > logits[0, sorted(doc_ids)]).all()
    without, _ = _cache(default_model_dir, unigram_weight=0.0)
    without.set_text("Captain Vorbisk looked out.")
    assert without.adjust(logits, [unseen]) is logits


def test_a_context_always_continued_the_same_way_earns_more_than_a_varied_one(
        default_model_dir: Path) -> None:
    """The weight of a context's counts follows how sure they are (the share of its most
    frequent continuation) and how often it was seen: "Captain" always followed by
    " Vorbisk" outweighs " the", followed by a different word each time."""
    doc, tok = _cache(default_model_dir, unigram_weight=0.0)
    doc.set_text("Captain Vorbisk. Captain Vorbisk. Captain Vorbisk.\n"
                 "in the hold, in the rigging, in the galley, in the boat")
    captain = tuple(tok.encode("Captain", add_special_tokens=False).ids)
    the = tuple(tok.encode(" in the", add_special_tokens=False).ids)
    a_sure, _, s_sure = doc.cache_distribution(captain)
    a_varied, _, s_varied = doc.cache_distribution(the)
    assert 1.0 - a_sure > 2 * (1.0 - a_varied) > 0.0
    assert max(s_sure.values()) > 0.2 > max(s_varied.values())


def test_the_suggester_completes_a_name_the_document_keeps_using(default_model_dir: Path) -> None:
    s = Suggester.load(default_model_dir)
    on = s.propose(NAME_TEXT, DecodingConfig(document_cache=True))
    off = s.propose(NAME_TEXT, DecodingConfig(document_cache=False))
    assert on is not None and on.text.startswith("isk")
    assert off is None or not off.text.startswith("isk")


def test_document_cache_off_gives_the_model_alone(tiny_model_dir: Path) -> None:
    """document_cache=False: exactly the suggestions of a Suggester that never saw the
    document (today's behaviour), however much of it the cache holds."""
    fresh = Suggester.load(tiny_model_dir)
    fed = Suggester.load(tiny_model_dir)
    text = "The cat sat on the mat. The cat sat on the mat. The cat sat on the mat. The cat"
    fed.update_document(1, [DocumentEdit.whole(text * 20)])
    cache = fed.document_cache(1)
    assert cache is not None and cache.tokens > 0
    off = DecodingConfig(document_cache=False, threshold=0.0)
    for prompt in ["The cat", "The cat sat on the", text, "He opened the"]:
        assert fed.suggest_in(1, prompt, off) == fresh.suggest(prompt, off)
        assert fed.suggest(prompt, off) == fresh.suggest(prompt, off)
    on = DecodingConfig(document_cache=True, threshold=0.0)
    assert any(fed.suggest_in(1, p, on) != fresh.suggest(p, off) for p in ["The cat sat on the", text])


def test_an_incremental_update_equals_a_rebuild(tiny_model_dir: Path) -> None:
    doc, _ = _cache(tiny_model_dir)
    rng = random.Random(7)
    words = ["the", "cat", "sat", "on", "mat", "Vorbisk", "said", ".", "我们", "市场"]
    lines = [" ".join(rng.choices(words, k=rng.randint(0, 12))) for _ in range(30)]
    doc.set_text("\n".join(lines))
    for _ in range(200):
        start = rng.randint(0, len(lines))
        end = rng.randint(start, min(len(lines), start + 3))
        new = [" ".join(rng.choices(words, k=rng.randint(0, 12))) for _ in range(rng.randint(0, 3))]
        lines[start:end] = new
        doc.apply(DocumentEdit(start, end, tuple(new)))
    rebuilt, _ = _cache(tiny_model_dir)
    rebuilt.set_text("\n".join(lines))
    assert doc.line_count == len(lines) == rebuilt.line_count
    assert doc.ngram_counts() == rebuilt.ngram_counts() and doc.tokens == rebuilt.tokens
    with pytest.raises(IndexError):
        doc.apply(DocumentEdit(len(lines) + 1, None, ()))


def test_following_the_text_before_the_cursor_equals_a_rebuild(tiny_model_dir: Path) -> None:
    """sync_prefix (scripts, the bench): typing at the end, then an edit before it."""
    doc, _ = _cache(tiny_model_dir)
    text = "The cat sat on the mat.\nHe opened the door. The cat sat.\nThe end"
    for i in range(len(text) + 1):
        doc.sync_prefix(text[:i], word_start(text[:i]))
    doc.sync_prefix("A dog" + text, word_start("A dog" + text))
    rebuilt, _ = _cache(tiny_model_dir)
    rebuilt.set_text("A dog" + text[: text.rfind(" ") + 1])  # the word being typed is not counted
    assert doc.ngram_counts() == rebuilt.ngram_counts()


def test_the_cap_evicts_the_oldest_lines(tiny_model_dir: Path) -> None:
    _, tok = _cache(tiny_model_dir)
    first, second, third = "the cat sat", "a dog ran far", "he opened the door"
    n = [len(tok.encode(x, add_special_tokens=False).ids) for x in (first, second, third)]
    cap = max(n[0], n[1]) + n[2]
    assert cap < sum(n)
    doc, _ = _cache(tiny_model_dir, max_tokens=cap)
    doc.set_text(first)
    doc.apply(DocumentEdit(1, 1, (second,)))
    doc.apply(DocumentEdit(2, 2, (third,)))  # over the cap: the first line goes
    only_last_two, _ = _cache(tiny_model_dir)
    only_last_two.set_text(f"{second}\n{third}")
    assert doc.ngram_counts() == only_last_two.ngram_counts() and doc.tokens <= cap
    # Editing the oldest line makes it the newest: now the second line goes.
    doc.apply(DocumentEdit(0, 1, (first,)))
    newest, _ = _cache(tiny_model_dir)
    newest.set_text(f"{first}\n{third}")
    assert doc.ngram_counts() == newest.ngram_counts()
    # A document far over the cap is tokenized only as far back as the cap needs.
    big, _ = _cache(tiny_model_dir, max_tokens=50)
    big.set_text("\n".join(["the cat sat on the mat"] * 10_000))
    assert big.line_count == 10_000 and big.tokens <= 50


def test_following_a_moving_window_equals_a_rebuild(tiny_model_dir: Path) -> None:
    """The editor sends the last CONTEXT_CHARS characters: the window's start moves as
    the writer types at the end, lines leave it, and the counts stay those of a rebuild."""
    doc, _ = _cache(tiny_model_dir)
    text = "\n".join(f"the cat sat on mat {i}. he opened the door" for i in range(12))
    width = 60
    for i in range(0, len(text) + 1, 3):
        window = text[max(0, i - width):i]
        doc.sync_prefix(window, word_start(window))
        rebuilt, _ = _cache(tiny_model_dir)
        rebuilt.set_text(window[:word_start(window)])  # the word being typed is not counted
        assert doc.ngram_counts() == rebuilt.ngram_counts(), i


class _HeldBuilder(Executor):
    """Runs nothing until told to: shows what happens before a background build ends."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[..., object], tuple[object, ...]]] = []

    def submit(self, fn: Callable[..., object], /, *args: object, **kwargs: object) -> Future[object]:
        self.jobs.append((fn, args))
        return Future()

    def run_all(self) -> None:
        while self.jobs:
            fn, args = self.jobs.pop(0)
            fn(*args)


def test_a_large_document_opened_is_counted_off_the_keystroke_path(tiny_model_dir: Path) -> None:
    """A file opened (the whole text, over BACKGROUND_CHARS) is counted on the builder
    thread: neither update_document nor a suggestion meanwhile counts it; edits made during
    the build are applied after it; the result equals a rebuild of the final text."""
    builder = _HeldBuilder()
    s = Suggester(OnnxLanguageModel.load(tiny_model_dir, RuntimeOptions()), builder=builder)
    lines = [f"the cat sat on mat {i}. he opened the door" for i in range(BACKGROUND_CHARS // 20)]
    s.update_document(1, [DocumentEdit.whole("\n".join(lines))])
    assert s.document_cache(1) is None and len(builder.jobs) == 1  # not counted in the call
    on = DecodingConfig(document_cache=True, threshold=0.0)
    s.suggest_in(1, "The cat sat on the", on)  # answered without the document's cache
    assert s.document_cache(1) is None and len(builder.jobs) == 1
    s.update_document(1, [DocumentEdit(0, 1, ("Captain Vorbisk looked out.",))])  # during the build
    builder.run_all()
    doc = s.document_cache(1)
    rebuilt, _ = _cache(tiny_model_dir)
    rebuilt.set_text("\n".join(["Captain Vorbisk looked out.", *lines[1:]]))
    assert doc is not None and doc.ngram_counts() == rebuilt.ngram_counts()
    # A small document is counted at once, as before; a forgotten build is dropped.
    s.update_document(2, [DocumentEdit.whole("the cat sat")])
    assert s.document_cache(2) is not None and not builder.jobs
    s.update_document(3, [DocumentEdit.whole("\n".join(lines))])
    s.forget_document(3)
    builder.run_all()
    assert s.document_cache(3) is None


def test_typing_in_a_line_recounts_only_its_new_tokens(tiny_model_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A line replaced by one line (the writer typing in it, or sync_prefix at each word
    end) changes only the n-grams past the tokens the old and new line share: typing a
    long paragraph costs its length once, not once per word; the counts and the order of
    eviction are those of a rebuild."""
    doc, _ = _cache(tiny_model_dir)
    counted = []
    add = DocCache._add

    def spy(self: DocCache, ids: tuple[int, ...], sign: int, first: int = 0) -> None:
        counted.append(len(ids) - first)
        add(self, ids, sign, first) if first else add(self, ids, sign)

    monkeypatch.setattr(DocCache, "_add", spy)
    words = ("the cat sat on the mat and the dog ran to the door " * 20).split(" ")
    text = ""
    for word in words:
        text += word + " "
        doc.sync_prefix(text, len(text))
    rebuilt, _ = _cache(tiny_model_dir)
    rebuilt.set_text(text)
    assert doc.ngram_counts() == rebuilt.ngram_counts() and doc.tokens == rebuilt.tokens
    assert np.array_equal(doc._unigram, rebuilt._unigram[:len(doc._unigram)])
    assert sum(counted) < 6 * doc.tokens  # recounting the paragraph at each word: ~100x
    # the line typed in is the newest: over the cap, the other line goes first
    capped, tok = _cache(tiny_model_dir, max_tokens=12)
    capped.set_text("a dog ran far\nthe cat")
    capped.apply(DocumentEdit(1, 2, ("the cat sat on",)))
    capped.apply(DocumentEdit(2, 2, ("he ran",)))
    newest, _ = _cache(tiny_model_dir)
    newest.set_text("the cat sat on\nhe ran")
    assert capped.tokens <= 12 and capped.ngram_counts() == newest.ngram_counts()


def test_a_short_document_is_not_offered_back_to_itself(default_model_dir: Path) -> None:
    """In a document of one sentence every context was seen once and looks sure; the
    n-gram weights grow with the document (ramp_tokens), so the second clause is not
    completed with the first one's words."""
    text = "It was a cold morning, and the sun was"
    doc, tok = _cache(default_model_dir)
    eager, _ = _cache(default_model_dir, ramp_tokens=0.0)
    for d in (doc, eager):
        d.set_text("It was a cold morning, and the sun")
    was = tok.encode(" the sun was", add_special_tokens=False).ids
    a = tok.encode(" a", add_special_tokens=False).ids[0]
    assert doc.cache_distribution(was)[2][a] < 0.5 * eager.cache_distribution(was)[2][a]
    sug = Suggester.load(default_model_dir).suggest(text, DecodingConfig(document_cache=True))
    assert sug is None or not sug.text.startswith(" a cold")
    with pytest.raises(ValueError):
        _cache(default_model_dir, ramp_tokens=-1.0)


def test_typing_at_the_end_of_a_long_text_touches_its_last_line_only(
        tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """sync_prefix: while the writer types in the last line, the lines before it are not
    split or compared line by line again (a cost that grew with the document); the counts
    are a rebuild's."""
    doc, _ = _cache(tiny_model_dir)
    text = "\n".join(f"line {i} of the cat and the mat." for i in range(2000)) + "\nThe cat sat on the"
    splits = []
    sync = DocCache._sync_lines
    monkeypatch.setattr(DocCache, "_sync_lines", lambda self, done: (splits.append(len(done)), sync(self, done)))
    doc.sync_prefix(text, len(text))
    for word in " mat and the dog ran".split(" ")[1:]:
        text += " " + word
        doc.sync_prefix(text, word_start(text))
    assert len(splits) == 1
    rebuilt, _ = _cache(tiny_model_dir)
    rebuilt.set_text(text[:word_start(text)])
    assert doc.ngram_counts() == rebuilt.ngram_counts()
    text += ".\nA new line"
    doc.sync_prefix(text, word_start(text))
    rebuilt.set_text(text[:word_start(text)])
    assert len(splits) == 2 and doc.ngram_counts() == rebuilt.ngram_counts()


def test_a_name_used_three_times_is_offered_while_typing_it_again(default_model_dir: Path) -> None:
    """A fresh-clone tester typed a rare name three times in a short document and got no
    ghost for it the fourth time (the document's weight was damped too long): at the
    card's threshold it is now offered after three letters."""
    text = ("Captain Vorbisk stood on the deck. The men feared Captain Vorbisk more than the "
            "storm. When night came, Captain Vorbisk called for the lamps. At dawn, Captain Vor")
    s = Suggester.load(default_model_dir)
    sug = s.suggest(text, DecodingConfig(document_cache=True, threshold=0.15))
    assert sug is not None and sug.text.startswith("bisk")
    off = s.suggest(text, DecodingConfig(document_cache=False, threshold=0.15))
    assert off is None or not off.text.startswith("bisk")  # the model alone: "dan, "

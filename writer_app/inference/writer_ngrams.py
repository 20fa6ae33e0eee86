"""The writer's n-gram cache: the token n-grams of the text a model was retrained on, kept
in its model folder and mixed into every suggestion the way the document cache is.

A few minutes of fine-tuning (training/retrain.py, then WiSE-FT's step back towards the
base) cannot memorise a writer's names and set phrases: a tester's retrained model
completed his "cold as a", said dozens of times, with " man", not " cellar". Counts can
(a cache language model, Kuhn & De Mori 1990, as inference/doc_cache.py is for the
document; Presage, the n-gram predictor we compare against, gets most of its strength
from the user's own n-grams). A retrain counts its training text with the document
cache's own counter (``count_ngrams``: doc_cache.DocCache with the tokenizer's lines as
document_caches.new_document_cache gives them, its last MAX_TOKENS tokens), keeps the
n-grams seen at least MIN_COUNT times (at most MAX_NGRAMS, the most frequent; every
unigram), and writes them as FILE_NAME, listed in the card's ``writer_ngrams`` section
with its size and checksum (``write_ngrams``; model_folder.check_files checks it as it
checks the ONNX file). The Suggester loads it (``load_writer_cache``) as a read-only
DocCache with its own weights (WEIGHT, UNIGRAM_WEIGHT; chosen on validation text,
bench/RESULTS.md "The writer's n-gram cache") and mixes its part before the document's
caches (mixture.py). A folder without the section works as before. No Qt, no torch.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from writer_app.inference.card_file import WHAT_TO_DO, ModelLoadError
from writer_app.inference.doc_cache import DEFAULT_ORDER, DocCache
from writer_app.inference.document_caches import new_document_cache
from writer_app.inference.model_card import ModelCard
from writer_app.inference.model_folder import listed_file, sha256_file

FILE_NAME = "writer_ngrams.npz"
CARD_KEY = "writer_ngrams"  # the card's section listing the file
MAX_TOKENS = 300_000  # the training text's last tokens counted (~1.2 MB of English)
MIN_COUNT = 2  # an n-gram (2..order tokens) seen fewer times is not kept
MAX_NGRAMS = 200_000  # n-grams of 2..order tokens kept at most (the most frequent)
# How the writer's counts are mixed, chosen on validation text (three writers' held-out
# slices and the bundled model's validation texts; bench/RESULTS.md, "The writer's
# n-gram cache"): DocCache.weight, the most a context's counts may take; DocCache.kappa,
# the count at which a context earns half of it (the document's cache: 0.5 and 2; here a
# phrase the writer used 30 times earns 0.46 of each order, one used twice 0.08, which
# cost other writing least); no share for the writer's word frequencies.
WEIGHT = 0.7
KAPPA = 16.0
UNIGRAM_WEIGHT = 0.0
# Decoding steps past the healed span that the writer's counts mix (the document cache
# mixes suggester.NGRAM_STEPS = 2): a name is often 4 tokens (" Car" "l" "is" "le"), and
# with 2 the model alone ended the writer's "Carl" as "Carlota".
STEPS = 4

Grams = dict[tuple[int, ...], int]  # n-gram (1..order token ids) -> count


def count_ngrams(tok: Tokenizer, texts: Iterable[str], max_tokens: int = MAX_TOKENS) -> Grams:
    """The n-grams (1..DEFAULT_ORDER tokens, within a line) of ``texts`` (documents, lines
    split at "\\n") in ``tok``'s tokens, as the document cache counts a document; only the
    last ``max_tokens`` tokens count (the lines before are evicted)."""
    cache = new_document_cache(tok, max_tokens=max_tokens)
    for text in texts:
        cache.replace_lines(cache.line_count, cache.line_count, text.split("\n"))
    return cache.ngram_counts()


def prune(grams: Mapping[tuple[int, ...], int], min_count: int = MIN_COUNT,
          max_ngrams: int = MAX_NGRAMS) -> Grams:
    """``grams`` without the n-grams of two or more tokens seen fewer than ``min_count``
    times, at most ``max_ngrams`` of them (the most frequent, the shorter first among equal
    counts, so an n-gram kept keeps its shorter ends); unigrams all kept."""
    long = sorted(((g, c) for g, c in grams.items() if len(g) > 1 and c >= min_count),
                  key=lambda gc: (-gc[1], len(gc[0]), gc[0]))[:max_ngrams]
    return {**{g: c for g, c in grams.items() if len(g) == 1}, **dict(long)}


def write_ngrams(folder: Path, grams: Mapping[tuple[int, ...], int]) -> dict[str, Any]:
    """Write ``grams`` as ``folder/FILE_NAME`` (npz: for each order n an int32 array
    ``order{n}`` of rows of n token ids and the count) and return the card's section
    listing it ({"file", "bytes", "sha256", "ngrams", "tokens", "min_count"}).
    Raises OSError when it cannot be written."""
    by_order: dict[int, list[tuple[int, ...]]] = {}
    for g, c in grams.items():
        by_order.setdefault(len(g), []).append((*g, c))
    path = Path(folder) / FILE_NAME
    with path.open("wb") as f:
        np.savez_compressed(f, **{f"order{n}": np.asarray(rows, np.int32).reshape(-1, n + 1)
                                  for n, rows in sorted(by_order.items())})
    return {"file": FILE_NAME, "bytes": path.stat().st_size, "sha256": sha256_file(path),
            "ngrams": sum(len(rows) for n, rows in by_order.items() if n > 1),
            "tokens": sum(c for g, c in grams.items() if len(g) == 1), "min_count": MIN_COUNT}


def writer_ngrams_section(folder: Path, tok: Tokenizer, texts: Iterable[str]) -> dict[str, Any]:
    """Count ``texts`` (count_ngrams), prune, write FILE_NAME into the model folder being
    assembled and return what to merge into its card ({CARD_KEY: section}). Raises OSError."""
    return {CARD_KEY: write_ngrams(folder, prune(count_ngrams(tok, texts)))}


def read_ngrams(path: Path, vocab_size: int) -> Grams:
    """The n-grams of a FILE_NAME file. Raises ModelLoadError for a file that cannot be read
    or is not such a file (an order array of another shape, ids outside the vocabulary of
    ``vocab_size`` tokens, counts below 1)."""
    def damaged(why: str) -> ModelLoadError:
        return ModelLoadError(f"{path} is damaged ({why}): the writer's n-grams cannot be "
                              f"used. {WHAT_TO_DO}")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise damaged(str(exc) or type(exc).__name__) from exc
    grams: Grams = {}
    for name, rows in arrays.items():
        n = int(name[5:]) if name.startswith("order") and name[5:].isdigit() else 0
        if not 1 <= n <= DEFAULT_ORDER or rows.ndim != 2 or rows.shape[1] != n + 1:
            raise damaged(f"an array {name!r} of shape {rows.shape}")
        if rows.dtype.kind not in "iu" or (len(rows) and (
                rows[:, :n].min() < 0 or rows[:, :n].max() >= vocab_size or rows[:, n].min() < 1)):
            raise damaged(f"{name} holds token ids outside the vocabulary or counts below 1")
        grams.update((tuple(r[:n]), r[n]) for r in rows.tolist())
    if not any(len(g) == 1 for g in grams):
        raise damaged("no token counts")
    return grams


class WriterCache(DocCache):
    """A read-only DocCache of counts read from a file, not of a document's lines: its
    part() mixes like the document cache's; nothing edits it.

    grams: n-gram -> count, orders 1..DEFAULT_ORDER (as read_ngrams gives them); weight,
    unigram_weight and kappa as DocCache's; steps: >= 0, the decoding steps past the healed span
    it is mixed into (the Suggester reads it). Raises ValueError for a bad weight or step
    count or an n-gram longer than the order."""

    def __init__(self, grams: Mapping[tuple[int, ...], int], weight: float = WEIGHT,
                 unigram_weight: float = UNIGRAM_WEIGHT, steps: int = STEPS,
                 kappa: float = KAPPA) -> None:
        super().__init__(_read_only, weight=weight, unigram_weight=unigram_weight, kappa=kappa)
        if steps < 0:
            raise ValueError("steps must be >= 0")
        self.steps = steps
        unigram: dict[int, int] = {}
        for g, c in grams.items():
            n = len(g)
            if not 1 <= n <= self.order:
                raise ValueError(f"an n-gram of {n} tokens in a cache of order {self.order}")
            ctx = g[:-1]
            self._counts[n].setdefault(ctx, {})[g[-1]] = c
            self._totals[n][ctx] = self._totals[n].get(ctx, 0) + c
            if n == 1:
                unigram[g[0]] = c
        if unigram:
            self._unigram = np.zeros(max(unigram) + 1)
            self._unigram[list(unigram)] = list(unigram.values())
        self.tokens = sum(unigram.values())
        self.version = hash(frozenset(grams.items())) & ((1 << 64) - 1)


def _read_only(lines: list[str]) -> list[list[int]]:
    raise TypeError("the writer's n-gram cache is read-only")


def load_writer_cache(folder: Path, card: ModelCard) -> WriterCache | None:
    """The writer's n-gram cache of the model folder ``folder`` whose card is ``card``
    (None when the card lists none). The file's presence and checksum are checked by
    model_folder.check_files when the model loads. Raises ModelLoadError for a file that
    is missing or damaged."""
    section = card.writer_ngrams
    if section is None:
        return None
    return WriterCache(read_ngrams(listed_file(folder, section, CARD_KEY),
                                               card.vocab_size))

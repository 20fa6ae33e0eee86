"""From recipe or paths to what the trainer eats: tokenizer, training stream, eval sets."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from tokenizers import Tokenizer

from training.corpus import Document, load_documents
from training.dataset import build_stream, encode_document, encode_documents
from training.errors import TrainingError
from training.recipe import SourceFiles, reader
from training.tokenizer import special_ids, train_tokenizer
from training.train import EvalSet
from writer_app.inference.card_sections import DataSource

# The least held-out text: below it, neither early stopping nor a before/after comparison
# means anything (training/retrain_data.too_little_to_tell; measured in docs/RETRAIN.md,
# "How much held-out text a comparison needs").
MIN_VALIDATION_CHARS = 2_000


@dataclass
class PreparedData:
    """Documents by split and group; ``data_card`` describes them for the model card
    (DataSource.to_dict() per source: the checkpoint stores it, the exporter reads it back)."""

    train: list[tuple[Document, float]]
    validation: dict[str, list[Document]]
    test: dict[str, list[Document]]
    data_card: list[dict[str, object]] = field(default_factory=list)


def prepare_documents(sources: list[SourceFiles]) -> PreparedData:
    """Read every file of every split. A source without validation files gives the last
    10% of its paragraphs (at least MIN_VALIDATION_CHARS) to validation; a source with no
    training files (test only: a recipe's held-out texts) gives none.

    Raises TrainingError: empty corpus, bad UTF-8 (file + byte offset), too little text.
    """
    train: list[tuple[Document, float]] = []
    val: dict[str, list[Document]] = {}
    test: dict[str, list[Document]] = {}
    card = []
    for s in sources:
        read = reader(s)
        tr = load_documents(s.train, read)
        va = load_documents(s.validation, read)
        te = load_documents(s.test, read)
        if not s.validation and tr:
            tr, va = _hold_out_tail(tr)
        train += [(d, s.weight) for d in tr]
        if va:
            val.setdefault(s.group, []).extend(va)
        if te:
            test.setdefault(s.group, []).extend(te)
        card.append(DataSource(
            source=s.card_name(s.path), group=s.group, license=s.license, weight=s.weight,
            train_files=len(s.train), train_bytes=sum(len(d.text.encode()) for d in tr),
            validation_files=tuple(s.card_name(p) for p in s.validation),
            test_files=tuple(s.card_name(p) for p in s.test),
            extra={"convert": s.convert} if s.convert else {},
        ).to_dict())
    if not train or not any(d.text.strip() for d, _ in train):
        raise TrainingError("The corpus is empty: no text to train on")
    return PreparedData(train, val, test, card)


def _hold_out_tail(docs: list[Document]) -> tuple[list[Document], list[Document]]:
    """Split the last ~10% of paragraphs (of the last document) off for validation: at
    least MIN_VALIDATION_CHARS characters, cut inside a paragraph when whole ones do not
    give that much. Raises TrainingError when the text is too small to hold anything out."""
    total = sum(len(d.text) for d in docs)
    want = max(MIN_VALIDATION_CHARS, total // 10)
    if total < want * 3:
        raise TrainingError(
            f"The corpus is too small to hold out a validation split: {total:,} characters; "
            f"need at least {want * 3:,} (about {MIN_VALIDATION_CHARS * 3:,} characters of text)"
        )
    last = docs[-1]
    paras = last.text.split("\n")
    tail: list[str] = []
    size = 0
    # whole paragraphs from the end, but none that would take more than twice the share
    while len(paras) > 1 and size < want and size + len(paras[-1]) <= 2 * want:
        size += len(paras[-1]) + 1
        tail.insert(0, paras.pop())
    if size - 1 < max(want // 2, MIN_VALIDATION_CHARS):  # size counts a "\n" per paragraph
        # a huge last paragraph (Chinese text often has few breaks): cut inside the text
        cut = _cut_point(last.text, len(last.text) - want)
        return docs[:-1] + [Document(last.path, last.text[:cut])], [Document(last.path, last.text[cut:])]
    return docs[:-1] + [Document(last.path, "\n".join(paras))], [Document(last.path, "\n".join(tail))]


_CUT_AFTER = frozenset(" \n\t。！？；….!?;")
_CLOSERS = frozenset("”’」』）》\"')")


def _cut_point(text: str, at: int) -> int:
    """Index just after the last space or sentence end (and its closing quotes) in the
    1,000 characters before ``at``, so the held-out part starts a sentence or a word;
    else ``at``."""
    for i in range(at, max(0, at - 1000), -1):
        if text[i - 1] in _CUT_AFTER:
            while i < len(text) and (text[i] in _CLOSERS or text[i].isspace()):
                i += 1
            return i
    return at


def fit_tokenizer(
    data: PreparedData, vocab_size: int, max_chars: int = 40_000_000, han_chars: bool = False,
) -> Tokenizer:
    """Train the BPE on the training documents only (capped at max_chars); han_chars as
    in train_tokenizer."""
    return train_tokenizer(training_texts(data, max_chars), vocab_size, han_chars=han_chars)


def training_texts(data: PreparedData, max_chars: int = 40_000_000) -> list[str]:
    """The training documents' texts, at most max_chars in all, for fitting a tokenizer.

    Each source is sampled in proportion to its weight (whole documents in corpus order,
    then a document's head), so a recipe that caps a large source caps it here too.
    """
    total = sum(len(d.text) * w for d, w in data.train) or 1
    scale = min(1.0, max_chars / total)
    return [d.text[: int(len(d.text) * min(1.0, w * scale))] for d, w in data.train if w > 0]


def training_ids(tok: Tokenizer, data: PreparedData) -> list[np.ndarray]:
    """Each training document as int32 ids between <|bos|> and <|eos|>, in data.train's order."""
    ids = special_ids(tok)
    return encode_documents(tok, [d for d, _ in data.train], ids["bos"], ids["eos"])


def training_stream(tok: Tokenizer, data: PreparedData, seed: int) -> np.ndarray:
    """The weighted, shuffled training stream int32[N] (a pack rebuilds it the same way:
    training.pack)."""
    return build_stream(training_ids(tok, data), [w for _, w in data.train], seed)


def eval_sets(tok: Tokenizer, groups: dict[str, list[Document]], max_tokens: int) -> list[EvalSet]:
    """One EvalSet per group, each capped at max_tokens (taken evenly from its documents)."""
    ids = special_ids(tok)
    out = []
    for name, docs in sorted(groups.items()):
        if not docs:
            continue
        per_doc = max(1, max_tokens // len(docs))
        parts = [encode_document(tok, d.text, ids["bos"], ids["eos"])[:per_doc] for d in docs]
        stream = np.concatenate(parts)
        nbytes = len(tok.decode(stream.tolist(), skip_special_tokens=True).encode("utf-8"))
        out.append(EvalSet(name, stream, nbytes))
    return out

"""The user's writing -> training documents and a held-out slice (Retrain on my writing).

Which files count is decided by ``writer_app.retrain.training_files`` (the app shows the same
scan before it starts), and of those only the files in the model's language
(``ScanResult.for_model``): the others are neither trained on nor held out. The held-out
slice is whole documents when there are several (about 10% of the text, never more than
25%), else the tail of the only (or largest) document; it is never trained on. It serves
early stopping and the before/after report. Files are only read.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from training.corpus import Document, load_documents
from training.data_prep import MIN_VALIDATION_CHARS, PreparedData, _hold_out_tail
from training.errors import TrainingError
from writer_app.engine.model_choice import language_name
from writer_app.inference.card_sections import DataSource
from writer_app.retrain.training_files import MIN_CHARS, ScanResult, other_language, read_text, scan_paths

HOLDOUT_FRACTION = 0.10
HOLDOUT_MAX_FRACTION = 0.25
GROUP = "yours"  # the name of the evaluation set


@dataclass
class UserData:
    """Prepared documents. heldout_how: a phrase saying what was held out."""

    train: list[Document]
    heldout: list[Document]
    heldout_how: str
    scan: ScanResult

    @property
    def train_chars(self) -> int:
        return sum(len(d.text) for d in self.train)

    @property
    def heldout_chars(self) -> int:
        return sum(len(d.text) for d in self.heldout)

    @property
    def heldout_text(self) -> str:
        return "\n".join(d.text for d in self.heldout)

    def prepared(self) -> PreparedData:
        """What data_prep's training_stream/eval_sets take."""
        card = [DataSource(
            source="user-provided", group=GROUP, license="the user's own writing",
            weight=1.0, train_files=len({d.path for d in self.train}),
            train_bytes=sum(len(d.text.encode()) for d in self.train),
            validation_files=tuple(sorted({d.path.name for d in self.heldout})),
        ).to_dict()]
        return PreparedData([(d, 1.0) for d in self.train], {GROUP: self.heldout}, {}, card)


def choose_heldout(docs: list[Document],
                   seed: int = 0) -> tuple[list[Document], list[Document], str]:
    """Split documents into (train, held out, how).

    Several documents: whole documents, picked in a seeded order, until about
    HOLDOUT_FRACTION of the characters (at least MIN_VALIDATION_CHARS) is held out,
    skipping any that would push it past HOLDOUT_MAX_FRACTION. When no such set exists
    (one document, or one huge and a few tiny ones), the tail of the largest document.
    Raises TrainingError when there is too little text to hold anything out.
    """
    total = sum(len(d.text) for d in docs)
    target = max(MIN_VALIDATION_CHARS, int(total * HOLDOUT_FRACTION))
    cap = int(total * HOLDOUT_MAX_FRACTION)
    if len(docs) >= 2:
        order = list(range(len(docs)))
        random.Random(seed).shuffle(order)
        held: list[int] = []
        size = 0
        for i in order:
            n = len(docs[i].text)
            if size + n <= cap:
                held.append(i)
                size += n
            if size >= target:
                break
        if size >= target and len(held) < len(docs):
            keep = set(held)
            heldout = [docs[i] for i in sorted(keep)]
            names = ", ".join(d.path.name for d in heldout[:5]) + (" …" if len(heldout) > 5 else "")
            return ([d for i, d in enumerate(docs) if i not in keep], heldout,
                    f"{len(heldout)} whole file{'s' if len(heldout) > 1 else ''} ({names})")
    largest = max(range(len(docs)), key=lambda i: len(docs[i].text))
    ordered = docs[:largest] + docs[largest + 1:] + [docs[largest]]  # _hold_out_tail cuts the last
    train, heldout = _hold_out_tail(ordered)
    return train, heldout, f"the last part of {docs[largest].path.name}"


def read_user_text(path: Path) -> str:
    """A user's file as the scan accepted it (as the editor reads it: training_files.read_text).
    Raises TrainingError naming the file and the reason."""
    try:
        return read_text(path)
    except (OSError, ValueError) as exc:
        raise TrainingError(f"Cannot read {path}: {exc}") from exc


def load_user_data(paths: Sequence[str | Path], *, language: str,
                   holdout: Sequence[str | Path] = (), other_text: bool = False,
                   min_chars: int = MIN_CHARS, seed: int = 0) -> UserData:
    """Scan, read and split the user's files in ``language`` (the model's card's: "en",
    "zh"...); files in another language are left out (UserData.scan.other_language).

    holdout: files to hold out instead of the automatic choice (never trained on).
    Raises TrainingError for a path that does not exist, no usable text (none in the
    model's language: the message names the files left out), less than ``min_chars``
    characters (the message says how much was found and is needed), or a file that
    stopped being text since the scan.
    """
    for p in [*paths, *holdout]:
        if not Path(p).exists():
            raise TrainingError(f"No such file or folder: {p}")
    scan = scan_paths(paths, other_text=other_text).for_model(language)
    held_scan = (scan_paths(holdout, other_text=True) if holdout else ScanResult()).for_model(language)
    held_set = {f.path.resolve() for f in held_scan.files}
    scan.other_language += [f for f in held_scan.other_language  # named with the others left out
                            if f not in scan.other_language]
    found = len(scan.files)
    scan.files = [f for f in scan.files if f.path.resolve() not in held_set]
    if not scan.files and found:
        raise TrainingError(f"Nothing left to train on: all {found} file(s) found are also given with "
                            "--holdout, and held-out text is never trained on")
    if not scan.files:
        raise TrainingError("No usable text: " + scan.summary(min_chars) + _other_model_hint(scan))
    if not scan.enough(min_chars):
        raise TrainingError("Too little text. " + scan.summary(min_chars))
    docs = load_documents(scan.paths, read_user_text)
    if holdout:
        if not held_scan.files:
            raise TrainingError("No usable text in the held-out files: " + held_scan.summary(0))
        heldout = load_documents(held_scan.paths, read_user_text)
        return UserData(docs, heldout, "the files given with --holdout ("
                        + ", ".join(d.path.name for d in heldout) + ")", scan)
    train, heldout, how = choose_heldout(docs, seed)
    return UserData(train, heldout, how, scan)


def _other_model_hint(scan: ScanResult) -> str:
    """" Retrain the Chinese model on them instead." when every usable file is in the other
    language ('' otherwise)."""
    if not scan.other_language:
        return ""
    other = language_name(other_language(scan.language))
    return f" Retrain the {other} model on {'it' if len(scan.other_language) == 1 else 'them'} instead."


def too_little_to_tell(bpb_text: str) -> str:
    """Why a before/after comparison on ``bpb_text`` (the bits-per-byte slice) means nothing:
    a sentence when it has fewer than MIN_VALIDATION_CHARS characters, else ''. On fewer,
    the same two models come out either way round depending on the slice (docs/RETRAIN.md,
    "How much held-out text a comparison needs")."""
    if len(bpb_text) >= MIN_VALIDATION_CHARS:
        return ""
    return (f"The held-out text measured is only {len(bpb_text):,} characters: too little to "
            f"tell whether the new model is better (at least {MIN_VALIDATION_CHARS:,} are needed).")


def report_slices(text: str, bpb_chars: int, ksr_chars: int) -> tuple[str, str]:
    """The held-out text to measure on: (bits-per-byte slice, keystroke slice).

    Both start at a paragraph start; when the held-out text is long, half way in, past
    the part early stopping looked at first. The keystroke slice is the start of the
    bits-per-byte slice, cut back to a word end.
    """
    start = 0
    if len(text) > 2 * bpb_chars:
        nl = text.find("\n", len(text) // 2)
        start = nl + 1 if nl >= 0 else len(text) // 2
    bpb = text[start:start + bpb_chars]
    ksr = bpb[:ksr_chars]
    if len(bpb) > ksr_chars:
        cut = ksr.rfind(" ")
        ksr = ksr[:cut] if cut > ksr_chars // 2 else ksr
    return bpb, ksr

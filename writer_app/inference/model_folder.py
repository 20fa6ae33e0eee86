"""A model folder: ``model.onnx`` + ``tokenizer.json`` + ``model.json`` (the model card,
whose schema is writer_app.inference.model_card).

The card is checked against the files before anything runs, so a folder whose parts
disagree (another tokenizer, other sizes, a truncated ONNX file) is refused with a
message the user can act on. No Qt, no torch.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# The card's names, re-exported for the model folder's readers (defined in card_file,
# card_sections and model_card).
from writer_app.inference.card_file import (  # noqa: F401
    CARD_NAME,
    MAX_CARD_BYTES,
    WHAT_TO_DO,
    ModelLoadError,
    card_json,
    load_card_json,
    member_path,
)
from writer_app.inference.card_sections import MAX_LAYERS, MAX_VOCAB_SIZE, MAX_WIDTH  # noqa: F401
from writer_app.inference.model_card import FORMAT_VERSION, ModelCard, read_card  # noqa: F401

TOKENIZER_NAME = "tokenizer.json"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_files(folder: Path, card: ModelCard, verify_hash: bool = True) -> tuple[Path, Path]:
    """Paths of (onnx, tokenizer) after checking they exist and match the card, and so
    does the writer's n-gram file when the card lists one (``writer_ngrams``).

    Raises ModelLoadError for a missing file, a checksum mismatch (a corrupt or replaced
    ONNX, tokenizer or n-gram file; cards written before the tokenizer checksum existed
    check only the ONNX file) or a tokenizer whose vocabulary size differs from the card's.
    """
    inside = member_path(folder, card.onnx_file)
    if inside is None:  # read_card refuses such a card; a hand-made ModelCard may not
        raise ModelLoadError(f"{folder}: the model file {card.onnx_file!r} is not inside the folder")
    onnx_path, tok_path = inside, folder / TOKENIZER_NAME
    for p in (onnx_path, tok_path):
        if not p.is_file():
            raise ModelLoadError(f"{folder} is incomplete: {p.name} is missing. {WHAT_TO_DO}")
    if verify_hash and card.onnx_sha256 and sha256_file(onnx_path) != card.onnx_sha256:
        raise ModelLoadError(
            f"{onnx_path} does not match its model card (checksum differs): the file is corrupt "
            f"or was replaced. {WHAT_TO_DO}"
        )
    tok_sha = card.tokenizer_sha256
    if verify_hash and tok_sha and sha256_file(tok_path) != tok_sha:
        raise ModelLoadError(
            f"{tok_path} does not match its model card (checksum differs): the tokenizer belongs "
            f"to another model or is corrupt. {WHAT_TO_DO}"
        )
    from tokenizers import Tokenizer

    try:
        tok = Tokenizer.from_file(str(tok_path))
    except Exception as exc:  # tokenizers raises a bare Exception
        raise ModelLoadError(f"{tok_path} is not a valid tokenizer: {exc}. {WHAT_TO_DO}") from exc
    if tok.get_vocab_size() != card.vocab_size:
        raise ModelLoadError(
            f"{tok_path} has {tok.get_vocab_size()} tokens but {CARD_NAME} says {card.vocab_size}: "
            f"the tokenizer belongs to another model. {WHAT_TO_DO}"
        )
    if card.writer_ngrams is not None:
        listed_file(folder, card.writer_ngrams, "writer_ngrams", verify_hash)
    return onnx_path, tok_path


def listed_file(folder: Path, section: dict[str, object], key: str, verify_hash: bool = True) -> Path:
    """The path of the file a card's section ``key`` lists ({"file": name, "sha256": hex},
    e.g. the writer's n-grams) after checking that it is inside ``folder``, there, and
    (``verify_hash``, when the section has a checksum) has that checksum. Raises
    ModelLoadError naming the file and what is wrong."""
    path = member_path(folder, section.get("file"))
    if path is None:
        raise ModelLoadError(f"{folder / CARD_NAME}: \"{key}.file\" must name a file inside the "
                             f"model folder, not {section.get('file')!r}. {WHAT_TO_DO}")
    if not path.is_file():
        raise ModelLoadError(f"{folder} is incomplete: {path.name} is missing. {WHAT_TO_DO}")
    sha = section.get("sha256")
    if verify_hash and isinstance(sha, str) and sha256_file(path) != sha:
        raise ModelLoadError(f"{path} does not match its model card (checksum differs): the file "
                             f"is corrupt or was replaced. {WHAT_TO_DO}")
    return path


def folder_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot be used as a model folder (a sentence: no folder, no or a bad
    card, a missing or corrupt file, a tokenizer of another size), or None when its card
    reads and its files match it. Reads the card and hashes the files (~30 ms for a
    15 MB model); loads no model."""
    try:
        check_files(folder, read_card(folder))
    except ModelLoadError as exc:
        return str(exc)
    return None


Stamp = tuple[tuple[str, int, int, int, int], ...]


def files_stamp(folder: Path) -> Stamp | None:
    """What changes when a file directly in ``folder`` is written, truncated, replaced,
    added or removed: each entry's (name, size in bytes, modification and change times in
    ns, inode), by name; None when the folder cannot be listed (gone, unreadable)."""
    try:
        entries = sorted(Path(folder).iterdir())
        return tuple((p.name, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino)
                     for p, s in ((p, p.stat()) for p in entries))
    except OSError:
        return None


class FolderChecks:
    """``folder_problem``'s answers, each kept while its folder's files are as they were
    (``files_stamp``): a list of models can say which are damaged every time it is shown
    without hashing each model again (30-45 ms for a bundled model; a stat per file once
    checked). A folder that cannot be listed is checked each time."""

    def __init__(self) -> None:
        self._known: dict[Path, tuple[Stamp, str | None]] = {}

    def problem(self, folder: Path) -> str | None:
        """``folder_problem(folder)``, from what was found before if its files are unchanged."""
        folder = Path(folder)
        stamp = files_stamp(folder)
        known = self._known.get(folder)
        if stamp is not None and known is not None and known[0] == stamp:
            return known[1]
        problem = folder_problem(folder)
        if stamp is not None:
            self._known[folder] = (stamp, problem)
        return problem

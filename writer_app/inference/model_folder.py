"""A model folder: ``model.onnx`` + ``tokenizer.json`` + ``model.json`` (the model card).

The card is checked against the files before anything runs, so a folder whose parts
disagree (another tokenizer, other sizes, a truncated ONNX file) is refused with a
message the user can act on. No Qt, no torch.
"""

from __future__ import annotations

import hashlib
import json
import stat
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

FORMAT_VERSION = 1
CARD_NAME = "model.json"
TOKENIZER_NAME = "tokenizer.json"
# The largest model.json any reader parses (bytes). Real cards are 5-30 KB (the validation
# history is the bulk); a 2 GB "card" read whole took the editor to 4.2 GB of memory.
MAX_CARD_BYTES = 1 << 20
# Bounds a card's sizes must keep; beyond them the numbers are not a model of this kind.
MAX_VOCAB_SIZE = 1 << 20
MAX_WIDTH = 1 << 16  # embedding and hidden size
MAX_LAYERS = 64


class ModelLoadError(Exception):
    """A model folder cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class ModelCard:
    """The parts of ``model.json`` the runtime needs; ``raw`` holds all of it."""

    name: str
    language: str
    vocab_size: int
    embedding_size: int
    hidden_size: int
    num_layers: int
    bos_id: int
    eos_id: int
    onnx_file: str
    onnx_sha256: str | None
    precision: str
    raw: dict[str, Any]
    tokenizer_sha256: str | None = None


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _refuse(path: Path, why: str) -> ModelLoadError:
    return ModelLoadError(f"{path} is not a usable model card: {why}. Reinstall the model or "
                          "export it again with Inkling's training tools.")


def load_card_json(folder: Path) -> dict[str, Any]:
    """``folder/model.json`` parsed as a JSON object, for every reader of model cards.

    The file's size is checked before it is read: a card over MAX_CARD_BYTES, or one that
    is not a regular file (a FIFO would block), is refused unread. Raises ModelLoadError,
    whose message says what is wrong with the file, for a missing, unreadable, oversized,
    non-UTF-8 or non-JSON card and for JSON that is not an object.
    """
    path = Path(folder) / CARD_NAME
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ModelLoadError(f"{folder} is not a model folder: {CARD_NAME} is missing") from None
    except OSError as exc:
        raise ModelLoadError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "it is not a regular file")
    too_big = _refuse(path, f"it is larger than {MAX_CARD_BYTES // 1024:,} KB (a model card is a "
                            "few KB), so it was not read")
    if info.st_size > MAX_CARD_BYTES:
        raise too_big
    try:
        with path.open("rb") as f:
            data = f.read(MAX_CARD_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        raise ModelLoadError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    if len(data) > MAX_CARD_BYTES:
        raise too_big
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ModelLoadError(f"{path} is unreadable or not JSON: it is not UTF-8 text "
                             f"(byte {exc.start})") from exc
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        raise ModelLoadError(f"{path} is unreadable or not JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise _refuse(path, f"it holds a JSON {_json_type(raw)} where a JSON object belongs")
    return raw


def card_json(folder: Path) -> dict[str, Any] | None:
    """``folder/model.json`` parsed, or None when it is missing, unreadable, oversized or not
    a JSON object. For listing and routing, which must not fail on a broken folder; loading
    uses read_card, which says what is wrong."""
    try:
        return load_card_json(folder)
    except ModelLoadError:
        return None


def member_path(folder: Path, name: object) -> Path | None:
    """``folder / name`` when ``name`` is a relative file name that stays inside ``folder``
    (no absolute path, no ``..``), else None. The check is on the name only: a file inside
    may be a symlink (bench/variants.py links a variant's files)."""
    if not isinstance(name, str) or not name.strip():
        return None
    pure = PurePath(name)
    if pure.is_absolute() or pure.anchor or ".." in pure.parts or not pure.parts:
        return None
    return Path(folder) / pure


def _json_type(value: object) -> str:
    return {dict: "object", list: "list", str: "string", bool: "true/false", type(None): "null",
            int: "number", float: "number"}.get(type(value), type(value).__name__)


class _CardFields:
    """Typed reads of dotted card fields; a bad or missing one becomes a sentence."""

    def __init__(self, path: Path, raw: dict[str, Any]) -> None:
        self.path, self.raw = path, raw

    def get(self, dotted: str, default: Any = ...) -> Any:
        node: Any = self.raw
        done: list[str] = []
        for key in dotted.split("."):
            if not isinstance(node, dict):
                raise _refuse(self.path, f"\"{'.'.join(done)}\" must be a JSON object, not a "
                                         f"{_json_type(node)}")
            if key not in node:
                if default is not ...:
                    return default
                raise _refuse(self.path, f"it lacks the field \"{dotted}\"")
            node = node[key]
            done.append(key)
        return node

    def text(self, dotted: str, default: Any = ...) -> str:
        value = self.get(dotted, default)
        if not isinstance(value, str) or not value:
            raise _refuse(self.path, f"\"{dotted}\" must be a non-empty string, not "
                                     f"{_show(value)}")
        return value

    def count(self, dotted: str, low: int, high: int) -> int:
        value = self.get(dotted)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _refuse(self.path, f"\"{dotted}\" must be a whole number from {low:,} to "
                                     f"{high:,}, not {_show(value)}")
        return value


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def read_card(folder: Path) -> ModelCard:
    """Parse and check ``folder/model.json`` (through load_card_json: size-limited).

    Every field the runtime uses is checked for type and range (sizes within MAX_*,
    special ids inside the vocabulary, ``onnx.file`` inside the folder). Raises
    ModelLoadError with a sentence that names the field and what to do.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelLoadError(f"Model folder not found: {folder}")
    path = folder / CARD_NAME
    raw = load_card_json(folder)
    version = raw.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelLoadError(
            f"{path} has format version {_show(version)}; this Inkling reads version "
            f"{FORMAT_VERSION}. Re-export the model with this version's training tools."
        )
    f = _CardFields(path, raw)
    vocab = f.count("architecture.vocab_size", 1, MAX_VOCAB_SIZE)
    onnx_file = f.text("onnx.file")
    if member_path(folder, onnx_file) is None:
        raise _refuse(path, f"\"onnx.file\" must name a file inside the model folder, not "
                            f"{_show(onnx_file)}")
    sha = f.get("onnx.sha256", None)
    tok_sha = f.get("tokenizer.sha256", None)
    for dotted, value in (("onnx.sha256", sha), ("tokenizer.sha256", tok_sha)):
        if value is not None and not isinstance(value, str):
            raise _refuse(path, f"\"{dotted}\" must be a string, not {_show(value)}")
    return ModelCard(
        name=f.text("name"), language=f.text("language", "en"), vocab_size=vocab,
        embedding_size=f.count("architecture.embedding_size", 1, MAX_WIDTH),
        hidden_size=f.count("architecture.hidden_size", 1, MAX_WIDTH),
        num_layers=f.count("architecture.num_layers", 1, MAX_LAYERS),
        bos_id=f.count("tokenizer.special_tokens.bos.id", 0, vocab - 1),
        eos_id=f.count("tokenizer.special_tokens.eos.id", 0, vocab - 1),
        onnx_file=onnx_file, onnx_sha256=sha, precision=f.text("onnx.precision", "fp32"),
        raw=raw, tokenizer_sha256=tok_sha,
    )


def check_files(folder: Path, card: ModelCard, verify_hash: bool = True) -> tuple[Path, Path]:
    """Paths of (onnx, tokenizer) after checking they exist and match the card.

    Raises ModelLoadError for a missing file, a checksum mismatch (a corrupt or replaced
    ONNX or tokenizer file; cards written before the tokenizer checksum existed check only
    the ONNX file) or a tokenizer whose vocabulary size differs from the card's.
    """
    inside = member_path(folder, card.onnx_file)
    if inside is None:  # read_card refuses such a card; a hand-made ModelCard may not
        raise ModelLoadError(f"{folder}: the model file {card.onnx_file!r} is not inside the folder")
    onnx_path, tok_path = inside, folder / TOKENIZER_NAME
    for p in (onnx_path, tok_path):
        if not p.is_file():
            raise ModelLoadError(f"{folder} is incomplete: {p.name} is missing")
    if verify_hash and card.onnx_sha256 and sha256_file(onnx_path) != card.onnx_sha256:
        raise ModelLoadError(
            f"{onnx_path} does not match its model card (checksum differs): the file is corrupt "
            "or was replaced. Reinstall or re-export the model."
        )
    tok_sha = card.tokenizer_sha256
    if verify_hash and tok_sha and sha256_file(tok_path) != tok_sha:
        raise ModelLoadError(
            f"{tok_path} does not match its model card (checksum differs): the tokenizer belongs "
            "to another model or is corrupt. Reinstall or re-export the model."
        )
    from tokenizers import Tokenizer

    try:
        tok = Tokenizer.from_file(str(tok_path))
    except Exception as exc:  # tokenizers raises a bare Exception
        raise ModelLoadError(f"{tok_path} is not a valid tokenizer: {exc}") from exc
    if tok.get_vocab_size() != card.vocab_size:
        raise ModelLoadError(
            f"{tok_path} has {tok.get_vocab_size()} tokens but {CARD_NAME} says {card.vocab_size}: "
            "the tokenizer belongs to another model"
        )
    return onnx_path, tok_path

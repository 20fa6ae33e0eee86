"""A model folder: ``model.onnx`` + ``tokenizer.json`` + ``model.json`` (the model card).

The card is checked against the files before anything runs, so a folder whose parts
disagree (another tokenizer, other sizes, a truncated ONNX file) is refused with a
message the user can act on. No Qt, no torch.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
CARD_NAME = "model.json"
TOKENIZER_NAME = "tokenizer.json"


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


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def card_json(folder: Path) -> dict[str, Any] | None:
    """``folder/model.json`` parsed, or None when it is missing, unreadable or not a JSON
    object. For listing and routing, which must not fail on a broken folder; loading
    uses read_card, which says what is wrong."""
    try:
        raw = json.loads((Path(folder) / CARD_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return raw if isinstance(raw, dict) else None


def read_card(folder: Path) -> ModelCard:
    """Parse and check ``folder/model.json``. Raises ModelLoadError."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelLoadError(f"Model folder not found: {folder}")
    path = folder / CARD_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelLoadError(f"{folder} is not a model folder: {CARD_NAME} is missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelLoadError(f"{path} is unreadable or not JSON: {exc}") from exc
    version = raw.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelLoadError(
            f"{path} has format version {version!r}; this Inkling reads version {FORMAT_VERSION}. "
            "Re-export the model with this version's training tools."
        )
    try:
        arch, onnx, special = raw["architecture"], raw["onnx"], raw["tokenizer"]["special_tokens"]
        return ModelCard(
            name=str(raw["name"]), language=str(raw.get("language", "en")),
            vocab_size=int(arch["vocab_size"]), embedding_size=int(arch["embedding_size"]),
            hidden_size=int(arch["hidden_size"]), num_layers=int(arch["num_layers"]),
            bos_id=int(special["bos"]["id"]), eos_id=int(special["eos"]["id"]),
            onnx_file=str(onnx["file"]), onnx_sha256=onnx.get("sha256"),
            precision=str(onnx.get("precision", "fp32")), raw=raw,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelLoadError(f"{path} lacks a required field or has a bad value: {exc}") from exc


def check_files(folder: Path, card: ModelCard, verify_hash: bool = True) -> tuple[Path, Path]:
    """Paths of (onnx, tokenizer) after checking they exist and match the card.

    Raises ModelLoadError for a missing file, a checksum mismatch (a corrupt or replaced
    ONNX or tokenizer file; cards written before the tokenizer checksum existed check only
    the ONNX file) or a tokenizer whose vocabulary size differs from the card's.
    """
    onnx_path, tok_path = folder / card.onnx_file, folder / TOKENIZER_NAME
    for p in (onnx_path, tok_path):
        if not p.is_file():
            raise ModelLoadError(f"{folder} is incomplete: {p.name} is missing")
    if verify_hash and card.onnx_sha256 and sha256_file(onnx_path) != card.onnx_sha256:
        raise ModelLoadError(
            f"{onnx_path} does not match its model card (checksum differs): the file is corrupt "
            "or was replaced. Reinstall or re-export the model."
        )
    tok_sha = (card.raw.get("tokenizer") or {}).get("sha256")
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

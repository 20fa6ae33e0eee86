"""A training pack: a recipe's text as token ids, for a machine that has no corpora.

A lent GPU machine gets the repository and at most 64 MiB per call, never ``../shared``;
so the data goes as token ids, packed here and sent part by part (``carry``), and the
training there reads the pack instead of the recipe (``training train --pack DIR``).

    python -m training pack --recipe training/recipes/en_modern.toml --base assets/en-default \\
        --out runs/pack-en-modern

writes ``DIR/manifest.json`` (format, tokenizer digest, every training document's length and
weight, the data card, the parts), ``DIR/tokenizer.json``, ``DIR/eval.npz`` (validation
ids per group, each with its UTF-8 byte count for bits per byte) and
``DIR/train-NN.npz``: the training documents' ids, concatenated, bos/eos included,
uint16 (int32 above 65,536 entries), cut into parts of at most ``part_bytes``
uncompressed, each compressed with ``numpy.savez_compressed`` (zlib). The stream the
trainer cuts into batches is built from them on the machine that trains, by the same
``training.dataset.build_stream`` (weights, seed) as from the corpus, so a pack trains
the model the recipe would.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from training.data_prep import PreparedData, eval_sets, training_ids
from training.errors import TrainingError
from training.train import EvalSet

PACK_FORMAT = 1
MANIFEST = "manifest.json"
#: Parts of 15 MiB uncompressed: each one well inside what one call may carry beside the
#: repository (64 MiB in all, the tracked files ~43 MB).
PART_BYTES = 15 * 2**20


@dataclass
class Pack:
    """A pack read back: the tokenizer, the training documents' ids int32[n_i] with their
    weights, the validation sets and the data card (DataSource dicts, as a run records)."""

    tokenizer: Tokenizer
    documents: list[np.ndarray]
    weights: list[float]
    eval_sets: list[EvalSet]
    data_card: list[dict[str, Any]]


def write_pack(out: Path, tok: Tokenizer, data: PreparedData, eval_tokens: int,
               part_bytes: int = PART_BYTES) -> list[Path]:
    """Write ``data``'s training documents and validation sets, as ``tok``'s ids, to ``out``.

    Returns the files written, manifest last. Raises TrainingError when ``out`` already
    holds a pack or a part of one (a stale part could be sent with a new manifest), or
    cannot be made a folder.
    """
    if (out / MANIFEST).exists() or any(out.glob("train-*.npz")):
        raise TrainingError(f"{out} already holds a pack or part of one; remove it or choose another --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TrainingError(f"Cannot make the pack folder {out}: {exc.strerror or exc}") from exc
    docs = training_ids(tok, data)
    dtype = np.uint16 if tok.get_vocab_size() <= 2**16 else np.int32
    flat = np.concatenate(docs).astype(dtype) if docs else np.zeros(0, dtype)
    per_part = max(1, part_bytes // flat.itemsize)
    written, parts = [], []
    for n, start in enumerate(range(0, len(flat), per_part)):
        path = out / f"train-{n:02d}.npz"
        np.savez_compressed(path, ids=flat[start : start + per_part])
        parts.append({"file": path.name, "tokens": int(min(per_part, len(flat) - start)),
                      "sha256": _sha256(path)})
        written.append(path)
    sets = eval_sets(tok, data.validation, eval_tokens)
    np.savez_compressed(out / "eval.npz", **{f"ids/{s.name}": s.ids for s in sets},
                        **{f"bytes/{s.name}": np.asarray(s.bytes) for s in sets})
    tok.save(str(out / "tokenizer.json"))
    manifest = {
        "format": PACK_FORMAT, "tokenizer_sha256": _tokenizer_digest(tok),
        "dtype": np.dtype(dtype).name, "lengths": [len(d) for d in docs],
        "weights": [w for _, w in data.train], "eval_tokens": eval_tokens,
        "parts": parts, "eval_sha256": _sha256(out / "eval.npz"), "data_card": data.data_card,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return [*written, out / "eval.npz", out / "tokenizer.json", out / MANIFEST]


def read_pack(folder: Path) -> Pack:
    """Read a pack written by write_pack, checking every part's SHA-256.

    Raises TrainingError naming what is missing or damaged (a part not yet sent, say).
    """
    for name in (MANIFEST, "tokenizer.json"):
        if not (folder / name).is_file():
            raise TrainingError(f"{folder / name} is missing: {folder} is not a whole training pack")
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    except Exception as exc:  # OSError, bad JSON, the tokenizers library's own Exception
        raise TrainingError(f"{folder} is not a readable training pack: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT:
        got = manifest.get("format") if isinstance(manifest, dict) else manifest
        raise TrainingError(f"{folder}/{MANIFEST}: pack format {got!r}, this code reads {PACK_FORMAT}")
    try:
        return _read_parts(folder, manifest, tok)
    except (KeyError, TypeError, ValueError) as exc:
        raise TrainingError(f"{folder}/{MANIFEST} is damaged ({type(exc).__name__}: {exc})") from exc


def _read_parts(folder: Path, manifest: dict[str, Any], tok: Tokenizer) -> Pack:
    if _tokenizer_digest(tok) != manifest["tokenizer_sha256"]:
        raise TrainingError(f"{folder}/tokenizer.json is not the tokenizer the pack was made with")
    chunks = [_load(folder / p["file"], p["sha256"])["ids"] for p in manifest["parts"]]
    flat = np.concatenate(chunks).astype(np.int32) if chunks else np.zeros(0, np.int32)
    lengths, weights = list(manifest["lengths"]), [float(w) for w in manifest["weights"]]
    if sum(lengths) != len(flat) or len(weights) != len(lengths):
        raise TrainingError(f"{folder}/{MANIFEST} does not match the parts: {sum(lengths):,} tokens in "
                            f"{len(lengths)} documents ({len(weights)} weights), the parts hold {len(flat):,}")
    ev = _load(folder / "eval.npz", manifest["eval_sha256"])
    names = sorted(k.removeprefix("ids/") for k in ev.files if k.startswith("ids/"))
    sets = [EvalSet(n, ev[f"ids/{n}"].astype(np.int32), int(ev[f"bytes/{n}"])) for n in names]
    return Pack(tok, np.split(flat, np.cumsum(lengths)[:-1]) if lengths else [], weights, sets,
                list(manifest["data_card"]))


def _load(path: Path, sha256: str):
    if not path.is_file():
        raise TrainingError(f"{path} is missing: send every part of the pack (carry) before training")
    if _sha256(path) != sha256:
        raise TrainingError(f"{path} is damaged or from another pack (SHA-256 differs)")
    return np.load(path)


def _tokenizer_digest(tok: Tokenizer) -> str:
    return hashlib.sha256(tok.to_str().encode()).hexdigest()


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()

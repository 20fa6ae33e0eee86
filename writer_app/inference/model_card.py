"""The model card, ``model.json``: one typed schema for every reader and writer.

Readers (the app's loader, model store, model routing, the training tools, the bench)
read a card with ``ModelCard.read(folder)`` (strict: a ModelLoadError whose message says
which field is wrong and what to do) or ``ModelCard.try_read(folder)`` (None instead of
an error: listing and routing must not fail on a broken folder). Writers build a
ModelCard and call ``card.write(folder)``, the one place a card is serialised.

The card's parts: the file on disk and its size bound (``inference/card_file.py``:
``load_card_json``, MAX_CARD_BYTES, ModelLoadError), the typed reads that check each
field (``inference/card_fields.py``) and the sections (``inference/card_sections.py``).
Fields this schema does not name are kept in each part's ``extra`` and written back
unchanged, so ``ModelCard.from_dict(d).to_dict() == d`` for any valid card ``d`` (a typed
field that is None is left out when written). No Qt, no torch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from writer_app.inference.card_fields import CardFields, card_object, show_value
from writer_app.inference.card_file import (
    CARD_NAME,
    MAX_CARD_BYTES,
    JsonObject,
    ModelLoadError,
    load_card_json,
    member_path,
    refusal,
)
from writer_app.inference.card_sections import (
    Architecture,
    KeystrokeFigures,
    OnnxInfo,
    TokenizerInfo,
    TrainingInfo,
)

FORMAT_VERSION = 1


@dataclass(frozen=True)
class ModelCard:
    """A whole ``model.json``: typed parts for what Inkling reads, for the training report
    (``training``) and for the bench's keystroke figures (``keystrokes``), JSON objects for
    the other reports (``parity``, ``metrics``, ``start_state``, ``decoding``, ``retrain``,
    ``weights``) and the writer's n-gram file (``writer_ngrams``, checked by
    model_folder.check_files) and ``extra`` for any other top-level field.

    Build one with from_dict / read / try_read or the constructor; change one with
    ``dataclasses.replace`` (frozen); serialise with to_dict / to_json / write.
    """

    name: str
    architecture: Architecture
    tokenizer: TokenizerInfo
    onnx: OnnxInfo
    language: str = "en"
    format_version: int = FORMAT_VERSION
    description: str | None = None
    created: str | None = None  # ISO 8601 UTC, "2026-11-29T22:48:52Z"
    weights: JsonObject | None = None
    training: TrainingInfo | None = None
    parity: JsonObject | None = None
    metrics: JsonObject | None = None  # {"test": bits per byte on held-out text, ...}
    keystrokes: KeystrokeFigures | None = None  # bench.keystrokes --write-card
    retrain: JsonObject | None = None
    decoding: JsonObject | None = None  # advice to the engine, e.g. {"beam_width": 4}
    start_state: JsonObject | None = None  # {"kind": "burn_in" | "zeros", ...}
    writer_ngrams: JsonObject | None = None  # {"file", "sha256", ...}: inference/writer_ngrams.py
    extra: JsonObject = field(default_factory=dict)

    _KNOWN = ("format_version", "name", "language", "description", "created", "architecture",
              "tokenizer", "onnx", "weights", "training", "parity", "metrics", "keystrokes", "retrain",
              "decoding", "start_state", "writer_ngrams")

    # The runtime's view (what lm_session, the decoders and check_files read).
    @property
    def vocab_size(self) -> int:
        return self.architecture.vocab_size

    @property
    def embedding_size(self) -> int:
        return self.architecture.embedding_size

    @property
    def hidden_size(self) -> int:
        return self.architecture.hidden_size

    @property
    def num_layers(self) -> int:
        return self.architecture.num_layers

    @property
    def bos_id(self) -> int:
        return self.tokenizer.bos.id

    @property
    def eos_id(self) -> int:
        return self.tokenizer.eos.id

    @property
    def onnx_file(self) -> str:
        return self.onnx.file

    @property
    def onnx_sha256(self) -> str | None:
        return self.onnx.sha256

    @property
    def precision(self) -> str:
        return self.onnx.precision

    @property
    def tokenizer_sha256(self) -> str | None:
        return self.tokenizer.sha256

    @classmethod
    def from_dict(cls, data: object, source: Path | str = CARD_NAME, *,
                  lenient: bool = False) -> ModelCard:
        """The card in the JSON object ``data`` (as json.loads gives it), every field checked.

        Checked: the format version (FORMAT_VERSION), the sizes (within MAX_*), the special
        ids (inside the vocabulary), ``onnx.file`` (a name inside the folder) and the type
        of every typed field. ``source`` names the card in messages. Raises ModelLoadError
        with a sentence that names the field and what to do. ``lenient``: an optional field
        of the wrong type (a hand-edited "created", a malformed "training") reads as absent;
        what the runtime needs is checked all the same.
        """
        f = CardFields(source, data, lenient=lenient)
        version = f.raw.get("format_version")
        if version != FORMAT_VERSION:
            raise ModelLoadError(
                f"{source} has format version {show_value(version)}; this Inkling reads version "
                f"{FORMAT_VERSION}. Re-export the model with this version's training tools."
            )
        arch = Architecture.from_fields(f.part("architecture"))
        onnx = OnnxInfo.from_fields(f.part("onnx"))
        if member_path(Path("."), onnx.file) is None:
            raise refusal(source, f"\"onnx.file\" must name a file inside the model folder, not "
                                  f"{show_value(onnx.file)}")
        training = f.sub("training", required=False)
        keystrokes = f.sub("keystrokes", required=False)
        return cls(
            name=f.text("name"), language=f.text("language", "en", runtime=True), format_version=version,
            architecture=arch, tokenizer=TokenizerInfo.from_fields(f.part("tokenizer"), arch.vocab_size),
            onnx=onnx, description=f.string("description"), created=f.string("created"),
            weights=f.obj("weights"), training=TrainingInfo.from_fields(training) if training else None,
            parity=f.obj("parity"), metrics=f.obj("metrics"), retrain=f.obj("retrain"),
            keystrokes=_keystrokes(keystrokes) if keystrokes else None,
            decoding=f.obj("decoding"), start_state=f.obj("start_state"),
            writer_ngrams=f.obj("writer_ngrams"), extra=f.extra(cls._KNOWN),
        )

    def to_dict(self) -> JsonObject:
        """The card as a JSON object, fields in the order the exporter writes them."""
        return card_object({
            "format_version": self.format_version, "name": self.name, "language": self.language,
            "description": self.description, "created": self.created,
            "architecture": self.architecture.to_dict(), "tokenizer": self.tokenizer.to_dict(),
            "onnx": self.onnx.to_dict(), "weights": self.weights,
            "training": self.training.to_dict() if self.training is not None else None,
            "parity": self.parity, "metrics": self.metrics,
            "keystrokes": self.keystrokes.to_dict() if self.keystrokes is not None else None,
            "retrain": self.retrain,
            "decoding": self.decoding, "start_state": self.start_state,
            "writer_ngrams": self.writer_ngrams,
        }, self.extra)

    def to_json(self) -> str:
        """The text of model.json: indented JSON, UTF-8 characters as they are, a final newline."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def read(cls, folder: Path, *, lenient: bool = False) -> ModelCard:
        """The card of the model folder ``folder``. Raises ModelLoadError (a sentence naming
        the file, the field and what to do) for a missing folder or card, a card over
        MAX_CARD_BYTES, bad JSON or a field from_dict refuses. Strict by default (the
        training tools, which write cards back); ``lenient`` (the app's model loader): an
        optional field of the wrong type reads as absent, so a hand-edited "start_state"
        falls back to its default instead of making the model unusable."""
        folder = Path(folder)
        if not folder.is_dir():
            raise ModelLoadError(f"Model folder not found: {folder}")
        return cls.from_dict(load_card_json(folder), folder / CARD_NAME, lenient=lenient)

    @classmethod
    def try_read(cls, folder: Path) -> ModelCard | None:
        """``read(folder, lenient=True)``, or None where it raises (a card missing,
        unreadable, over MAX_CARD_BYTES or without what the runtime needs). For listing
        and routing, which must not fail on a broken folder (loading it says what is wrong)."""
        try:
            return cls.read(folder, lenient=True)
        except ModelLoadError:
            return None

    def write(self, folder: Path) -> Path:
        """Write ``folder/model.json`` atomically (old or new file, never half of one) and
        return its path. Raises ModelLoadError when the card would be over MAX_CARD_BYTES
        (no reader would read it) or would not read back (from_dict refuses it), and
        OSError (SaveError, with a sentence) when the file cannot be written."""
        from writer_app.files.atomic_write import atomic_write_bytes

        path = Path(folder) / CARD_NAME
        data = self.to_json().encode("utf-8")
        if len(data) > MAX_CARD_BYTES:
            raise ModelLoadError(f"The model card for {self.name} would be {len(data) // 1024:,} KB, "
                                 f"over the {MAX_CARD_BYTES // 1024:,} KB any reader accepts, so "
                                 f"{path} was not written.")
        ModelCard.from_dict(json.loads(data), path)
        atomic_write_bytes(path, data)
        return path

    def merged(self, updates: JsonObject) -> ModelCard:
        """This card with ``updates`` merged into its JSON: a JSON object merges into an
        object already there (one level deep), anything else replaces the field. Raises
        ModelLoadError when the result is not a valid card."""
        data = self.to_dict()
        for key, value in updates.items():
            if isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
        return ModelCard.from_dict(data)


def _keystrokes(f: CardFields) -> KeystrokeFigures | None:
    """The ``keystrokes`` section; lenient: None for one the schema refuses (a report the
    runtime does not need must not make the model unusable)."""
    try:
        return KeystrokeFigures.from_fields(f)
    except ModelLoadError:
        if not f.lenient:
            raise
        return None


def read_card(folder: Path) -> ModelCard:
    """``ModelCard.read(folder, lenient=True)``: what the app's loader reads (the name
    older callers use)."""
    return ModelCard.read(folder, lenient=True)

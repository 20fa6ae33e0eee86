"""The model card, ``model.json``: one typed schema for every reader and writer.

Readers (the app's loader, model store, model routing, the training tools, the bench)
read a card with ``ModelCard.read(folder)`` (strict: a ModelLoadError whose message says
which field is wrong and what to do) or ``ModelCard.try_read(folder)`` (None instead of
an error: listing and routing must not fail on a broken folder). Writers build a
ModelCard and call ``card.write(folder)``, the one place a card is serialised.

Every read goes through ``load_card_json``, which refuses a file over MAX_CARD_BYTES
unread. Fields this schema does not name are kept in each part's ``extra`` and written
back unchanged, so ``ModelCard.from_dict(d).to_dict() == d`` for any valid card ``d``
(a typed field that is None is left out when written). No Qt, no torch.

The card's training data (``training.data``) names each source by its corpus folder
relative to the corpora root (``"en-modern/openstax"``) and each held-out file by its
path relative to that root (``"en-novels-1880-1930/Doyle_Hound_1902.txt"``), never by the
build machine's absolute path.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

FORMAT_VERSION = 1
CARD_NAME = "model.json"
# The largest model.json any reader parses (bytes). Real cards are 5-30 KB (the validation
# history is the bulk); a 2 GB "card" read whole took the editor to 4.2 GB of memory.
MAX_CARD_BYTES = 1 << 20
# Bounds a card's sizes must keep; beyond them the numbers are not a model of this kind.
MAX_VOCAB_SIZE = 1 << 20
MAX_WIDTH = 1 << 16  # embedding and hidden size
MAX_LAYERS = 64

JsonObject = dict[str, Any]


class ModelLoadError(Exception):
    """A model folder cannot be used; the message says which file and why."""


def _refuse(path: Path | str, why: str) -> ModelLoadError:
    return ModelLoadError(f"{path} is not a usable model card: {why}. Reinstall the model or "
                          "export it again with Inkling's training tools.")


def load_card_json(folder: Path) -> JsonObject:
    """``folder/model.json`` parsed as a JSON object (the untyped step of ModelCard.read).

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


def card_json(folder: Path) -> JsonObject | None:
    """``folder/model.json`` parsed, or None when it is missing, unreadable, oversized or not
    a JSON object. Prefer ModelCard.try_read, which also checks the fields."""
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


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class _Fields:
    """Typed reads of one JSON object of a card (``prefix`` is its dotted place in the
    card, for the messages); a bad or missing field becomes a sentence. ``lenient``: an
    optional field of the wrong type reads as absent (its default) instead."""

    def __init__(self, path: Path | str, raw: object, prefix: str = "", lenient: bool = False) -> None:
        if not isinstance(raw, dict):
            raise _refuse(path, f"\"{prefix.rstrip('.')}\" must be a JSON object, not a "
                                f"{_json_type(raw)}")
        self.path, self.raw, self.prefix, self.lenient = path, raw, prefix, lenient

    def _bad(self, key: str, why: str, default: Any = None) -> Any:
        """``default`` for an optional field when lenient; otherwise the refusal."""
        if self.lenient and default is not ...:
            return default
        raise _refuse(self.path, f"\"{self._name(key)}\" {why}")

    def _name(self, key: str) -> str:
        return self.prefix + key

    def get(self, key: str, default: Any = ...) -> Any:
        if key not in self.raw:
            if default is ...:
                raise _refuse(self.path, f"it lacks the field \"{self._name(key)}\"")
            return default
        return self.raw[key]

    def sub(self, key: str, required: bool = True) -> _Fields | None:
        if key not in self.raw and not required:
            return None
        value = self.get(key)
        if not isinstance(value, dict) and not required and self.lenient:
            return None
        return _Fields(self.path, value, self._name(key) + ".", self.lenient)

    def text(self, key: str, default: Any = ..., runtime: bool = False) -> Any:
        """A non-empty string; ``runtime``: checked even when lenient (the runtime uses it)."""
        value = self.get(key, default)
        if value is None and default is None:
            return None
        if not isinstance(value, str) or not value:
            return self._bad(key, f"must be a non-empty string, not {_show(value)}",
                             ... if runtime else default)
        return value

    def string(self, key: str, runtime: bool = False) -> str | None:
        """An optional string, which may be empty; ``runtime`` as in text."""
        value = self.get(key, None)
        if value is not None and not isinstance(value, str):
            return self._bad(key, f"must be a string, not {_show(value)}", ... if runtime else None)
        return value

    def count(self, key: str, low: int, high: int, required: bool = True) -> Any:
        value = self.get(key, ... if required else None)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return self._bad(key, f"must be a whole number from {low:,} to {high:,}, not "
                                  f"{_show(value)}", ... if required else None)
        return value

    def number(self, key: str) -> float | int | None:
        value = self.get(key, None)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            return self._bad(key, f"must be a number, not {_show(value)}")
        return value

    def flag(self, key: str) -> bool | None:
        value = self.get(key, None)
        if value is not None and not isinstance(value, bool):
            return self._bad(key, f"must be true or false, not {_show(value)}")
        return value

    def obj(self, key: str) -> JsonObject | None:
        value = self.get(key, None)
        if value is not None and not isinstance(value, dict):
            return self._bad(key, f"must be a JSON object, not a {_json_type(value)}")
        return value

    def items(self, key: str) -> list[Any] | None:
        value = self.get(key, None)
        if value is not None and not isinstance(value, list):
            return self._bad(key, f"must be a list, not a {_json_type(value)}")
        return value

    def names(self, key: str) -> tuple[str, ...]:
        value = self.items(key) or []
        if not all(isinstance(v, str) for v in value):
            return self._bad(key, "must be a list of file names", ())
        return tuple(value)

    def extra(self, known: tuple[str, ...]) -> JsonObject:
        return {k: v for k, v in self.raw.items() if k not in known}


def _out(pairs: dict[str, Any], extra: JsonObject) -> JsonObject:
    """The JSON object of a card part: its typed fields that are not None, then ``extra``."""
    return {**{k: v for k, v in pairs.items() if v is not None}, **extra}


@dataclass(frozen=True)
class Architecture:
    """``architecture``: the LSTM's sizes (vocab_size tokens; embedding_size, hidden_size
    units; num_layers layers)."""

    vocab_size: int
    embedding_size: int
    hidden_size: int
    num_layers: int
    type: str | None = None  # "lstm"
    tied_embeddings: bool | None = None
    dropout: float | None = None
    parameters: int | None = None
    extra: JsonObject = field(default_factory=dict)

    _KNOWN = ("type", "tied_embeddings", "vocab_size", "embedding_size", "hidden_size",
              "num_layers", "dropout", "parameters")

    @classmethod
    def from_fields(cls, f: _Fields) -> Architecture:
        return cls(vocab_size=f.count("vocab_size", 1, MAX_VOCAB_SIZE),
                   embedding_size=f.count("embedding_size", 1, MAX_WIDTH),
                   hidden_size=f.count("hidden_size", 1, MAX_WIDTH),
                   num_layers=f.count("num_layers", 1, MAX_LAYERS),
                   type=f.string("type"), tied_embeddings=f.flag("tied_embeddings"),
                   dropout=f.number("dropout"), parameters=f.count("parameters", 0, 1 << 62, False),
                   extra=f.extra(cls._KNOWN))

    def to_dict(self) -> JsonObject:
        return _out({"type": self.type, "tied_embeddings": self.tied_embeddings,
                     "vocab_size": self.vocab_size, "embedding_size": self.embedding_size,
                     "hidden_size": self.hidden_size, "num_layers": self.num_layers,
                     "dropout": self.dropout, "parameters": self.parameters}, self.extra)


@dataclass(frozen=True)
class SpecialToken:
    """One special token: its id in the vocabulary and its text."""

    id: int
    token: str | None = None

    def to_dict(self) -> JsonObject:
        return _out({"token": self.token, "id": self.id}, {})


@dataclass(frozen=True)
class TokenizerInfo:
    """``tokenizer``: the file, its vocabulary, the <|bos|>/<|eos|> tokens and the
    file's SHA-256 (hex; cards written before it existed have none)."""

    bos: SpecialToken
    eos: SpecialToken
    file: str | None = None  # always tokenizer.json
    type: str | None = None
    vocab_size: int | None = None
    sha256: str | None = None
    extra: JsonObject = field(default_factory=dict)

    _KNOWN = ("file", "type", "vocab_size", "special_tokens", "sha256")

    @classmethod
    def from_fields(cls, f: _Fields, vocab: int) -> TokenizerInfo:
        special = f.sub("special_tokens")
        assert special is not None
        tokens = {}
        for which in ("bos", "eos"):
            t = special.sub(which)
            assert t is not None
            tokens[which] = SpecialToken(t.count("id", 0, vocab - 1), t.string("token"))
        others = special.extra(("bos", "eos"))
        return cls(bos=tokens["bos"], eos=tokens["eos"], file=f.string("file"), type=f.string("type"),
                   vocab_size=f.count("vocab_size", 1, MAX_VOCAB_SIZE, False),
                   sha256=f.string("sha256", runtime=True),
                   extra={**f.extra(cls._KNOWN), **({"special_tokens": others} if others else {})})

    def to_dict(self) -> JsonObject:
        extra = dict(self.extra)
        special = {"bos": self.bos.to_dict(), "eos": self.eos.to_dict(), **extra.pop("special_tokens", {})}
        return _out({"file": self.file, "type": self.type, "vocab_size": self.vocab_size,
                     "special_tokens": special, "sha256": self.sha256}, extra)


@dataclass(frozen=True)
class OnnxVariant:
    """``onnx.variants.<precision>``: another ONNX file of the same model (e.g. fp32 beside
    an int8 model.onnx) and its SHA-256."""

    file: str
    sha256: str | None = None
    extra: JsonObject = field(default_factory=dict)

    def to_dict(self) -> JsonObject:
        return _out({"file": self.file, "sha256": self.sha256}, self.extra)


@dataclass(frozen=True)
class OnnxInfo:
    """``onnx``: the model file (inside the folder), its precision ("int8" or "fp32"),
    size in bytes, SHA-256 (hex) and variants."""

    file: str
    precision: str = "fp32"
    opset: int | None = None
    bytes: int | None = None
    sha256: str | None = None
    exporter: str | None = None
    inputs: JsonObject | None = None
    outputs: JsonObject | None = None
    variants: dict[str, OnnxVariant] = field(default_factory=dict)
    extra: JsonObject = field(default_factory=dict)

    _KNOWN = ("file", "precision", "opset", "bytes", "sha256", "exporter", "inputs", "outputs", "variants")

    @classmethod
    def from_fields(cls, f: _Fields) -> OnnxInfo:
        variants = {}
        found = f.sub("variants", required=False)
        for key in found.raw if found is not None else ():
            v = found.sub(key)
            assert v is not None
            variants[key] = OnnxVariant(v.text("file"), v.string("sha256"), v.extra(("file", "sha256")))
        return cls(file=f.text("file"), precision=f.text("precision", "fp32", runtime=True),
                   opset=f.count("opset", 1, 1000, False), bytes=f.count("bytes", 0, 1 << 62, False),
                   sha256=f.string("sha256", runtime=True), exporter=f.string("exporter"), inputs=f.obj("inputs"),
                   outputs=f.obj("outputs"), variants=variants, extra=f.extra(cls._KNOWN))

    def to_dict(self) -> JsonObject:
        variants = {k: v.to_dict() for k, v in self.variants.items()} or None
        return _out({"file": self.file, "precision": self.precision, "opset": self.opset,
                     "bytes": self.bytes, "sha256": self.sha256, "exporter": self.exporter,
                     "inputs": self.inputs, "outputs": self.outputs, "variants": variants}, self.extra)


@dataclass(frozen=True)
class DataSource:
    """One entry of ``training.data``: a corpus folder relative to the corpora root
    (``source``, e.g. "en-modern/openstax"; "user-provided" for a retrain), its evaluation
    group, licence, sampling weight, training files (count) and bytes, and its held-out
    files relative to the corpora root ("en-novels-1880-1930/Hardy_Tess_1891.txt")."""

    source: str
    group: str = "all"
    license: str = "unknown"
    weight: float = 1.0
    train_files: int = 0
    train_bytes: int = 0
    validation_files: tuple[str, ...] = ()
    test_files: tuple[str, ...] = ()
    extra: JsonObject = field(default_factory=dict)

    _KNOWN = ("source", "group", "license", "weight", "train_files", "train_bytes",
              "validation_files", "test_files")

    @classmethod
    def from_fields(cls, f: _Fields) -> DataSource:
        weight = f.number("weight")
        return cls(source=f.text("source"), group=f.text("group", "all"),
                   license=f.text("license", "unknown"), weight=1.0 if weight is None else weight,
                   train_files=f.count("train_files", 0, 1 << 62, False) or 0,
                   train_bytes=f.count("train_bytes", 0, 1 << 62, False) or 0,
                   validation_files=f.names("validation_files"), test_files=f.names("test_files"),
                   extra=f.extra(cls._KNOWN))

    @classmethod
    def from_dict(cls, data: JsonObject) -> DataSource:
        """Raises ModelLoadError when a field has the wrong type."""
        return cls.from_fields(_Fields("training.data entry", data))

    def to_dict(self) -> JsonObject:
        return _out({"source": self.source, "group": self.group, "license": self.license,
                     "weight": self.weight, "train_files": self.train_files,
                     "train_bytes": self.train_bytes, "validation_files": list(self.validation_files),
                     "test_files": list(self.test_files)}, self.extra)


@dataclass(frozen=True)
class TrainingInfo:
    """``training``: steps, wall time (s), tokens seen, throughput (tokens/s), the best
    validation loss (nats/token) and its step, the TrainConfig as a dict, the data
    sources, the validation history (one dict per evaluation) and the command."""

    steps: int | None = None
    time_s: float | None = None
    tokens: int | None = None
    tokens_per_s: float | None = None
    best_validation_loss: float | None = None
    best_step: int | None = None
    train_config: JsonObject | None = None
    data: tuple[DataSource, ...] = ()
    validation_history: list[JsonObject] | None = None
    command: str | None = None
    extra: JsonObject = field(default_factory=dict)

    _KNOWN = ("steps", "time_s", "tokens", "tokens_per_s", "best_validation_loss", "best_step",
              "train_config", "data", "validation_history", "command")

    @classmethod
    def from_fields(cls, f: _Fields) -> TrainingInfo:
        data = []
        for i, entry in enumerate(f.items("data") or []):
            try:
                data.append(DataSource.from_fields(_Fields(f.path, entry, f"training.data[{i}].",
                                                           f.lenient)))
            except ModelLoadError:
                if not f.lenient:
                    raise  # lenient: an entry without a usable source is left out
        return cls(steps=f.count("steps", 0, 1 << 62, False), time_s=f.number("time_s"),
                   tokens=f.count("tokens", 0, 1 << 62, False), tokens_per_s=f.number("tokens_per_s"),
                   best_validation_loss=f.number("best_validation_loss"),
                   best_step=f.count("best_step", 0, 1 << 62, False), train_config=f.obj("train_config"),
                   data=tuple(data), validation_history=f.items("validation_history"),
                   command=f.string("command"), extra=f.extra(cls._KNOWN))

    def to_dict(self) -> JsonObject:
        return _out({"steps": self.steps, "time_s": self.time_s, "tokens": self.tokens,
                     "tokens_per_s": self.tokens_per_s, "best_validation_loss": self.best_validation_loss,
                     "best_step": self.best_step, "train_config": self.train_config,
                     "data": [d.to_dict() for d in self.data],
                     "validation_history": self.validation_history, "command": self.command},
                    self.extra)


@dataclass(frozen=True)
class ModelCard:
    """A whole ``model.json``: typed parts for what Inkling reads, JSON objects for the
    reports (``parity``, ``metrics``, ``start_state``, ``decoding``, ``retrain``,
    ``weights``) and ``extra`` for any other top-level field.

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
    metrics: JsonObject | None = None
    retrain: JsonObject | None = None
    decoding: JsonObject | None = None  # advice to the engine, e.g. {"beam_width": 4}
    start_state: JsonObject | None = None  # {"kind": "burn_in" | "zeros", ...}
    extra: JsonObject = field(default_factory=dict)

    _KNOWN = ("format_version", "name", "language", "description", "created", "architecture",
              "tokenizer", "onnx", "weights", "training", "parity", "metrics", "retrain",
              "decoding", "start_state")

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
        f = _Fields(source, data, lenient=lenient)
        version = f.raw.get("format_version")
        if version != FORMAT_VERSION:
            raise ModelLoadError(
                f"{source} has format version {_show(version)}; this Inkling reads version "
                f"{FORMAT_VERSION}. Re-export the model with this version's training tools."
            )
        arch = Architecture.from_fields(_sub(f, "architecture"))
        onnx = OnnxInfo.from_fields(_sub(f, "onnx"))
        if member_path(Path("."), onnx.file) is None:
            raise _refuse(source, f"\"onnx.file\" must name a file inside the model folder, not "
                                  f"{_show(onnx.file)}")
        training = f.sub("training", required=False)
        return cls(
            name=f.text("name"), language=f.text("language", "en", runtime=True), format_version=version,
            architecture=arch, tokenizer=TokenizerInfo.from_fields(_sub(f, "tokenizer"), arch.vocab_size),
            onnx=onnx, description=f.string("description"), created=f.string("created"),
            weights=f.obj("weights"), training=TrainingInfo.from_fields(training) if training else None,
            parity=f.obj("parity"), metrics=f.obj("metrics"), retrain=f.obj("retrain"),
            decoding=f.obj("decoding"), start_state=f.obj("start_state"), extra=f.extra(cls._KNOWN),
        )

    def to_dict(self) -> JsonObject:
        """The card as a JSON object, fields in the order the exporter writes them."""
        return _out({
            "format_version": self.format_version, "name": self.name, "language": self.language,
            "description": self.description, "created": self.created,
            "architecture": self.architecture.to_dict(), "tokenizer": self.tokenizer.to_dict(),
            "onnx": self.onnx.to_dict(), "weights": self.weights,
            "training": self.training.to_dict() if self.training is not None else None,
            "parity": self.parity, "metrics": self.metrics, "retrain": self.retrain,
            "decoding": self.decoding, "start_state": self.start_state,
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


def _sub(f: _Fields, key: str) -> _Fields:
    found = f.sub(key)
    assert found is not None  # required: sub raised if it was missing
    return found


def read_card(folder: Path) -> ModelCard:
    """``ModelCard.read(folder, lenient=True)``: what the app's loader reads (the name
    older callers use)."""
    return ModelCard.read(folder, lenient=True)

"""The sections of a model card (``architecture``, ``tokenizer``, ``onnx``, ``training``
and its data sources): one frozen dataclass each, read from a CardFields and written back
with ``to_dict``; the whole card is ``inference/model_card.py``. No Qt, no torch.

The card's training data (``training.data``) names each source by its corpus folder
relative to the corpora root (``"en-modern/openstax"``) and each held-out file by its
path relative to that root (``"en-novels-1880-1930/Doyle_Hound_1902.txt"``), never by the
build machine's absolute path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from writer_app.inference.card_fields import CardFields, card_object
from writer_app.inference.card_file import JsonObject, ModelLoadError

# Bounds a card's sizes must keep; beyond them the numbers are not a model of this kind.
MAX_VOCAB_SIZE = 1 << 20
MAX_WIDTH = 1 << 16  # embedding and hidden size
MAX_LAYERS = 64


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
    def from_fields(cls, f: CardFields) -> Architecture:
        return cls(vocab_size=f.count("vocab_size", 1, MAX_VOCAB_SIZE),
                   embedding_size=f.count("embedding_size", 1, MAX_WIDTH),
                   hidden_size=f.count("hidden_size", 1, MAX_WIDTH),
                   num_layers=f.count("num_layers", 1, MAX_LAYERS),
                   type=f.string("type"), tied_embeddings=f.flag("tied_embeddings"),
                   dropout=f.number("dropout"), parameters=f.count("parameters", 0, 1 << 62, False),
                   extra=f.extra(cls._KNOWN))

    def to_dict(self) -> JsonObject:
        return card_object({"type": self.type, "tied_embeddings": self.tied_embeddings,
                            "vocab_size": self.vocab_size, "embedding_size": self.embedding_size,
                            "hidden_size": self.hidden_size, "num_layers": self.num_layers,
                            "dropout": self.dropout, "parameters": self.parameters}, self.extra)


@dataclass(frozen=True)
class SpecialToken:
    """One special token: its id in the vocabulary and its text."""

    id: int
    token: str | None = None

    def to_dict(self) -> JsonObject:
        return card_object({"token": self.token, "id": self.id}, {})


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
    def from_fields(cls, f: CardFields, vocab: int) -> TokenizerInfo:
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
        return card_object({"file": self.file, "type": self.type, "vocab_size": self.vocab_size,
                            "special_tokens": special, "sha256": self.sha256}, extra)


@dataclass(frozen=True)
class OnnxVariant:
    """``onnx.variants.<precision>``: another ONNX file of the same model (e.g. fp32 beside
    an int8 model.onnx) and its SHA-256."""

    file: str
    sha256: str | None = None
    extra: JsonObject = field(default_factory=dict)

    def to_dict(self) -> JsonObject:
        return card_object({"file": self.file, "sha256": self.sha256}, self.extra)


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
    def from_fields(cls, f: CardFields) -> OnnxInfo:
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
        return card_object({"file": self.file, "precision": self.precision, "opset": self.opset,
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
    def from_fields(cls, f: CardFields) -> DataSource:
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
        return cls.from_fields(CardFields("training.data entry", data))

    def to_dict(self) -> JsonObject:
        return card_object({"source": self.source, "group": self.group, "license": self.license,
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
    def from_fields(cls, f: CardFields) -> TrainingInfo:
        data = []
        for i, entry in enumerate(f.items("data") or []):
            try:
                data.append(DataSource.from_fields(CardFields(f.path, entry, f"training.data[{i}].",
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
        return card_object({"steps": self.steps, "time_s": self.time_s, "tokens": self.tokens,
                            "tokens_per_s": self.tokens_per_s, "best_validation_loss": self.best_validation_loss,
                            "best_step": self.best_step, "train_config": self.train_config,
                            "data": [d.to_dict() for d in self.data],
                            "validation_history": self.validation_history, "command": self.command},
                           self.extra)


@dataclass(frozen=True)
class KeystrokeFigures:
    """``keystrokes``: what ``python -m bench.keystrokes --write-card`` measured for this
    model (bench/RESULTS.md says how each figure is counted).

    ``ksr``: keystroke savings rate, 1 - keystrokes / characters (one key a character),
    0-1; ``exact_match_1``: of the shown suggestions with at least one word, the share
    whose first word is right, 0-1; ``trigger_rate``: shown suggestions / requests, 0-1;
    ``p50_ms``, ``p95_ms``: wall time of one ``Suggester.suggest`` call with the state
    cache warm, as in the editor (milliseconds); ``characters``: characters typed in all;
    ``texts``: the names of the texts typed; ``threshold``: the decoding threshold the
    figures were measured at; ``command``: the bench command line; ``machine``: where it
    ran, in words; ``date``: when (ISO 8601 UTC, "2026-12-06T05:40:00Z"). Chinese runs
    (bench/ime_report.py) add keystrokes as an input method counts them (pinyin letters plus
    a commit key per word): ``ime_ksr``, the savings with whole suggestions taken, the
    engine asked after every character, 0-1; ``ime_exact_match_1`` and
    ``ime_trigger_rate``, the engine asked at input-method commits, 0-1.
    """

    ksr: float
    trigger_rate: float
    p50_ms: float
    p95_ms: float
    command: str
    date: str
    exact_match_1: float | None = None
    characters: int | None = None
    texts: tuple[str, ...] = ()
    threshold: float | None = None
    machine: str | None = None
    ime_ksr: float | None = None
    ime_exact_match_1: float | None = None
    ime_trigger_rate: float | None = None
    extra: JsonObject = field(default_factory=dict)

    _KNOWN = ("ksr", "exact_match_1", "trigger_rate", "p50_ms", "p95_ms", "characters", "texts",
              "threshold", "command", "machine", "date", "ime_ksr", "ime_exact_match_1", "ime_trigger_rate")
    _MAX_MS = 1e7

    @classmethod
    def from_fields(cls, f: CardFields) -> KeystrokeFigures:
        return cls(ksr=f.real("ksr", -1.0, 1.0), trigger_rate=f.real("trigger_rate", 0.0, 1.0),
                   p50_ms=f.real("p50_ms", 0.0, cls._MAX_MS), p95_ms=f.real("p95_ms", 0.0, cls._MAX_MS),
                   command=f.text("command"), date=f.text("date"),
                   exact_match_1=f.real("exact_match_1", 0.0, 1.0, required=False),
                   characters=f.count("characters", 0, 1 << 62, False), texts=f.names("texts"),
                   threshold=f.number("threshold"), machine=f.string("machine"),
                   ime_ksr=f.real("ime_ksr", -1.0, 1.0, required=False),
                   ime_exact_match_1=f.real("ime_exact_match_1", 0.0, 1.0, required=False),
                   ime_trigger_rate=f.real("ime_trigger_rate", 0.0, 1.0, required=False),
                   extra=f.extra(cls._KNOWN))

    def to_dict(self) -> JsonObject:
        return card_object({"ksr": self.ksr, "exact_match_1": self.exact_match_1,
                            "trigger_rate": self.trigger_rate, "p50_ms": self.p50_ms,
                            "p95_ms": self.p95_ms, "characters": self.characters,
                            "texts": list(self.texts), "threshold": self.threshold,
                            "command": self.command, "machine": self.machine, "date": self.date,
                            "ime_ksr": self.ime_ksr, "ime_exact_match_1": self.ime_exact_match_1,
                            "ime_trigger_rate": self.ime_trigger_rate},
                           self.extra)

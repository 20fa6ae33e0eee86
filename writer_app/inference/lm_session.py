"""The ONNX LSTM language model in onnxruntime: (ids, h, c) -> (logits, h, c).

The session is stateless; the recurrent state is passed in and out explicitly (as in
Piper TTS / faster-whisper), so callers can cache and branch it (beams, prefixes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from writer_app.inference.card_file import WHAT_TO_DO, ModelLoadError
from writer_app.inference.model_card import ModelCard
from writer_app.inference.model_folder import check_files

INPUT_NAMES = ("input_ids", "h0", "c0")
OUTPUT_NAMES = ("logits", "hn", "cn")


@dataclass(frozen=True)
class RuntimeOptions:
    """onnxruntime threading. Spinning off by default: the GUI thread needs the core."""

    intra_op_threads: int = 2
    allow_spinning: bool = False


def make_session(onnx_path: Path, options: RuntimeOptions = RuntimeOptions()) -> ort.InferenceSession:
    """A CPU InferenceSession with fixed threads. Raises ModelLoadError if the file is bad."""
    so = ort.SessionOptions()
    so.intra_op_num_threads = options.intra_op_threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.add_session_config_entry("session.intra_op.allow_spinning", "1" if options.allow_spinning else "0")
    so.log_severity_level = 3
    try:
        return ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises several exception types for bad files
        detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
        raise ModelLoadError(f"{onnx_path} is not a loadable ONNX model ({detail}). {WHAT_TO_DO}") from exc


class OnnxLanguageModel:
    """A loaded model folder: tokenizer, card and onnxruntime session.

    Raises ModelLoadError on load when the folder is incomplete, inconsistent or corrupt.
    """

    def __init__(self, folder: Path, card: ModelCard, tokenizer: Tokenizer, session: ort.InferenceSession):
        self.folder, self.card, self.tokenizer, self.session = folder, card, tokenizer, session
        self._check_signature()
        self._check_finite()

    @classmethod
    def load(cls, folder: str | Path, options: RuntimeOptions = RuntimeOptions(),
             card: ModelCard | None = None) -> OnnxLanguageModel:
        """The model in ``folder``, described by ``card`` (None: its model.json, read by
        ModelCard.read(folder, lenient=True); the exporter passes the card it is about to
        write). Raises ModelLoadError."""
        folder = Path(folder)
        card = card if card is not None else ModelCard.read(folder, lenient=True)
        onnx_path, tok_path = check_files(folder, card)
        return cls(folder, card, Tokenizer.from_file(str(tok_path)), make_session(onnx_path, options))

    def _check_signature(self) -> None:
        ins = {i.name: i.shape for i in self.session.get_inputs()}
        outs = {o.name: o.shape for o in self.session.get_outputs()}
        if set(ins) != set(INPUT_NAMES) or set(outs) != set(OUTPUT_NAMES):
            raise ModelLoadError(
                f"{self.folder / self.card.onnx_file} has inputs {sorted(ins)} and outputs {sorted(outs)}; "
                f"expected {list(INPUT_NAMES)} -> {list(OUTPUT_NAMES)}"
            )
        checks = [(ins["h0"][0], self.card.num_layers, "layers"), (ins["h0"][2], self.card.hidden_size, "hidden size"),
                  (outs["logits"][2], self.card.vocab_size, "vocabulary size")]
        for got, want, what in checks:
            if isinstance(got, int) and got != want:
                raise ModelLoadError(f"{self.card.onnx_file} has {what} {got} but the model card says {want}")

    def _check_finite(self) -> None:
        """One short forward pass (<|bos|> and <|eos|> from the zero state, well under a
        millisecond): a model whose weights hold NaN or infinity (training that diverged,
        a damaged export) scores every token NaN, and the decoder would silently never
        suggest anything. Raises ModelLoadError instead, so the model status says why."""
        ids = np.array([[self.card.bos_id, self.card.eos_id]], dtype=np.int64)
        try:
            outputs = self.forward(ids, *self.initial_state(1))
        except Exception as exc:  # onnxruntime raises several types for a graph that cannot run
            raise ModelLoadError(f"{self.folder / self.card.onnx_file} cannot run: {exc}") from exc
        if not all(np.isfinite(x).all() for x in outputs):
            raise ModelLoadError(
                f"{self.folder / self.card.onnx_file} is unusable: its scores are NaN (not a number), "
                "so it could never suggest anything. The model is damaged or its training "
                "diverged; choose another model (Model menu) or retrain from the default one."
            )

    def initial_state(self, batch_size: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """Zero (h, c), each float32[L, B, H]."""
        shape = (self.card.num_layers, batch_size, self.card.hidden_size)
        return np.zeros(shape, np.float32), np.zeros(shape, np.float32)

    def forward(self, input_ids: np.ndarray, h: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """input_ids int64[B, T], h/c float32[L, B, H] -> logits float32[B, T, V], hn, cn."""
        logits, hn, cn = self.session.run(
            list(OUTPUT_NAMES), {"input_ids": np.ascontiguousarray(input_ids, dtype=np.int64), "h0": h, "c0": c}
        )
        return logits, hn, cn

    def stream_nll(self, ids: np.ndarray, chunk: int = 256) -> tuple[float, int]:
        """Summed NLL (nats) of ids[1:] given what precedes, and the number of predictions."""
        h, c = self.initial_state(1)
        total, n = 0.0, 0
        for i in range(0, len(ids) - 1, chunk):
            x = ids[i : min(i + chunk, len(ids) - 1)][None, :]
            y = ids[i + 1 : i + 1 + x.shape[1]]
            logits, h, c = self.forward(x, h, c)
            z = logits[0].astype(np.float64)
            m = z.max(axis=-1, keepdims=True)
            logp = z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
            total -= float(logp[np.arange(len(y)), y].sum())
            n += len(y)
        return total, n

    def bits_per_byte(self, text: str) -> tuple[float, int, int]:
        """(bits per byte, tokens, bytes) of ``text`` scored as a document start."""
        ids = np.asarray([self.card.bos_id, *self.tokenizer.encode(text, add_special_tokens=False).ids], np.int64)
        nll, n = self.stream_nll(ids)
        nbytes = len(text.encode("utf-8"))
        return nll / np.log(2) / max(nbytes, 1), n, nbytes

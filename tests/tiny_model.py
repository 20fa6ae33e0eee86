"""A tiny model built in seconds for the fast tests (English + a little Chinese)."""

from __future__ import annotations

import random
from pathlib import Path

SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "She walked to the station and waited for the train.",
    "Thank you for your letter, I will write again soon.",
    "The weather was cold and clear in the morning.",
    "He opened the door and looked out at the garden.",
    "We are going to the market tomorrow morning.",
    "我们明天早上去市场。",
    "今天天气很好，我们去公园散步。",
]


def tiny_model_config():
    """Sizes of the test models: V=400, E=64, H=64, L=2 (learns the sentences in a few hundred steps)."""
    from training.config import ModelConfig

    return ModelConfig(vocab_size=400, embedding_size=64, hidden_size=64, num_layers=2, dropout=0.0)


def tiny_train_config(**overrides):
    """A TrainConfig for tests: batch 8 x 32 tokens, one thread."""
    from training.config import TrainConfig

    base = dict(batch_size=8, seq_len=32, lr=1e-2, warmup_steps=10, max_steps=60, eval_every=20,
                eval_tokens=4000, threads=1)
    base.update(overrides)
    return TrainConfig(**base)


def write_tiny_corpus(folder: Path, files: int = 4, lines: int = 150, seed: int = 0) -> Path:
    """Write ``files`` UTF-8 text files of shuffled sentences into ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        paras = [" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4))) for _ in range(lines)]
        (folder / f"doc{i}.txt").write_text("\n".join(paras) + "\n", encoding="utf-8")
    return folder


# The training steps of the committed tests/data/tiny-model: past convergence (validation
# loss ~0.21 nats/token, the shuffled sentence order), so the tests' expectations hold for
# the model this script makes on other processors too (at 300 steps, loss 0.44 on one and
# a model that continued "She walked to the" with "lazy dog.").
TINY_MODEL_STEPS = 1200


def build_tiny_model(workdir: Path, steps: int = TINY_MODEL_STEPS) -> Path:
    """Train and export a tiny model (needs torch); returns its model folder (workdir/model).

    The app's tests use the committed copy, tests/data/tiny-model (make_tiny_model.py there).
    """
    from training.package import make_model_folder
    from training.recipe import split_files
    from training.run import run_training

    corpus = write_tiny_corpus(workdir / "corpus")
    run = workdir / "run"
    run_training(
        [split_files([corpus])], run,
        tiny_model_config(),
        tiny_train_config(max_steps=steps, eval_every=50, eval_tokens=5000),
        vocab_size=400, log=lambda _m: None, show_bar=False,
    )
    out = workdir / "model"
    make_model_folder(run / "best.pt", out, name="tiny-test-model", precision="fp32", keep_fp32=False)
    return out


def card_dict(**fields: object) -> dict:
    """The committed tiny model's card (tests/data/tiny-model/model.json) as a dict, with
    ``fields`` set: a complete, valid card for tests that fake a model folder."""
    import json

    card = json.loads((Path(__file__).parent / "data" / "tiny-model" / "model.json").read_text(encoding="utf-8"))
    card.update(fields)
    return card


def copy_with_card(src: Path, dst: Path, **fields: object) -> Path:
    """A copy of the model folder ``src`` at ``dst`` whose model.json has ``fields`` set."""
    import json
    import shutil

    shutil.copytree(src, dst)
    card = json.loads((dst / "model.json").read_text(encoding="utf-8"))
    card.update(fields)
    (dst / "model.json").write_text(json.dumps(card), encoding="utf-8")
    return dst


def poison_with_nan(folder: Path) -> Path:
    """Set the model's projection bias to NaN (as a diverged training run would leave it)
    and record the new checksum in its card, so only the scores are wrong. Returns ``folder``.

    Edits the ONNX file's bytes in place, so the app's dependencies suffice (no onnx
    package): an initializer is a TensorProto whose ``name`` (field 8) is followed by its
    ``raw_data`` (field 9, protobuf writes fields in number order); NaNs of the same byte
    length leave every enclosing message's length as it was. Raises ValueError when the
    file has no such initializer.
    """
    import json

    import numpy as np

    from writer_app.inference.model_folder import sha256_file

    path = folder / "model.onnx"
    data = bytearray(path.read_bytes())
    name = b"projection.bias"
    key = bytes([8 << 3 | 2, len(name)]) + name + bytes([9 << 3 | 2])  # name, then raw_data
    at = data.find(key)
    if at < 0 or data.find(key, at + 1) >= 0:
        raise ValueError(f"{path} has no single raw initializer {name.decode()}")
    pos, size, shift = at + len(key), 0, 0
    while True:  # the varint length of raw_data
        byte = data[pos]
        pos += 1
        size |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            break
    data[pos : pos + size] = np.full(size // 4, np.nan, dtype="<f4").tobytes()
    path.write_bytes(bytes(data))
    card = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    card["onnx"]["sha256"] = sha256_file(path)
    (folder / "model.json").write_text(json.dumps(card), encoding="utf-8")
    return folder


def fill_disk_after(room: int):
    """An ``os.fdopen`` stand-in whose binary files take ``room`` bytes and then fail with
    ENOSPC, as on a full disk (text-mode files are opened as usual). For monkeypatch."""
    import errno
    import io
    import os

    real_fdopen = os.fdopen

    class FillingFile(io.RawIOBase):
        def __init__(self, f: io.BufferedWriter) -> None:
            self.f, self.room = f, room

        def writable(self) -> bool:
            return True

        def write(self, data) -> int:  # noqa: ANN001
            data = memoryview(data).cast("B")
            if len(data) > self.room:
                self.f.write(data[: self.room])
                self.room = 0
                raise OSError(errno.ENOSPC, "No space left on device")
            self.room -= len(data)
            return self.f.write(data)

        def fileno(self) -> int:
            return self.f.fileno()

        def flush(self) -> None:
            self.f.flush()

        def close(self) -> None:
            if not self.closed:
                super().close()  # flushes first
                self.f.close()

    def fdopen(fd: int, mode: str = "r", *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        f = real_fdopen(fd, mode, *args, **kwargs)
        return FillingFile(f) if "b" in mode and "w" in mode else f

    return fdopen

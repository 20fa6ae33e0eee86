from pathlib import Path

import pytest
from tiny_model import write_tiny_corpus
from training.config import ModelConfig, TrainConfig

TINY_MODEL = ModelConfig(vocab_size=400, embedding_size=64, hidden_size=64, num_layers=2, dropout=0.0)


def tiny_train_config(**kw) -> TrainConfig:
    base = dict(batch_size=8, seq_len=32, lr=1e-2, warmup_steps=10, max_steps=60, eval_every=20,
                eval_tokens=4000, threads=1)
    base.update(kw)
    return TrainConfig(**base)


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_corpus(tmp_path_factory.mktemp("corpus"))

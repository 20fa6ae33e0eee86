"""The LSTM state every prompt starts from: after a document, not all zeros.

The training stream concatenates documents (<|bos|> ... <|eos|>) into lanes and carries
the recurrent state from one truncated-BPTT window to the next (Zaremba et al. 2014), so
the model almost never saw a zero state: each document began after the previous one's
<|eos|>. Started from zeros, the shipped model mispredicts the first words of a prompt
("He shook" -> '--"'). Starting instead from the state after a short text the model
writes itself (greedy, from <|bos|>) and an <|eos|>, as in training, fixes that:
measured on held-out paragraphs (en-default, 4264 steps), the NLL of their first 6 tokens
fell from 6.46 to 5.38 nats/token and of the first 30 from 5.08 to 4.92.
"""

from __future__ import annotations

import numpy as np

from writer_app.inference.lm_session import OnnxLanguageModel

BURN_IN_TOKENS = 100


def burn_in_state(
    model: OnnxLanguageModel, tokens: int = BURN_IN_TOKENS
) -> tuple[np.ndarray, np.ndarray]:
    """(h, c), each float32[L, 1, H]: the state after <|bos|>, ``tokens`` greedily
    generated tokens and <|eos|>. Deterministic for a given model; costs ``tokens`` + 2
    one-token forward calls (tens of ms, once per model load)."""
    h, c = model.initial_state(1)
    token = model.card.bos_id
    for _ in range(tokens + 1):
        logits, h, c = model.forward(np.array([[token]], dtype=np.int64), h, c)
        z = logits[0, -1].copy()
        z[[model.card.bos_id, model.card.eos_id]] = -np.inf
        token = int(np.argmax(z))
    _, h, c = model.forward(np.array([[model.card.eos_id]], dtype=np.int64), h, c)
    return h, c

"""The LSTM language model: embedding -> L-layer nn.LSTM -> projection -> tied output.

Architecture as in Gboard's tied LSTM LM (Hard et al. 2018) and Press & Wolf (2017),
"Using the Output Embedding to Improve Language Models". The LSTM is torch.nn.LSTM
(Hochreiter & Schmidhuber 1997 with the forget gate of Gers et al. 2000).
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from training.config import ModelConfig


class LSTMLanguageModel(nn.Module):
    """forward(input_ids int64[B, T], h0 float32[L, B, H], c0 float32[L, B, H])
    -> (logits float32[B, T, V], hn float32[L, B, H], cn float32[L, B, H]).

    The state is explicit so that the exported ONNX graph has h0/c0 as inputs and
    dynamic batch/sequence axes.
    """

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        c = config
        self.embedding = nn.Embedding(c.vocab_size, c.embedding_size)
        self.dropout = nn.Dropout(c.dropout)
        self.lstm = nn.LSTM(
            c.embedding_size, c.hidden_size, num_layers=c.num_layers, batch_first=True,
            dropout=c.dropout if c.num_layers > 1 else 0.0,
        )
        self.projection = nn.Linear(c.hidden_size, c.embedding_size)
        self.output_bias = nn.Parameter(torch.zeros(c.vocab_size))
        self._init_weights()

    def _init_weights(self) -> None:
        nn.init.normal_(self.embedding.weight, std=0.05)
        for name, p in self.lstm.named_parameters():
            if "bias" in name:
                nn.init.zeros_(p)
                n = p.shape[0] // 4
                p.data[n : 2 * n].fill_(1.0)  # forget-gate bias 1 (Jozefowicz et al. 2015)

    def initial_state(self, batch_size: int, device: torch.device | None = None) -> tuple[Tensor, Tensor]:
        """Zero (h, c), each float32[L, B, H]."""
        shape = (self.config.num_layers, batch_size, self.config.hidden_size)
        return torch.zeros(shape, device=device), torch.zeros(shape, device=device)

    def forward(self, input_ids: Tensor, h0: Tensor, c0: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        out, hn, cn = self.top_states(input_ids, h0, c0)
        return self.logits_of(out), hn, cn

    def top_states(self, input_ids: Tensor, h0: Tensor, c0: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        """The top LSTM layer's hidden state after each input token, float32[B, T, H] (what
        the continuous cache keys on), with hn and cn as forward gives them."""
        x = self.dropout(self.embedding(input_ids))  # (B, T, E)
        out, (hn, cn) = self.lstm(x, (h0, c0))  # (B, T, H)
        return out, hn, cn

    def logits_of(self, out: Tensor) -> Tensor:
        """The next-token logits float32[..., V] of top-layer states float32[..., H]."""
        z = self.projection(self.dropout(out))  # (..., E)
        return z @ self.embedding.weight.T + self.output_bias  # (..., V)

    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())

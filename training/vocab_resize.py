"""Grow a trained model's vocabulary to an extended tokenizer's (training.tokenizer.extend_tokenizer).

Rows for the new ids start as the mean of the old embeddings of the pieces the old
tokenizer splits the new token into (the averaging initialisation of Hewitt 2021,
"Initializing New Word Embeddings for Pretrained Language Models"), and the new output
biases as the lowest of those pieces' biases, so that before fine-tuning a new token is
about as likely as its rarest piece and never crowds out the tokens the model knows.
"""

from __future__ import annotations

import torch
from tokenizers import Tokenizer

from training.errors import TrainingError

EMBEDDING = "embedding.weight"  # float32[V, E], tied to the output layer
OUTPUT_BIAS = "output_bias"  # float32[V]


def resize_vocabulary(
    state: dict[str, torch.Tensor], old: Tokenizer, new: Tokenizer,
) -> dict[str, torch.Tensor]:
    """A copy of ``state`` (an LSTMLanguageModel state_dict trained with ``old``) whose
    embedding float32[V_new, E] and output bias float32[V_new] cover ``new``.

    ``new`` must keep every id of ``old`` (as extend_tokenizer does). Raises TrainingError
    otherwise, or when the state lacks the embedding or does not match ``old``'s size.
    """
    old_vocab, new_vocab = old.get_vocab(), new.get_vocab()
    if any(new_vocab.get(tok) != i for tok, i in old_vocab.items()):
        raise TrainingError("The new tokenizer does not keep the old one's ids; cannot grow the model")
    if EMBEDDING not in state or state[EMBEDDING].shape[0] != len(old_vocab):
        raise TrainingError(f"The weights do not match the base tokenizer's {len(old_vocab)} entries")
    emb, bias = state[EMBEDDING], state[OUTPUT_BIAS]
    grown_emb = torch.empty(len(new_vocab), emb.shape[1], dtype=emb.dtype)
    grown_bias = torch.empty(len(new_vocab), dtype=bias.dtype)
    grown_emb[: len(old_vocab)] = emb
    grown_bias[: len(old_vocab)] = bias
    for tok, i in new_vocab.items():
        if i < len(old_vocab):
            continue
        pieces = [t.id for t in old.model.tokenize(tok)]  # tok: byte-level symbols, e.g. "Ġlog"
        grown_emb[i] = emb[pieces].mean(dim=0)
        grown_bias[i] = bias[pieces].min()
    return {**state, EMBEDDING: grown_emb, OUTPUT_BIAS: grown_bias}

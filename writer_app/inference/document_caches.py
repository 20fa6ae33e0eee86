"""The two caches of a document as the Suggester makes them, one definition for the app
and for `training evaluate --document-cache` (which scores text with the same mixture):
the token n-gram cache (doc_cache.py) and the continuous cache (neural_cache.py). No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tokenizers import Tokenizer

from writer_app.inference.context import model_text
from writer_app.inference.cuts import TailEncoder
from writer_app.inference.doc_cache import DocCache
from writer_app.inference.neural_cache import ContinuousCache

CONTINUOUS = True  # the continuous cache (neural_cache.py) beside the n-gram cache
FEW_LINES = 3  # lines tokenized one by one (a keystroke's line and its parts), not as a batch


def new_document_cache(tok: Tokenizer, **options: Any) -> DocCache:
    """An empty n-gram cache of a document, counting its lines as the model reads them
    (context.model_text) in ``tok``'s tokens; the line being typed in costs its new tail
    (cuts.TailEncoder; the DocCache memoises whole lines itself). ``options``: DocCache's
    keyword arguments (max_tokens, ...); raises ValueError for a bad one."""
    tail = TailEncoder(tok, kept=1)

    def encode(lines: list[str]) -> list[Sequence[int]]:
        lines = [model_text(x) for x in lines]
        if len(lines) <= FEW_LINES:
            return [tail(x) for x in lines]
        return [e.ids for e in tok.encode_batch(lines, add_special_tokens=False)]

    return DocCache(encode, **options)


def new_continuous_cache(hidden_size: int) -> ContinuousCache | None:
    """An empty continuous cache for a model of ``hidden_size`` units (None while
    CONTINUOUS is off)."""
    return ContinuousCache(hidden_size) if CONTINUOUS else None

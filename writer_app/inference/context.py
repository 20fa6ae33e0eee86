"""From the text before the cursor to the model's input: a bounded, stable window.

Only the tail of the text conditions the model, so a 1 MB document costs what a 1 KB one
does. The window start must not move on every keystroke (that would invalidate the state
cache), so it sits on a coarse grid of ``stride`` characters and then snaps forward to
a paragraph or word boundary: it moves once per ``stride`` characters typed, and the
first word of the window is always whole, so its tokenization is the one the model
was trained on. The window is prefixed with <|bos|>, as every training document is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tokenizers import Tokenizer

from writer_app.inference.healing import heal_start
from writer_app.text.chars import is_cjk

CHARS_PER_TOKEN = 3  # a window of 3 chars per context token holds ~0.4-0.8x the budget in English
# CJK text: about 1.0 characters per token with a one-token-per-Han-character vocabulary
# (1.2 with a plain byte-level BPE), so a window of 0.9 characters per token fits the budget.
CJK_CHARS_PER_TOKEN = 0.9
# Which width applies is decided by the CJK_SAMPLE characters before the last multiple of
# WIDTH_GRID characters: a decision that changes at most once per WIDTH_GRID characters
# typed, not with every English term typed into Chinese (each flip moves the window start
# hundreds of characters and costs a cold prefill; bench/RESULTS.md).
CJK_SAMPLE = 256
WIDTH_GRID = 64
_NEWLINES = str.maketrans({"\r": "\n", "\u2029": "\n", "\u2028": "\n"})


@dataclass(frozen=True)
class ModelInput:
    """What the decoder works on.

    prefix_ids: token ids fed to the model, starting with <|bos|> (at most
    context_tokens + 1 of them); heal: UTF-8 bytes typed after the prefix that the
    suggestion must begin by regenerating (token healing; may be empty);
    window_start: index in the caller's text where the window begins (characters).
    """

    prefix_ids: tuple[int, ...]
    heal: bytes
    window_start: int


def model_text(text: str) -> str:
    """``text`` as the model reads it: line separators (CRLF, CR, U+2028, U+2029) become
    newlines and a lone surrogate (from a broken paste; it would not encode) "?"."""
    text = text.replace("\r\n", "\n").translate(_NEWLINES)
    if not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def window_start(text: str, window_chars: int) -> int:
    """Start (character index) of the context window of ``text``.

    The window holds the last (window_chars/2, window_chars] characters, moved forward to
    just after a newline (searched in the first quarter of the window) or else after
    the first whitespace (within 64 characters). Costs O(window_chars), never O(len(text)).
    """
    n = len(text)
    if n <= window_chars:
        return 0
    stride = window_chars // 2
    start = -(-(n - window_chars) // stride) * stride  # ceil to the grid
    newline = text.find("\n", start, start + stride // 2)
    if newline >= 0:
        return newline + 1
    for i in range(start, min(start + 64, n)):
        if text[i].isspace():
            j = i + 1
            while j < n and j < i + 64 and text[j].isspace():
                j += 1
            return j
    return start


def mostly_cjk(text: str) -> bool:
    """Whether most of the CJK_SAMPLE characters before the last multiple of WIDTH_GRID
    characters of ``text`` (all of a text shorter than WIDTH_GRID) are CJK (chars.is_cjk)."""
    grid = len(text) - len(text) % WIDTH_GRID or len(text)
    return _mostly_cjk(text[max(0, grid - CJK_SAMPLE):grid])


@functools.lru_cache(maxsize=8)  # the same sample keystroke after keystroke until the next grid point
def _mostly_cjk(sample: str) -> bool:
    return 2 * sum(1 for ch in sample if is_cjk(ch)) > len(sample)


def build_model_input(
    text: str, tokenizer: Tokenizer, bos_id: int, context_tokens: int,
    encode: Callable[[str], Sequence[int]] | None = None,
) -> ModelInput:
    """Choose the window, split off the healed part and tokenize the rest.

    text: everything before the cursor (any length); context_tokens: the token budget
    of the prefix. The window is CHARS_PER_TOKEN characters per token, or
    CJK_CHARS_PER_TOKEN when the text is mostly CJK (mostly_cjk; Chinese is
    about one token per character: the wider window would hold three times the budget,
    tokenizing it would cost a millisecond and shedding its excess would move the prefix
    start every few keystrokes). If it still has more tokens than the budget, whole
    strides of context_tokens/4 tokens are dropped from its start, again so the prefix
    changes rarely. Line separators (CR, U+2028, U+2029) become newlines; a lone
    surrogate becomes "?".
    encode: text -> token ids (default: the tokenizer's, without special tokens); the
    Suggester passes a memoised one, since the prefix is unchanged while a word is typed.
    """
    width = int((CJK_CHARS_PER_TOKEN if mostly_cjk(text) else CHARS_PER_TOKEN) * context_tokens)
    start = window_start(text, width)
    window = model_text(text[start:])
    cut = heal_start(window, tokenizer)
    if encode is None:
        ids = list(tokenizer.encode(window[:cut], add_special_tokens=False).ids) if cut else []
    else:
        ids = list(encode(window[:cut])) if cut else []
    if len(ids) > context_tokens:
        stride = max(1, context_tokens // 4)
        drop = -(-(len(ids) - context_tokens) // stride) * stride
        ids = ids[drop:]
    return ModelInput((bos_id, *ids), window[cut:].encode("utf-8"), start)

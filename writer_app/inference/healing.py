"""Token healing: back off the word at the cursor and regenerate it under a constraint.

A prompt that ends inside a word ("The qu") tokenizes differently from the same text in
training (" quick" is one token there; " qu" is a rare token that predicts nonsense).
Token healing (Lundberg 2023, "The Art of Prompt Design: Prompt Boundaries and Token
Healing", implemented in Microsoft guidance) removes the last token(s) from the prompt
and lets the model regenerate them, allowing only tokens consistent with the characters
typed: each generated token must either start with the remaining typed bytes (then the
constraint is met and the rest of the token is the start of the suggestion) or be a
proper prefix of them (then the remaining bytes shrink).

Here the back-off covers the whole last pre-token (the word being typed with its leading
space) plus any whitespace before it, because that is the part of the tokenization that
can still change as the user types. It is capped at MAX_HEAL_CHARS characters and at
the last MAX_HEAL_TOKENS tokens (each healed token costs a constrained decoding step;
a long word or a run of Chinese, which has no spaces, would otherwise cost dozens).
"""

from __future__ import annotations

from tokenizers import Tokenizer

from writer_app.inference.cuts import cuts_for

MAX_HEAL_CHARS = 32
MAX_HEAL_TOKENS = 4
_PRETOKENIZE_TAIL = 2 * MAX_HEAL_CHARS


def heal_start(text: str, tokenizer: Tokenizer) -> int:
    """Character index where the healed (backed-off) part of ``text`` begins.

    text[:i] is tokenized and fed to the model; text[i:] is the typed constraint. The
    result is the start of the last pre-token (as the tokenizer's own pre-tokenizer
    splits it) moved back over whitespace before it, and at most MAX_HEAL_CHARS from the
    end and within the last MAX_HEAL_TOKENS tokens. Only the last few dozen characters
    are examined.
    """
    n = len(text)
    if n == 0:
        return 0
    base = max(0, n - _PRETOKENIZE_TAIL)
    # Pieces after a cut (cuts.py) are the same whatever precedes it: a run of Chinese is
    # pre-tokenized from its last Han character before the final one, not 64 characters.
    base = max(base, cuts_for(tokenizer).last_cut(text, base, n - 1))
    tail = text[base:]
    pre = tokenizer.pre_tokenizer
    if pre is not None:
        pieces = pre.pre_tokenize_str(tail)
        start = base + (pieces[-1][1][0] if pieces else 0)
    else:  # no pre-tokenizer: back off the trailing non-space run
        start = n
        while start > base and not text[start - 1].isspace():
            start -= 1
    while start > base and text[start - 1].isspace():
        start -= 1
    start = max(start, n - MAX_HEAL_CHARS)
    offsets = tokenizer.encode(text[start:], add_special_tokens=False).offsets
    if len(offsets) > MAX_HEAL_TOKENS:
        start += offsets[-MAX_HEAL_TOKENS][0]  # a character boundary (offsets count chars)
    return start


def consume(remaining: bytes, token: bytes) -> tuple[bytes, bytes]:
    """Apply one generated token to the constraint.

    remaining: typed bytes not yet regenerated; token: the token's bytes, which must be
    consistent (start with ``remaining`` or be a proper prefix of it).
    Returns (remaining after the token, bytes of the token past the constraint).
    Raises ValueError for an inconsistent token.
    """
    if token.startswith(remaining):
        return b"", token[len(remaining):]
    if remaining.startswith(token):
        return remaining[len(token):], b""
    raise ValueError(f"token {token!r} is inconsistent with the typed bytes {remaining!r}")

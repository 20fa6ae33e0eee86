"""argparse value types that refuse out-of-range numbers with a one-line message (exit 2)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def _number(kind: type, ok: Callable[[float], bool], what: str) -> Callable[[str], float]:
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {kind.__name__}") from None
        if not ok(value):
            raise argparse.ArgumentTypeError(f"{text} is out of range: {what}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


positive_int = _number(int, lambda v: v >= 1, "must be 1 or more")
non_negative_int = _number(int, lambda v: v >= 0, "must be 0 or more")
positive_float = _number(float, lambda v: v > 0, "must be more than 0")
non_negative_float = _number(float, lambda v: v >= 0, "must be 0 or more")
probability = _number(float, lambda v: 0 <= v < 1, "must be at least 0 and below 1")

"""argparse options made from dataclass fields, and value types that refuse out-of-range
numbers with a one-line message (exit 2).

An option is declared once, as a field of a config dataclass with its help text and range
in the field's metadata (writer_app.settings.options); ``add_options`` turns the fields into
``--dashed-name`` options by a loop over ``dataclasses.fields()``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from dataclasses import MISSING, fields
from typing import Any

from writer_app.settings.options import Range, option_info


def in_range(kind: type, allowed: Range) -> Callable[[str], Any]:
    """An argparse type: ``kind(text)`` if it lies in ``allowed``, else ArgumentTypeError
    ("0 is out of range: must be 1 or more")."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {kind.__name__}") from None
        if value not in allowed:
            raise argparse.ArgumentTypeError(f"{text} is out of range: {allowed.describe()}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


positive_int = in_range(int, Range(1))
non_negative_int = in_range(int, Range(0))
positive_float = in_range(float, Range(0.0, lo_open=True))
non_negative_float = in_range(float, Range(0.0))
probability = in_range(float, Range(0.0, 1.0, hi_open=True))

_KINDS = {"int": int, "float": float, "str": str, "bool": bool}


def add_options(parser: argparse.ArgumentParser, cls: type, *, defaults: dict[str, Any] | None = None,
                unset: Iterable[str] = (), skip: Iterable[str] = ()) -> None:
    """Add one ``--name`` option per field of dataclass ``cls`` whose metadata does not say
    ``cli=False``, with the field's help and, for numbers, its range checked on parsing.

    The default is the field's own, or ``defaults[name]``; a field in ``unset`` defaults to
    None (so the caller can tell "not given"), its help then naming the field's default.
    A bool field becomes a ``--name``/``--no-name`` pair (argparse.BooleanOptionalAction)
    defaulting to the field's default or ``defaults[name]``. Fields in ``skip`` are left out.
    """
    defaults, unset, skip = defaults or {}, set(unset), set(skip)
    for f in fields(cls):
        info = option_info(cls, f.name)
        if not info.cli or f.name in skip:
            continue
        flag = "--" + f.name.replace("_", "-")
        own = f.default if f.default is not MISSING else None
        kind = _KINDS[str(f.type).split(" |")[0]]
        if kind is bool:
            parser.add_argument(flag, action=argparse.BooleanOptionalAction,
                                default=defaults.get(f.name, own), help=info.help)
            continue
        value_type = in_range(kind, info.range) if info.range is not None else kind
        default = None if f.name in unset else defaults.get(f.name, own)
        shown = own if default is None else default
        parser.add_argument(flag, type=value_type, default=default,
                            help=info.help if shown is None else f"{info.help} (default {shown})".lstrip())


def option_values(args: argparse.Namespace, cls: type) -> dict[str, Any]:
    """The parsed values of ``cls``'s fields that ``args`` holds and that are not None."""
    return {f.name: getattr(args, f.name) for f in fields(cls)
            if getattr(args, f.name, None) is not None}

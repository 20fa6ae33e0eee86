"""Each option declared once: a dataclass field carries its help text, the values it
may take (a range, or a set of choices) and, for a setting, its label in the Settings dialog.

A field made with ``option(default, help=..., range=Range(lo, hi))`` (or ``choices=(...)``)
keeps them in its ``dataclasses.field`` metadata; every user of the option reads them from
there (the settings checks, the settings dialog's rows, DecodingConfig validation, the
training command line, whose options are a loop over ``dataclasses.fields()``). So an
option's range or choices cannot differ between the places that use it. A setting passed on
to the engine (``same_option``) keeps the engine's range and default but has its own label
and help in a writer's words (the engine's help names the decoder's terms). No Qt, no torch.
"""

from __future__ import annotations

import math
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import Any

_META = "inkling_option"


@dataclass(frozen=True)
class Range:
    """The values a number may take: lo..hi, either end open or absent (None: unbounded).

    ``lo_open``/``hi_open`` exclude that end (0 < v, v < 1). The units are the field's own.
    """

    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False

    def __contains__(self, value: object) -> bool:
        """True for a finite int or float (not a bool) inside the range."""
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return False
        if self.lo is not None and (value <= self.lo if self.lo_open else value < self.lo):
            return False
        return not (self.hi is not None and (value >= self.hi if self.hi_open else value > self.hi))

    def clamp(self, value: float) -> float:
        """``value`` moved to the nearest closed end when beyond it (an open end is not
        reachable, so a value beyond one is returned as it is)."""
        if self.lo is not None and not self.lo_open and value < self.lo:
            return self.lo
        if self.hi is not None and not self.hi_open and value > self.hi:
            return self.hi
        return value

    def describe(self) -> str:
        """The range as the end of a sentence: "must be 1 or more", "must be 0..1"."""
        lo, hi = self.lo, self.hi
        if lo is None and hi is None:
            return "may be any number"
        low = None if lo is None else (f"more than {lo:g}" if self.lo_open else f"at least {lo:g}")
        high = None if hi is None else (f"below {hi:g}" if self.hi_open else f"at most {hi:g}")
        if low and high:
            if not (self.lo_open or self.hi_open):
                return f"must be {lo:g}..{hi:g}"
            return f"must be {low} and {high}"
        if lo is not None and not self.lo_open:
            return f"must be {lo:g} or more"
        if hi is not None and not self.hi_open:
            return f"must be {hi:g} or less"
        return f"must be {low or high}"


@dataclass(frozen=True)
class OptionInfo:
    """What an option's field declares: ``help`` (for --help and tooltips; a setting's in a
    writer's words), ``range`` (None: any value of its type), ``cli`` (False: not a
    command-line option), ``choices`` (the only values it may take; None: any value of its
    type) and ``label`` (a setting's name in the Settings dialog; "" for none)."""

    help: str = ""
    range: Range | None = None
    cli: bool = True
    choices: tuple[Any, ...] | None = None
    label: str = ""


def option(default: Any = MISSING, *, help: str = "", range: Range | None = None,  # noqa: A002
           cli: bool = True, choices: tuple[Any, ...] | None = None, label: str = "",
           default_factory: Any = MISSING) -> Any:
    """A dataclass field with its help text, range or choices and label in its metadata
    (see OptionInfo)."""
    meta = {_META: OptionInfo(help, range, cli, choices, label)}
    if default_factory is not MISSING:
        return field(default_factory=default_factory, metadata=meta)
    return field(default=default, metadata=meta)


def same_option(cls: Any, name: str, *, label: str = "", help: str = "") -> Any:  # noqa: A002
    """A new field declared by field ``name`` of dataclass ``cls``: its default, range and
    choices (for a dataclass that passes the option on, as Settings does to DecodingConfig),
    with ``label`` and ``help`` when given (else ``cls``'s). Raises KeyError for a name that
    is not a field."""
    info = option_info(cls, name)
    own = replace(info, label=label or info.label, help=help or info.help)
    return field(default=next(f.default for f in fields(cls) if f.name == name), metadata={_META: own})


def option_info(cls: Any, name: str) -> OptionInfo:
    """The OptionInfo of field ``name`` of dataclass ``cls`` (an empty one if it declares
    none). Raises KeyError for a name that is not a field."""
    for f in fields(cls):
        if f.name == name:
            return f.metadata.get(_META, OptionInfo())
    raise KeyError(name)


def option_range(cls: Any, name: str) -> Range:
    """The declared range of field ``name`` of ``cls``. Raises KeyError if it declares none."""
    r = option_info(cls, name).range
    if r is None:
        raise KeyError(f"{cls.__name__}.{name} declares no range")
    return r


def describe_choices(choices: tuple[Any, ...]) -> str:
    """The choices as the end of a sentence: 'must be "auto", "en" or "zh"'."""
    shown = [f'"{c}"' if isinstance(c, str) else repr(c) for c in choices]
    return "must be " + (" or ".join([", ".join(shown[:-1]), shown[-1]]) if len(shown) > 1 else shown[0])


def check_ranges(obj: Any) -> None:
    """Raise ValueError naming the first field of dataclass instance ``obj`` whose value is
    outside its declared range ("max_tokens must be 1..64; got 0")."""
    for f in fields(obj):
        info = f.metadata.get(_META)
        if info is not None and info.range is not None:
            value = getattr(obj, f.name)
            if value not in info.range:
                raise ValueError(f"{f.name} {info.range.describe()}; got {value!r}")

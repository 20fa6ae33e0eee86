"""The Settings dialog's spin box for a number option of Settings: its range, label and
help are the option's own (writer_app.settings.options), shown in a writer's units (the
pause after typing in seconds, how sure in per cent), while the settings keep the field's
own (milliseconds, a probability 0..1)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSpinBox

from writer_app.settings.app_settings import Settings
from writer_app.settings.options import option_info, option_range

# A suggestion's length in a writer's units: the English model's tokens average 0.62 words
# each (111,465 words in 178,549 tokens: The Great Gatsby and Almayer's Folly), the Chinese
# model's 0.95 characters (Lu Xun's 呐喊 and 彷徨 0.91 and 0.93, 红楼梦 0.99; 0.75 in
# traditional characters, several of which take two tokens).
WORDS_PER_TOKEN = 0.62
HAN_PER_TOKEN = 0.95


def length_in_words(tokens: int) -> str:
    """``tokens`` of suggestion in a writer's units: "up to about 7 English words or 11
    Chinese characters" for 12 (the most: a suggestion ends sooner where the model is less
    sure, so a tester who set 64 and saw three words read "about 40" as a promise)."""
    words, han = max(1, round(tokens * WORDS_PER_TOKEN)), max(1, round(tokens * HAN_PER_TOKEN))
    return (f"up to about {words} English word{'s' if words > 1 else ''} or "
            f"{han} Chinese character{'s' if han > 1 else ''}")


class _Shown:
    """What both kinds of OptionSpin add: the option's value from the number shown."""

    name: str
    scale: float  # the number shown is the option's value times this

    def setting(self) -> int | float:
        """The option's value as entered, of its field's type (int or float)."""
        value = self.value() / self.scale  # type: ignore[attr-defined]
        return round(value) if isinstance(getattr(Settings, self.name), int) else round(value, 9)

    def set_setting(self, value: float) -> None:
        """Show the option's ``value`` (in its own units)."""
        self.setValue(value * self.scale)  # type: ignore[attr-defined]


class IntOptionSpin(_Shown, QSpinBox):
    """An OptionSpin that shows whole numbers."""


class FloatOptionSpin(_Shown, QDoubleSpinBox):
    """An OptionSpin that shows decimals."""


OptionSpin = IntOptionSpin | FloatOptionSpin


def option_spin(name: str, *, scale: float = 1.0, decimals: int = 0, step: float = 1,
                suffix: str = "", special: str = "") -> OptionSpin:
    """A spin box for the number field ``name`` of Settings: its minimum and maximum the
    range the field declares times ``scale`` (the number shown: 0.001 shows milliseconds
    as seconds), ``decimals`` and ``step`` in the units shown, ``special`` the text shown
    for the minimum ("Automatic"), the field's help and the range as its tooltip (say_range).
    A number typed outside the range becomes the nearest one allowed (Qt's default put the
    old value back without a word: a tester's autosave of 0 s came back as 3 s).
    Raises KeyError for a field that declares no range."""
    r = option_range(Settings, name)
    kind = IntOptionSpin if decimals == 0 else FloatOptionSpin
    spin = kind(suffix=suffix, specialValueText=special)
    if isinstance(spin, FloatOptionSpin):
        spin.setDecimals(decimals)
    spin.name, spin.scale = name, scale
    spin.setRange(r.lo * scale, r.hi * scale)
    spin.setSingleStep(step)
    spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
    spin.setToolTip(option_info(Settings, name).help)
    say_range(spin)
    return spin


def say_range(spin: QSpinBox | QDoubleSpinBox) -> None:
    """Add the values ``spin`` takes to its tooltip ("From 0.5 s to 4.0 s", with its special
    value first, "Automatic, or from 1 to 16"): Qt refuses a digit that would leave the range
    without a word (a tester's 10 s became 1 s)."""
    lo, hi = spin.minimum(), spin.maximum()
    special = spin.specialValueText()
    if special:
        lo = max(lo + spin.singleStep(), 0)  # the least value that is not the special one
    span = f"from {spin.textFromValue(lo)}{spin.suffix()} to {spin.textFromValue(hi)}{spin.suffix()}"
    allowed = f"{special}, or {span}" if special else span[0].upper() + span[1:]
    spin.setToolTip(f"{spin.toolTip()}\n{allowed}".strip())

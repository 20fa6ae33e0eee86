"""Each number option has one range, the same in every place that uses it: the settings
dialog's spin box, the settings file's check, and the engine's DecodingConfig validation."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest

from writer_app.inference.types import DecodingConfig, validate_config
from writer_app.settings.app_settings import Settings, settings_from_dict
from writer_app.settings.options import option_range
from writer_app.ui.settings_dialog import SettingsDialog

from .conftest import FakePrompter

SPIN_BOXES = {"debounce": "debounce_ms", "max_tokens": "max_tokens", "beam_width": "beam_width",
              "threshold": "threshold", "autosave": "autosave_idle_s"}


@pytest.mark.parametrize(("box", "name"), SPIN_BOXES.items())
def test_each_setting_has_one_range_in_dialog_file_and_engine(qtbot, box: str, name: str) -> None:
    dialog = SettingsDialog(Settings(), FakePrompter(), Path("/nonexistent/models/en"))
    qtbot.addWidget(dialog)
    spin = getattr(dialog, box)
    lo, hi = spin.minimum() / spin.scale, spin.maximum() / spin.scale  # shown in a writer's units
    declared = option_range(Settings, name)
    assert (lo, hi) == pytest.approx((declared.lo, declared.hi))
    lo, hi = declared.lo, declared.hi
    step = 1 if isinstance(getattr(Settings, name), int) else 0.01
    default = getattr(Settings(), name)
    # The settings file takes exactly what the dialog can show.
    assert getattr(settings_from_dict({name: hi}), name) == hi
    assert getattr(settings_from_dict({name: lo}), name) == lo
    assert getattr(settings_from_dict({name: hi + step}), name) == default
    assert getattr(settings_from_dict({name: lo - step}), name) == default
    # So does the engine, for the settings it is given.
    if name in {f.name for f in fields(DecodingConfig)}:
        assert option_range(DecodingConfig, name) == declared
        validate_config(replace(DecodingConfig(), **{name: hi}))
        validate_config(replace(DecodingConfig(), **{name: lo}))
        with pytest.raises(ValueError, match=name):
            validate_config(replace(DecodingConfig(), **{name: hi + step}))


def test_a_card_may_recommend_only_a_beam_width_the_settings_allow() -> None:
    from writer_app.inference.types import DEFAULT_BEAM_WIDTH, recommended_beam_width

    hi = int(option_range(Settings, "beam_width").hi)
    assert recommended_beam_width({"beam_width": hi}) == hi
    assert recommended_beam_width({"beam_width": hi + 1}) == DEFAULT_BEAM_WIDTH


def test_each_spin_box_says_its_range_in_its_tooltip(qtbot) -> None:
    """Qt refuses a digit that would leave the range without a word: the tooltip says it."""
    dialog = SettingsDialog(Settings(), FakePrompter(), Path("/nonexistent/models/en"))
    qtbot.addWidget(dialog)
    assert dialog.autosave.toolTip().endswith("\nFrom 0.5 s to 4.0 s")
    assert dialog.beam_width.toolTip().endswith("\nAutomatic, or from 1 to 16")
    assert dialog.threshold.toolTip().endswith("\nAutomatic, or from 0 % to 100 %")
    assert dialog.debounce.toolTip().endswith("\nFrom 0.00 s to 5.00 s")
    assert dialog.debounce.toolTip().startswith("How long Inkling waits")  # its own words first

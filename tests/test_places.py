"""Where Inkling keeps the user's things: one definition, each place movable by its variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer_app import places


@pytest.mark.parametrize(("place", "variable", "tail"), [
    (places.settings_path, "INKLING_SETTINGS", ("inkling", "settings.toml")),
    (places.recovery_dir, "INKLING_RECOVERY_DIR", ("inkling", "recovery")),
    (places.models_dir, "INKLING_MODELS_DIR", ("inkling", "models")),
])
def test_each_place_is_the_platforms_unless_its_variable_moves_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, place, variable: str, tail: tuple[str, str]) -> None:  # noqa: ANN001
    monkeypatch.setenv(variable, str(tmp_path / "moved"))
    assert place() == tmp_path / "moved"
    monkeypatch.delenv(variable)
    assert place().parts[-2:] == tail

"""Settings: defaults, per-value fallback on bad input, TOML round trip."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from tiny_model import card_dict

from writer_app.settings.app_settings import MAX_RECENT, Settings, SettingsStore, check_settings, settings_from_dict
from writer_app.settings.options import option_info


def test_missing_or_broken_file_gives_defaults(tmp_path: Path) -> None:
    assert SettingsStore(tmp_path / "none.toml").load() == Settings()
    bad = tmp_path / "bad.toml"
    bad.write_text("this is = = not toml")
    assert SettingsStore(bad).load() == Settings()


def test_each_bad_value_falls_back_alone() -> None:
    s = settings_from_dict({
        "debounce_ms": -5, "beam_width": 3, "threshold": "high", "max_tokens": 10_000,
        "suggestions_enabled": 1, "font_size": 14, "recent_files": ["/a", 3, ""], "unknown": 1,
    })
    assert s.beam_width == 3 and s.font_size == 14.0 and s.recent_files == ("/a",)
    assert s.debounce_ms == Settings().debounce_ms
    assert s.threshold == Settings().threshold
    assert s.max_tokens == Settings().max_tokens
    assert s.suggestions_enabled is True


def test_zero_debounce_is_allowed() -> None:
    assert settings_from_dict({"debounce_ms": 0}).debounce_ms == 0


def test_recent_files_most_recent_first_and_bounded() -> None:
    s = Settings()
    for i in range(MAX_RECENT + 3):
        s = s.with_recent(f"/f{i}")
    s = s.with_recent("/f5")
    assert s.recent_files[0] == "/f5" and len(s.recent_files) == MAX_RECENT
    assert len(set(s.recent_files)) == MAX_RECENT


def test_a_file_opened_through_dot_dot_is_one_recent_entry(tmp_path) -> None:
    (tmp_path / "a").mkdir()
    s = Settings().with_recent(str(tmp_path / "a" / ".." / "notes.txt"))
    s = s.with_recent(str(tmp_path / "notes.txt"))
    assert s.recent_files == (str(tmp_path / "notes.txt"),)


names = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(st.dictionaries(st.sampled_from(["en", "zh", "fr"]), names.filter(bool), max_size=3),
       st.lists(names.filter(bool), max_size=4), st.booleans(), st.integers(0, 5000), st.floats(0, 1))
def test_toml_round_trip(model_dirs: dict[str, str], recent: list[str], enabled: bool, debounce: int,
                         threshold: float) -> None:
    import tempfile

    s = replace(Settings(), model_dirs=model_dirs, recent_files=tuple(recent),
                suggestions_enabled=enabled, debounce_ms=debounce, threshold=threshold)
    with tempfile.TemporaryDirectory() as d:
        store = SettingsStore(Path(d) / "sub" / "settings.toml")
        store.save(s)
        assert store.load() == s


def _model(folder: Path, language: str) -> str:
    folder.mkdir(parents=True)
    (folder / "model.json").write_text(json.dumps(card_dict(name=folder.name, language=language)),
                                       encoding="utf-8")
    return str(folder)


def test_a_file_of_the_version_with_one_own_model_is_read_and_upgraded(tmp_path: Path) -> None:
    """Inkling before one own model per language wrote ``model_dir = "/path"``: it is the
    writer's own model still, for its card's language, and a save writes only the table
    ``[model_dirs]``."""
    import tomllib

    mine = _model(tmp_path / "my-writing-1", "zh")
    store = SettingsStore(tmp_path / "settings.toml")
    store.path.write_text(f'model_dir = "{mine}"\nfont_size = 14\n', encoding="utf-8")
    s = store.load()
    assert s.model_dirs == {"zh": mine} and s.font_size == 14.0 and store.problem == ""
    s = store.update(s, replace(s, line_wrap=False))
    raw = tomllib.loads(store.path.read_text(encoding="utf-8"))
    assert raw["model_dirs"] == {"zh": mine} and "model_dir" not in raw
    assert store.load() == s
    assert settings_from_dict({"model_dir": ""}).model_dirs == {}  # the bundled models
    both = {"model_dir": "/old", "model_dirs": {"en": "/en", "zh": "/zh"}}  # the new key, where both are
    assert settings_from_dict(both).model_dirs == {"en": "/en", "zh": "/zh"}
    assert check_settings({"model_dir": 3})[1] == [
        'model_dirs = 3 (must be a table of model folders by language, such as en = "/path")']
    assert settings_from_dict({"model_dirs": {"en": "/en", "zh": "", "fr": 4}}).model_dirs == {"en": "/en"}


def test_the_list_of_the_version_before_is_read_by_card_language(tmp_path: Path) -> None:
    """6ac797e wrote ``model_dirs = [...]``, each folder for its card's language: read so; a
    folder whose card does not read (a truncated Chinese card) has no known language and is
    left out (that version made it the English model, and English suggestions went off)."""
    en, zh = _model(tmp_path / "en", "en"), _model(tmp_path / "zh", "zh")
    assert settings_from_dict({"model_dirs": [en, zh, en]}).model_dirs == {"en": en, "zh": zh}
    newer = _model(tmp_path / "en-2", "en")
    assert settings_from_dict({"model_dirs": [en, zh, newer]}).model_dirs == {"en": newer, "zh": zh}
    damaged = tmp_path / "zh-damaged"
    Path(_model(damaged, "zh")).joinpath("model.json").write_text('{"name": "cut', encoding="utf-8")
    assert settings_from_dict({"model_dirs": [en, str(damaged)]}).model_dirs == {"en": en}
    assert settings_from_dict({"model_dirs": [str(damaged), str(tmp_path / "gone")]}).model_dirs == {}


def test_ask_now_key_is_a_setting_with_a_sane_fallback(tmp_path: Path) -> None:
    """Ctrl+Space switches the input method under fcitx: the writer can pick another key."""
    assert Settings().ask_now_key == "Ctrl+Space"
    store = SettingsStore(tmp_path / "s.toml")
    store.save(replace(Settings(), ask_now_key="Alt+/"))
    assert store.load().ask_now_key == "Alt+/"
    assert settings_from_dict({"ask_now_key": ""}).ask_now_key == ""  # none: the menu asks
    assert settings_from_dict({"ask_now_key": "Ctrl+,"}).ask_now_key == "Ctrl+,"
    for bad in (3, "Ctrl+K, Ctrl+S", "x" * 41, "Ctrl+\n"):
        assert settings_from_dict({"ask_now_key": bad}).ask_now_key == "Ctrl+Space"


def test_autosave_delay_cannot_exceed_the_recovery_bound() -> None:
    """The idle delay is capped by the bound a steady typist gets (recovery.AUTOSAVE_MAX_WAIT_S):
    a longer value would be a setting that does nothing, so it falls back to the default."""
    from writer_app.files.recovery import AUTOSAVE_MAX_WAIT_S

    assert settings_from_dict({"autosave_idle_s": AUTOSAVE_MAX_WAIT_S}).autosave_idle_s == AUTOSAVE_MAX_WAIT_S
    assert settings_from_dict({"autosave_idle_s": 60.0}).autosave_idle_s == Settings().autosave_idle_s


def test_a_model_choice_outside_its_choices_is_flagged() -> None:
    """A hand-edited model_choice = "klingon" was taken as a language code without a word."""
    settings, bad = check_settings({"model_choice": "klingon"})
    assert settings.model_choice == "auto"
    assert bad == ['model_choice = "klingon" (must be "auto", "en" or "zh")']
    for choice in ("auto", "en", "zh"):
        assert check_settings({"model_choice": choice}) == (replace(Settings(), model_choice=choice), [])


def test_every_option_outside_the_values_it_declares_is_flagged() -> None:
    """Each field that declares its choices or its range (writer_app.settings.options) is
    checked against them: a value outside falls back to the default and is reported."""
    declared = 0
    for f in fields(Settings):
        info = option_info(Settings, f.name)
        if info.choices is not None:
            outside: object = "none of them"
        elif info.range is not None:
            r = info.range
            outside = (r.hi + 1) if r.hi is not None else (r.lo - 1)
        else:
            continue
        declared += 1
        settings, bad = check_settings({f.name: outside})
        assert getattr(settings, f.name) == f.default and len(bad) == 1 and bad[0].startswith(f.name), f.name
    assert declared >= 8

"""The app and settings.toml shared with other Inkling processes: a save changes only
what this process changed and takes in the others' changes; a file that cannot be used
as it was is kept aside and the user is told once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from writer_app.app import InklingApp
from writer_app.settings.app_settings import Settings, SettingsStore

from .conftest import AppFactory, FakeEngine, FakePrompter
from .test_model_menu import AppBuilder, FakeLoads, build, model_card, models  # noqa: F401 (fixtures)


def test_another_processes_model_and_options_survive_this_ones_saves(
        qtbot, build: AppBuilder, tmp_path: Path) -> None:  # noqa: ANN001, F811
    """The tester's sequence, with two apps on one settings file standing for two
    processes: A sets Maximum length; B finishes a retrain (its max_tokens is stale); A
    opens a file; B opens a file. Nothing is lost, and A takes up B's model at once."""
    a = build(start=FakeLoads().start)
    b = build(start=FakeLoads().start, fresh_settings=False)
    path = a.settings_store.path
    a.update_settings(replace(a.settings, max_tokens=20))  # A: Settings → Maximum length
    mine = model_card(tmp_path / "store" / "my-writing-20261130-120000", "my-zh", "zh")
    b.use_model(mine)  # B: the retrain's Use
    assert b.settings.max_tokens == 20 and SettingsStore(path).load().max_tokens == 20
    story, notes = tmp_path / "story.txt", tmp_path / "notes.txt"
    story.write_text("Once.\n", encoding="utf-8")
    notes.write_text("Later.\n", encoding="utf-8")
    a.open_files([story], None)  # A: adds a recent file and saves
    on_disk = SettingsStore(path).load()
    assert on_disk.model_dirs == {"zh": str(mine)} and on_disk.max_tokens == 20
    assert on_disk.recent_files == (str(story),)
    assert a.settings == on_disk  # A's own copy is the merged one: its next save starts there
    assert a.model_folder_for("zh") == mine  # and A serves Chinese with B's model now
    b.open_files([notes], None)  # B saves a file: A's recent file stays
    assert SettingsStore(path).load().recent_files == (str(notes), str(story))
    a.add_recent(story)  # A again: its file goes first, though it was first in A's list
    assert a.settings.recent_files == (str(story), str(notes))
    assert SettingsStore(path).load() == a.settings


def test_a_failed_save_is_written_by_the_next_one(make_app: AppFactory, monkeypatch) -> None:  # noqa: ANN001
    from filelock import FileLock

    import writer_app.settings.app_settings as app_settings

    app = make_app()
    path = app.settings_store.path
    monkeypatch.setattr(app_settings, "LOCK_TIMEOUT_S", 0.1)
    with FileLock(app.settings_store.lock_path, thread_local=False):  # another process saving
        app.update_settings(replace(app.settings, font_size=20.0))
    assert app.settings.font_size == 20.0
    assert app.windows[0].status.currentMessage().startswith("Settings not saved")
    assert SettingsStore(path).load().font_size != 20.0
    app.update_settings(replace(app.settings, line_wrap=False))
    saved = SettingsStore(path).load()
    assert (saved.font_size, saved.line_wrap) == (20.0, False)


@pytest.fixture
def start_app(qtbot, tmp_path: Path) -> Iterator:  # noqa: ANN001
    """An app started on whatever settings.toml the test wrote (none saved before)."""
    apps: list[InklingApp] = []

    def start(prompter: FakePrompter) -> InklingApp:
        app = InklingApp(SettingsStore(tmp_path / "settings.toml"), tmp_path / "recovery",
                         default_model_dir=tmp_path / "no-model", prompter_factory=lambda _w: prompter,
                         engine=FakeEngine())
        app.start([], load_model=False)
        apps.append(app)
        return app

    yield start
    for app in apps:
        for window in list(app.windows):
            window.close()
        app.shutdown()


def test_a_broken_settings_file_is_kept_and_reported_once(start_app, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "settings.toml"
    path.write_text("font_size = 15\nline_wrap = flase\n", encoding="utf-8")
    prompter = FakePrompter()
    app = start_app(prompter)
    (backup,) = tmp_path.glob("settings.toml.*.bad")
    assert backup.read_text(encoding="utf-8") == "font_size = 15\nline_wrap = flase\n"
    ((title, message),) = prompter.errors
    assert str(backup) in message and str(path) in message and "line 2" in message
    assert app.settings == Settings()
    app.update_settings(replace(app.settings, font_size=16.0))  # the next save: no new report
    app.new_window()
    assert len(prompter.errors) == 1
    assert backup.read_text(encoding="utf-8") == "font_size = 15\nline_wrap = flase\n"
    assert SettingsStore(path).load().font_size == 16.0


def test_an_out_of_range_value_resets_only_that_option(start_app, tmp_path: Path) -> None:  # noqa: ANN001
    (tmp_path / "settings.toml").write_text("font_size = 500\nline_wrap = false\n", encoding="utf-8")
    prompter = FakePrompter()
    app = start_app(prompter)
    assert app.settings == replace(Settings(), line_wrap=False)
    ((_title, message),) = prompter.errors
    assert "font_size = 500 (must be 4..96)" in message
    assert len(list(tmp_path.glob("settings.toml.*.bad"))) == 1


def test_a_file_broken_while_running_is_reported_at_the_next_save(make_app: AppFactory) -> None:
    app = make_app()
    app.settings_store.path.write_text("[[broken\n", encoding="utf-8")
    app.update_settings(replace(app.settings, line_wrap=False))
    ((_title, message),) = app.fake_prompter.errors  # type: ignore[attr-defined]
    assert ".bad" in message
    assert SettingsStore(app.settings_store.path).load().line_wrap is False

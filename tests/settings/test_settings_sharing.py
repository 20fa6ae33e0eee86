"""Several Inkling processes share settings.toml: each saves only what it changed, under
a lock; a file that cannot be read whole is kept aside and the user is told once."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from writer_app.settings.app_settings import (
    MAX_RECENT,
    Settings,
    SettingsStore,
    merge_entries,
    merge_recent,
)


def two_processes(tmp_path: Path) -> tuple[SettingsStore, SettingsStore]:
    """Two stores on one file, each standing for its own Inkling process."""
    path = tmp_path / "settings.toml"
    return SettingsStore(path), SettingsStore(path)


def test_the_testers_sequence_loses_nothing(tmp_path: Path) -> None:
    """A sets Maximum length; B finishes a retrain (model_dirs) with its stale max_tokens;
    A opens a file; B saves a file: every change stays, in the file and in memory."""
    a_store, b_store = two_processes(tmp_path)
    a = a_store.load()
    b = b_store.load()
    a = a_store.update(a, replace(a, max_tokens=20))
    b = b_store.update(b, replace(b, model_dirs={"en": "/models/my-writing-1"}))
    assert (b.max_tokens, b.model_dirs) == (20, {"en": "/models/my-writing-1"})  # B now knows A's change
    a = a_store.update(a, a.with_recent("/docs/a.txt"))
    assert a.model_dirs == {"en": "/models/my-writing-1"} and a.max_tokens == 20
    b = b_store.update(b, b.with_recent("/docs/b.txt"))
    on_disk = SettingsStore(a_store.path).load()
    assert on_disk == b
    assert on_disk.max_tokens == 20 and on_disk.model_dirs == {"en": "/models/my-writing-1"}
    assert on_disk.recent_files == ("/docs/b.txt", "/docs/a.txt")


def test_an_unchanged_field_never_overwrites_another_process(tmp_path: Path) -> None:
    a_store, b_store = two_processes(tmp_path)
    a, b = a_store.load(), b_store.load()
    b = b_store.update(b, replace(b, font_size=18.0, line_wrap=False))
    a = a_store.update(a, replace(a, debounce_ms=300))
    assert (a.font_size, a.line_wrap, a.debounce_ms) == (18.0, False, 300)
    assert b_store.load() == a


def test_both_change_the_same_field_the_later_wins(tmp_path: Path) -> None:
    a_store, b_store = two_processes(tmp_path)
    a, b = a_store.load(), b_store.load()
    a_store.update(a, replace(a, threshold=0.5))
    b = b_store.update(b, replace(b, threshold=0.25))
    assert b.threshold == 0.25 and a_store.load().threshold == 0.25


def test_recent_files_merge() -> None:
    old = ("/a", "/b", "/c")
    assert merge_recent(old, old, ("/x", "/a")) == ("/x", "/a")  # unchanged here: the file's
    assert merge_recent(old, ("/n", "/a", "/b", "/c"), ("/x", "/a", "/b")) == ("/n", "/x", "/a", "/b")
    assert merge_recent(old, ("/c", "/a", "/b"), ("/x", "/c")) == ("/c", "/x")  # moved to front
    assert merge_recent(old, (), ("/x", "/a")) == ()  # Clear List clears
    assert merge_recent(old, ("/a", "/c"), ("/x", "/a", "/b", "/c")) == ("/x", "/a", "/c")  # /b gone
    full = tuple(f"/f{i}" for i in range(MAX_RECENT))
    merged = merge_recent(full, Settings(recent_files=full).with_recent("/new").recent_files,
                          ("/other", *full[:-1]))
    assert merged[:2] == ("/new", "/other") and len(merged) == MAX_RECENT


def test_own_models_merge_entry_by_entry(tmp_path: Path) -> None:
    """A bilingual writer's two windows in two processes: A sets a Chinese model while B
    replaces the English one; both stay (one field, written whole, lost A's)."""
    a_store, b_store = two_processes(tmp_path)
    first = b_store.update(b_store.load(), replace(Settings(), model_dirs={"en": "/m/en-1"}))
    a, b = a_store.load(), first
    a = a_store.update(a, replace(a, model_dirs={"en": "/m/en-1", "zh": "/m/zh-1"}))
    b = b_store.update(b, replace(b, model_dirs={"en": "/m/en-2"}))  # B knew only en-1
    assert b.model_dirs == {"zh": "/m/zh-1", "en": "/m/en-2"} == a_store.load().model_dirs
    a = a_store.update(a, replace(a, model_dirs={"en": "/m/en-1"}))  # A: Chinese back to the bundled
    assert a.model_dirs == {"en": "/m/en-2"}  # B's English stays
    assert merge_entries({"en": "/x"}, {"en": "/x"}, {"en": "/y"}) == {"en": "/y"}  # unchanged here: the file's
    assert merge_entries({"en": "/x"}, {}, {"en": "/x", "zh": "/z"}) == {"zh": "/z"}  # removed here: gone
    assert merge_entries({}, {"en": "/x"}, {"en": "/y", "zh": "/z"}) == {"en": "/x", "zh": "/z"}  # set here


def test_unknown_keys_of_a_newer_version_are_kept(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.toml")
    store.path.write_text('future_option = "kept"\nfont_size = 14\n[future_table]\nx = 1\n')
    s = store.load()
    store.update(s, replace(s, line_wrap=False))
    raw = tomllib.loads(store.path.read_text())
    assert raw["future_option"] == "kept" and raw["future_table"] == {"x": 1}
    assert raw["font_size"] == 14.0 and raw["line_wrap"] is False
    assert store.problem == ""


def test_a_settings_file_made_read_only_is_left_as_it_is(tmp_path: Path) -> None:
    """A tester's chmod 444 settings.toml was rewritten without a word (a new file in its
    place keeps the mode); as root, too, the file's own mode decides."""
    store = SettingsStore(tmp_path / "settings.toml")
    store.save(Settings(font_size=13.0))
    store.path.chmod(0o444)
    before = store.path.read_bytes()
    with pytest.raises(OSError, match="settings.toml is read-only"):
        store.update(store.load(), Settings(font_size=15.0))
    assert store.path.read_bytes() == before
    store.path.chmod(0o644)
    assert store.update(store.load(), Settings(font_size=15.0)).font_size == 15.0


def test_a_save_waits_for_the_lock(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """The lock file is beside settings.toml; while another holds it the save times out
    with an OSError (shown as "Settings not saved") and leaves the file alone."""
    from filelock import FileLock

    import writer_app.settings.app_settings as app_settings

    store = SettingsStore(tmp_path / "settings.toml")
    store.save(Settings(font_size=13.0))
    before = store.path.read_bytes()
    monkeypatch.setattr(app_settings, "LOCK_TIMEOUT_S", 0.2)
    s = store.load()
    with FileLock(tmp_path / "settings.toml.lock", thread_local=False):
        with pytest.raises(OSError, match="locked"):
            store.update(s, replace(s, font_size=20.0))
    assert store.path.read_bytes() == before
    assert store.update(s, replace(s, font_size=20.0)).font_size == 20.0  # free again


WORKER = """
import sys
from dataclasses import replace
from writer_app.settings.app_settings import SettingsStore
path, field, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = SettingsStore(path)
s = store.load()
for i in range(1, count + 1):
    s = store.update(s, replace(s, **{field: type(getattr(s, field))(i)}))
s = store.update(s, s.with_recent("/docs/" + field))
"""


def test_real_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    """Three processes each change their own field 25 times and add a recent file, all at
    once: every last value and every file is in the result."""
    path = tmp_path / "settings.toml"
    mine = {"debounce_ms": 25, "max_tokens": 25, "font_size": 25.0}
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), name, "25"])
             for name in mine]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    result = SettingsStore(path).load()
    assert {name: getattr(result, name) for name in mine} == mine
    assert sorted(result.recent_files) == sorted(f"/docs/{name}" for name in mine)


# ------------------------------------------------------------------ a broken file


def test_a_syntax_error_keeps_the_file_and_says_where(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.toml")
    store.path.write_text("font_size = 14\nthis is = = not toml\n")
    assert store.load() == Settings()
    (backup,) = tmp_path.glob("settings.toml.*.bad")
    assert backup.read_text() == "font_size = 14\nthis is = = not toml\n"
    problem = store.take_problem()
    assert str(backup) in problem and "line 2" in problem and str(store.path) in problem
    assert store.take_problem() == ""  # told once
    s = store.load()
    store.update(s, replace(s, line_wrap=False))  # a later save: the backup is untouched
    assert backup.read_text() == "font_size = 14\nthis is = = not toml\n"
    assert store.problem == "" and list(tmp_path.glob("*.bad")) == [backup]


def test_a_second_broken_file_gets_its_own_backup(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.toml")
    for text in ("first = = broken\n", "second = = broken\n"):
        store.path.write_text(text)
        store.load()
    assert sorted(p.read_text() for p in tmp_path.glob("*.bad")) == ["first = = broken\n",
                                                                     "second = = broken\n"]


def test_a_file_that_is_not_utf8_is_kept(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.toml")
    store.path.write_bytes(b'font_family = "\xff"\n')
    assert store.load() == Settings()
    assert "UTF-8" in store.problem
    assert [p.read_bytes() for p in tmp_path.glob("*.bad")] == [b'font_family = "\xff"\n']


def test_a_bad_value_resets_only_that_option_and_is_reported(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.toml")
    text = 'font_size = 200\nline_wrap = "no"\ndebounce_ms = 300\n'
    store.path.write_text(text)
    s = store.load()
    assert (s.font_size, s.line_wrap, s.debounce_ms) == (Settings().font_size, True, 300)
    problem = store.take_problem()
    assert "font_size = 200 (must be 4..96)" in problem
    assert 'line_wrap = "no" (must be true or false)' in problem
    (backup,) = tmp_path.glob("settings.toml.*.bad")
    assert backup.read_text() == text and str(backup) in problem
    assert store.load() == s and store.problem == ""  # the file was rewritten: told once


def test_a_file_broken_while_running_is_kept_before_a_save(tmp_path: Path) -> None:
    """Another editor broke the file after start-up: the next save keeps it aside first."""
    store = SettingsStore(tmp_path / "settings.toml")
    s = store.load()
    store.path.write_text("max_tokens = = 3\n")
    merged = store.update(s, replace(s, line_wrap=False))
    assert merged == replace(Settings(), line_wrap=False) and store.load() == merged
    assert [p.read_text() for p in tmp_path.glob("*.bad")] == ["max_tokens = = 3\n"]
    assert "could not read" in store.take_problem()


def test_a_broken_file_that_cannot_be_kept_is_never_overwritten(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """No room for the copy (the disk is full): the file stays as the user wrote it, the
    problem says so, and saves fail (reported as "Settings not saved") until it is fixed."""
    import errno

    def no_room(self: SettingsStore, data: bytes) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SettingsStore, "_backup", no_room)
    store = SettingsStore(tmp_path / "settings.toml")
    store.path.write_text("oops = = 1\n")
    assert store.load() == Settings()
    problem = store.take_problem()
    assert "left as it is" in problem and "No space left" in problem
    s = Settings()
    with pytest.raises(OSError, match="No space left"):
        store.update(s, replace(s, font_size=20.0))
    with pytest.raises(OSError, match="No space left"):
        store.save(s)
    assert store.path.read_text() == "oops = = 1\n"

"""The recovery folder: autosaved work outlives a crash and is found again."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from writer_app.files import recovery
from writer_app.files.atomic_write import SaveError
from writer_app.files.document_file import FileFacts, FileStamp
from writer_app.files.recovery import (
    AUTOSAVE_MAX_WAIT_S,
    PREVIEW_CHARS,
    AutosaveResult,
    AutosaveSchedule,
    RecoveryStore,
    Snapshot,
    encode_lines,
)
from writer_app.files.text_codec import TextFormat

REPO = Path(__file__).resolve().parents[2]


def test_entries_of_a_running_session_are_not_orphans(tmp_path: Path) -> None:
    running = RecoveryStore(tmp_path)
    running.start()
    running.save("e1", "draft", None, "Untitled", TextFormat())
    other = RecoveryStore(tmp_path)
    other.start()
    assert other.orphans() == []  # its owner still holds the lock
    running.close()
    other.close()


def test_clean_close_removes_entries(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.start()
    store.save("e1", "draft", Path("/x/a.txt"), "a.txt", TextFormat())
    store.close()
    assert list(tmp_path.glob("*.txt")) == [] and list(tmp_path.glob("*.json")) == []
    later = RecoveryStore(tmp_path)
    later.start()
    assert later.orphans() == []
    later.close()


def test_work_of_a_killed_process_is_offered(tmp_path: Path) -> None:
    # A real crash: the writer is killed with SIGKILL right after autosaving.
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from writer_app.files.recovery import RecoveryStore
        from writer_app.files.text_codec import TextFormat
        store = RecoveryStore(Path({str(tmp_path)!r}))
        store.start()
        store.save("abc", "Unsaved words 你好\\n", Path("/home/u/notes.md"), "notes.md",
                   TextFormat("gb18030", False, "\\r\\n"))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    store = RecoveryStore(tmp_path)
    store.start()
    (entry,) = store.orphans()
    assert entry.read_text() == "Unsaved words 你好\n"
    assert entry.source == Path("/home/u/notes.md") and entry.title == "notes.md"
    assert entry.fmt == TextFormat("gb18030", False, "\r\n")
    store.discard(entry.entry_id)
    store.forget_dead_sessions()
    assert store.orphans() == []
    assert [p.stem for p in (tmp_path / "sessions").glob("*.lock")] == [store.session]
    store.close()


def test_half_written_or_foreign_files_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "junk.json").write_text("{not json")
    (tmp_path / "lonely.json").write_text('{"format_version": 1, "session": "s"}')
    store = RecoveryStore(tmp_path)
    store.start()
    assert store.orphans() == []
    store.close()


# ------------------------------------------------------------------ autosave schedule

def saves_while_typing(schedule: AutosaveSchedule, key_every_s: float, for_s: float) -> list[float]:
    """Drive the schedule as the editor's timer does: each key restarts the timer for
    ``due_in``; the timer fires if the next key comes later than that. Returns the times
    of the snapshots taken."""
    saves: list[float] = []
    now, due = 0.0, None
    while now < for_s:
        if due is not None and due <= now:  # the timer fired before this key
            saves.append(due)
            schedule.taken()
        schedule.changed(now)
        due = now + (schedule.due_in(now) or 0.0)
        now += key_every_s
    return saves


def test_a_steady_typist_is_autosaved_within_the_bound() -> None:
    # A key every 0.3 s for 30 s, never a 3 s pause: the idle delay alone never expires.
    schedule = AutosaveSchedule(idle_s=3.0)
    saves = saves_while_typing(schedule, key_every_s=0.3, for_s=30.0)
    assert saves, "never autosaved"
    gaps = [b - a for a, b in zip([0.0, *saves], [*saves, 30.0], strict=True)]
    # No change waits longer than the bound (plus one key's time for the timer to run).
    assert max(gaps) <= AUTOSAVE_MAX_WAIT_S + 0.3 < 5.0


def test_a_pause_saves_after_the_idle_delay() -> None:
    schedule = AutosaveSchedule(idle_s=1.0, max_wait_s=4.0)
    assert schedule.due_in(0.0) is None  # nothing to save
    schedule.changed(10.0)
    schedule.changed(10.5)
    assert schedule.due_in(10.5) == 1.0  # idle after the last key comes first
    schedule.changed(13.5)
    assert schedule.due_in(13.5) == 0.5  # the bound from the first change (14.0)
    assert schedule.due_in(20.0) == 0.0  # overdue
    schedule.taken()
    assert schedule.due_in(20.0) is None and not schedule.pending


# ------------------------------------------------------------------ background writes

def started_store(tmp_path: Path) -> RecoveryStore:
    store = RecoveryStore(tmp_path)
    store.start()
    return store


def snap(text: str, tag: int, entry_id: str = "e1", title: str = "story.txt") -> Snapshot:
    return Snapshot(entry_id, text.split("\n"), Path("/home/u") / title, title, FileFacts(),
                    time.time(), tag)


def test_a_newer_snapshot_is_never_overwritten_by_an_older_one(tmp_path: Path) -> None:
    store = started_store(tmp_path)
    busy, release = threading.Event(), threading.Event()
    results: list[AutosaveResult] = []

    def first_done(result: AutosaveResult) -> None:
        results.append(result)
        busy.set()
        release.wait(30)  # keeps the worker busy while newer snapshots arrive

    store.save_in_background(snap("one", 1), first_done)
    assert busy.wait(30)
    store.save_in_background(snap("one two", 2), results.append)
    store.save_in_background(snap("one two three\nfour", 3), results.append)
    release.set()
    assert store.wait_idle()
    assert [r.tag for r in results] == [1, 3]  # 2 was replaced while waiting, never written
    assert all(r.error is None for r in results)
    assert (tmp_path / "e1.txt").read_text(encoding="utf-8") == "one two three\nfour"
    store.close()


def test_discard_drops_waiting_writes_and_waits_for_the_running_one(tmp_path: Path) -> None:
    store = started_store(tmp_path)
    busy, release = threading.Event(), threading.Event()
    done: list[int] = []

    def slow_done(result: AutosaveResult) -> None:
        busy.set()
        release.wait(30)
        done.append(result.tag)

    store.save_in_background(snap("old", 1), slow_done)
    assert busy.wait(30)
    store.save_in_background(snap("newer", 2), lambda r: done.append(r.tag))
    threading.Timer(0.2, release.set).start()
    store.discard("e1")  # the document was saved: its entry must not come back
    assert done == [1]  # the running write finished before discard returned; 2 never ran
    assert store.wait_idle()
    assert list(tmp_path.glob("e1.*")) == []
    store.close()


def test_close_waits_for_writes_and_leaves_nothing(tmp_path: Path) -> None:
    store = started_store(tmp_path)
    for tag in range(1, 20):
        store.save_in_background(snap("x" * tag, tag, entry_id=f"e{tag % 3}"), lambda _r: None)
    store.close()
    assert list(tmp_path.glob("*.txt")) == [] and list(tmp_path.glob("*.json")) == []


def test_a_failed_write_names_the_document_not_the_entry_file(tmp_path: Path, monkeypatch) -> None:
    def disk_full(path: Path, data: bytes) -> None:
        raise SaveError(path, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))

    monkeypatch.setattr(recovery, "atomic_write_bytes", disk_full)
    store = started_store(tmp_path)
    results: list[AutosaveResult] = []
    store.save_in_background(snap("words", 1, entry_id="0123abcd"), results.append)
    assert store.wait_idle()
    (result,) = results
    assert isinstance(result.error, OSError)
    assert result.message == f"Autosave of story.txt failed: no space left on device (in {store.folder})."
    store.close()


def test_encode_lines_is_the_joined_text() -> None:
    lines = ["a\u00a0b", "", "\u2028😀", "中文", "\ud800"] * 5000  # more than one chunk
    assert encode_lines(lines) == "\n".join(lines).encode("utf-8", "surrogatepass")
    assert encode_lines([""]) == b""


# ------------------------------------------------------------------ the recovery prompt

def test_entries_of_one_file_are_told_apart(tmp_path: Path) -> None:
    store = started_store(tmp_path)
    source = tmp_path / "docs" / "story.txt"
    store.save("w1", "Chapter one.\n\nIt was a dark and stormy night; the rain fell in torrents, "
               "except at occasional intervals.", source, "story.txt", TextFormat())
    store.save("w2", "Notes for later", source, "story.txt", TextFormat())
    entries = sorted(store._entries(), key=lambda e: e.entry_id)
    now = entries[0].saved_at
    first, second = (e.describe(now) for e in entries)
    assert first.startswith(f"story.txt in {source.parent} (no longer there), autosaved ")
    assert time.strftime("%H:%M", time.localtime(entries[0].saved_at)) in first
    words = first.split(": ", 1)[1]
    assert words.startswith("\u201cChapter one. It was a dark and stormy night;")  # one line
    assert words.endswith("…\u201d") and len(words) <= PREVIEW_CHARS + 3
    assert second.endswith("\u201cNotes for later\u201d")
    assert first != second
    store.save("w3", "A new file", source, "story.txt", TextFormat(), FileStamp.absent())  # never written
    new = next(e for e in store._entries() if e.entry_id == "w3")
    assert new.describe(now).startswith(f"story.txt in {source.parent} (not saved yet), autosaved ")
    # Another day shows the date too.
    assert time.strftime("%Y", time.localtime(now)) in entries[0].describe(now + 3 * 86400)
    store.close()


def test_the_prompt_shows_where_the_unsaved_text_differs_from_its_file(tmp_path: Path) -> None:
    """A long file's first words say nothing about the edits kept: the prompt quotes the
    text where it first differs from the file on disk (read in the file's encoding)."""
    store = started_store(tmp_path)
    novel = tmp_path / "novel.txt"
    body = "It was a dark and stormy night. " * 200
    novel.write_text(body + "The end.\n", encoding="utf-8")
    store.save("w1", body + "The rain stopped at dawn. The end.\n", novel, "novel.txt", TextFormat())
    chinese = tmp_path / "笔记.txt"
    chinese.write_bytes("今天天气很好。\n".encode("gbk"))
    store.save("w2", "今天天气很好。\n", chinese, "笔记.txt", TextFormat("gbk"))
    store.save("w3", "Only here", None, "Untitled", TextFormat())
    by_title = {e.title: e.describe() for e in store._entries()}
    changed = by_title["novel.txt"].split(": ", 1)[1]
    assert changed.startswith("unsaved changes from \u201c…The rain stopped at dawn. The end.")
    assert by_title["笔记.txt"].endswith(": the same as the file on disk")
    assert by_title["Untitled"].endswith("\u201cOnly here\u201d")  # nothing to compare with
    later = time.time() + 60
    os.utime(novel, (later, later))  # the file saved again after the crash
    assert "novel.txt in " in by_title["novel.txt"] and "(saved again since)" in next(
        e for e in store._entries() if e.title == "novel.txt").describe()
    novel.unlink()  # gone: its first words, as before
    assert next(e for e in store._entries() if e.title == "novel.txt").describe().endswith(
        ": \u201cIt was a dark and stormy night. It was a dark and stormy…\u201d")
    store.close()


def test_a_big_file_shows_its_changed_words_too_and_is_compared_once(tmp_path: Path, monkeypatch) -> None:
    """For a 40 MB file the question showed the file's first words ("and was drifted quiet
    wrote Anna…"), as if there were nothing to compare with: files over 32 MB were not
    compared. A 50 MB one is, and once for orphans() and the question both (about 0.4 s on
    the 2-core machine, commit 96d3b9f; a time is not asserted here)."""
    novel = tmp_path / "novel.txt"
    body = "and was drifted quiet wrote Anna by the river.\n" * 1_100_000  # 51.7 MB
    half = len(body) // 2 - len(body) // 2 % 47
    novel.write_text(body, encoding="utf-8")
    dead = RecoveryStore(tmp_path / "recovery")
    dead.start()
    dead.save("a", body[:half] + "End edit for recovery. " + body[half:], novel, "novel.txt", TextFormat())
    dead.close(keep_entries=True)
    reads: list[Path] = []
    real_read = recovery.read_document
    monkeypatch.setattr(recovery, "read_document", lambda path, **kw: reads.append(path) or real_read(path, **kw))
    later = started_store(tmp_path / "recovery")
    (entry,) = later.orphans()
    changed = entry.describe().split(": ", 1)[1]
    assert changed.startswith("unsaved changes from \u201c…the river. End edit for recovery. and was")
    assert reads == [novel]
    later.close()


def test_an_entry_keeps_the_facts_of_the_file_its_text_was_based_on(tmp_path: Path) -> None:
    """The stamp (a save asks if the file changed since), and what opening it found that a
    save asks about: saving would change parts not edited; its encoding was a guess."""
    from writer_app.files.document_file import FileStamp, changed_on_disk, read_document

    doc = tmp_path / "two.txt"
    doc.write_text("first\n")
    base = read_document(doc).facts.stamp
    facts = FileFacts(TextFormat("cp1252", False, "\r\n"), base, "It has mixed line endings.", True)
    writer = RecoveryStore(tmp_path / "rec", session="dead")
    writer.start()
    writer.save_in_background(Snapshot("e1", ["typed"], doc, "two.txt", facts, time.time()),
                              lambda _r: None)
    assert writer.wait_idle()
    writer.save("e2", "untitled", None, "Untitled", TextFormat())
    writer._lock.release()  # the session dies without cleaning up (as after kill -9)
    reader = RecoveryStore(tmp_path / "rec")
    reader.start()
    by_id = {e.entry_id: e for e in reader.orphans()}
    assert by_id["e1"].facts == facts and by_id["e2"].facts == FileFacts()
    doc.write_text("first\nanother program's line\n")
    assert changed_on_disk(doc, by_id["e1"].stamp)

    # An entry written before stamps were recorded: the base is unknown, so a save asks.
    meta = tmp_path / "rec" / "e1.json"
    old = {k: v for k, v in json.loads(meta.read_text()).items() if k not in ("stamp", "problem", "guessed")}
    meta.write_text(json.dumps(old))
    (entry,) = [e for e in reader.orphans() if e.entry_id == "e1"]
    assert entry.facts == FileFacts(facts.fmt, FileStamp.unknown())
    assert changed_on_disk(doc, entry.stamp)
    reader.close()


def test_entries_with_nothing_to_recover_are_not_offered(tmp_path: Path) -> None:
    """Killed just after Save, a tester got six alike entries of one file back, some holding
    just what the file held."""
    docs = tmp_path / "docs"
    docs.mkdir()
    saved, edited = docs / "saved.txt", docs / "edited.txt"
    saved.write_text("All saved.\n", encoding="utf-8")
    edited.write_text("Old text.\n", encoding="utf-8")
    dead = RecoveryStore(tmp_path / "recovery")
    dead.start()
    dead.save("a", "All saved.\n", saved, "saved.txt", TextFormat())  # the file holds it
    for n, entry_id in enumerate(("b", "c", "d")):  # three windows' alike snapshots
        dead.save(entry_id, "New text.\n", edited, "edited.txt", TextFormat())
        time.sleep(0.01 * (n + 1))
    dead.save("e", "Other new text.\n", edited, "edited.txt", TextFormat())
    dead.save("f", "Untitled notes", None, "Untitled", TextFormat())
    dead.save("g", " \n", None, "Untitled 2", TextFormat())  # typed, then all deleted
    dead.close(keep_entries=True)  # as a crash leaves them
    later = RecoveryStore(tmp_path / "recovery")
    later.start()
    offered = later.orphans()
    assert sorted(e.entry_id for e in offered) == ["d", "e", "f"]  # the newest of b-d kept
    assert later.orphans() == offered  # the others are gone from the folder
    assert len(list((tmp_path / "recovery").glob("*.txt"))) == 3
    later.close()


def test_an_entry_whose_file_is_now_a_named_pipe_is_offered_without_blocking(tmp_path: Path) -> None:
    """Comparing an entry with its file (the recovery question) opened a named pipe put at
    its path and froze every later start: the pipe is never opened."""
    from .test_document_file import released_after

    doc = tmp_path / "notes.txt"
    dead = RecoveryStore(tmp_path / "recovery")
    dead.start()
    dead.save("a", "Unsaved notes.\n", doc, "notes.txt", TextFormat())
    dead.close(keep_entries=True)
    os.mkfifo(doc)
    later = RecoveryStore(tmp_path / "recovery")
    later.start()
    start = time.monotonic()
    with released_after(doc):
        (entry,) = later.orphans()
        assert entry.unsaved_preview() is None  # nothing to compare with
        assert entry.describe().endswith("\u201cUnsaved notes.\u201d")
    assert time.monotonic() - start < 4
    later.close()


def test_the_recovery_folder_is_its_owners_alone(tmp_path: Path) -> None:
    """A tester's unsaved text of a 0600 file was autosaved 0644 in a 0755 folder, where
    other users of the machine could read it. New or found, the folder is made 0700."""
    fresh = RecoveryStore(tmp_path / "new" / "recovery")
    fresh.start()
    fresh.save("a", "Private.", tmp_path / "letter.txt", "letter.txt", TextFormat())
    assert (tmp_path / "new" / "recovery").stat().st_mode & 0o777 == 0o700
    fresh.close()
    found = tmp_path / "old"
    found.mkdir(mode=0o755)
    found.chmod(0o755)
    old = RecoveryStore(found)
    old.start()
    assert found.stat().st_mode & 0o777 == 0o700
    old.close()

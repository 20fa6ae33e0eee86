"""The recovery folder: autosaved work outlives a crash and is found again."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from writer_app.core.recovery import RecoveryStore
from writer_app.core.text_codec import TextFormat

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
        from writer_app.core.recovery import RecoveryStore
        from writer_app.core.text_codec import TextFormat
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

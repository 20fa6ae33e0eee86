"""Atomic saves: the old file survives any failure and a kill; owner, group, mode,
extended attributes and hard links are kept; stale temporary files are cleaned up."""

from __future__ import annotations

import errno
import os
import signal
import stat
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from writer_app.files import atomic_write
from writer_app.files.atomic_write import (
    SaveError,
    atomic_write_bytes,
    atomic_write_via,
    remove_dir,
    replace_dir,
    staging_path,
)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_creates_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "new.txt"
    atomic_write_bytes(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert leftovers(tmp_path) == []


def test_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "doc.txt"
    target.write_bytes(b"old")
    target.chmod(0o640)
    inode = target.stat().st_ino
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.stat().st_ino != inode  # really replaced, not rewritten in place


def test_writes_through_a_symlink_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


@pytest.fixture
def read_only_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder nobody may write in. chmod 555 is enough for normal users; root ignores
    permissions, so there the OS's answer (EACCES from creating the temp file) is
    injected at the same place."""
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "doc.txt").write_bytes(b"original")
    folder.chmod(0o555)
    if os.geteuid() == 0:
        real_mkstemp = atomic_write.tempfile.mkstemp

        def denied(*args: object, **kwargs: object) -> tuple[int, str]:
            if Path(str(kwargs.get("dir"))) == folder:
                raise PermissionError(errno.EACCES, "Permission denied", str(folder))
            return real_mkstemp(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(atomic_write.tempfile, "mkstemp", denied)
    yield folder
    folder.chmod(0o755)


def test_read_only_folder_fails_with_a_reason_and_keeps_the_old_file(read_only_dir: Path) -> None:
    target = read_only_dir / "doc.txt"
    with pytest.raises(SaveError) as err:
        atomic_write_bytes(target, b"new text")
    assert "permission" in str(err.value)
    assert target.read_bytes() == b"original"
    assert leftovers(read_only_dir) == []


def test_full_disk_fails_with_a_reason_and_keeps_the_old_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.txt"
    target.write_bytes(b"original")

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_write.os, "write", full)
    with pytest.raises(SaveError) as err:
        atomic_write_bytes(target, b"new text" * 1000)
    assert "disk is full" in str(err.value)
    assert target.read_bytes() == b"original"
    assert leftovers(tmp_path) == []


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def dribble(fd: int, data: bytes) -> int:
        return real_write(fd, bytes(data[:3]))

    monkeypatch.setattr(atomic_write.os, "write", dribble)
    target = tmp_path / "doc.txt"
    atomic_write_bytes(target, b"0123456789")
    assert target.read_bytes() == b"0123456789"


def test_failed_fsync_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.txt"
    target.write_bytes(b"original")

    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(atomic_write.os, "fsync", broken)
    with pytest.raises(SaveError, match="input/output"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"original"
    assert leftovers(tmp_path) == []


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="does not exist"):
        atomic_write_bytes(tmp_path / "nope" / "doc.txt", b"x")


# ------------------------------------------------ what a save keeps besides the bytes

def our_files(folder: Path) -> list[str]:
    """Temporary files and backups of any save (ours are named .NAME.inkling-PID@HOST-…)."""
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".tmp", ".bak"))


def test_keeps_owner_and_group(tmp_path: Path) -> None:
    """After `sudo inkling` saves a user's 0600 file, the user must still own it."""
    target = tmp_path / "diary.txt"
    target.write_bytes(b"old")
    target.chmod(0o600)
    # root can give the file to anyone, so a save as root must give it back; others own theirs
    owner = (1234, 5678) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    os.chown(target, *owner)
    atomic_write_bytes(target, b"new")
    st = target.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (*owner, 0o600)
    assert target.read_bytes() == b"new" and our_files(tmp_path) == []


def _acl(user_id: int) -> bytes:
    """A POSIX ACL as Linux stores it in system.posix_acl_access (version 2; entries of
    tag u16, permissions u16, id u32; see acl(5)): rw for the owner and for user_id."""
    undefined = 0xFFFFFFFF
    entries = [(0x01, 6, undefined), (0x02, 6, user_id), (0x04, 4, undefined),
               (0x10, 6, undefined), (0x20, 4, undefined)]  # user_obj, user, group_obj, mask, other
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries)


def test_keeps_extended_attributes_and_acl(tmp_path: Path) -> None:
    target = tmp_path / "shared.txt"
    target.write_bytes(b"old")
    os.setxattr(target, "user.origin", b"written by a colleague")
    os.setxattr(target, "system.posix_acl_access", _acl(4321))
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.getxattr(target, "user.origin") == b"written by a colleague"
    assert os.getxattr(target, "system.posix_acl_access") == _acl(4321)
    assert stat.S_IMODE(target.stat().st_mode) & 0o070 == 0o060  # the ACL mask stays rw


def test_hard_links_stay_one_file(tmp_path: Path) -> None:
    target = tmp_path / "chapter.txt"
    target.write_bytes(b"old text")
    other = tmp_path / "chapter-link.txt"
    os.link(target, other)
    inode = target.stat().st_ino
    atomic_write_bytes(target, b"new")
    assert other.read_bytes() == b"new" and target.stat().st_ino == inode
    assert target.stat().st_nlink == 2
    assert our_files(tmp_path) == []


def test_a_file_whose_owner_cannot_be_kept_is_written_in_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user saving a colleague's group-writable file cannot chown a new one to the
    colleague (the kernel says EPERM); the file is rewritten in its own inode instead."""
    target = tmp_path / "team.txt"
    target.write_bytes(b"the old, longer text")
    if os.geteuid() == 0:
        os.chown(target, 1234, 5678)

    def refused(fd: int, uid: int, gid: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic_write.os, "fchown", refused)
    before = target.stat()
    atomic_write_bytes(target, b"new")
    after = target.stat()
    assert target.read_bytes() == b"new"
    assert (after.st_ino, after.st_uid, after.st_gid) == (before.st_ino, before.st_uid, before.st_gid)
    assert our_files(tmp_path) == []


def test_a_failed_in_place_write_puts_the_old_bytes_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "linked.txt"
    target.write_bytes(b"original text")
    os.link(target, tmp_path / "other.txt")
    real_write = os.write

    def disk_fills_up(fd: int, data: bytes) -> int:
        if bytes(data[:3]) == b"NEW":  # the new text: part of it lands, then the disk is full
            real_write(fd, bytes(data[:2]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)  # putting the old text back works

    monkeypatch.setattr(atomic_write.os, "write", disk_fills_up)
    with pytest.raises(SaveError, match="disk is full") as err:
        atomic_write_bytes(target, b"NEW TEXT, much longer than the original")
    assert err.value.backup is None
    assert target.read_bytes() == b"original text"
    assert our_files(tmp_path) == []


def test_when_even_restoring_fails_the_backup_is_kept_and_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "linked.txt"
    target.write_bytes(b"original text")
    os.link(target, tmp_path / "other.txt")

    def broken(fd: int, length: int) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(atomic_write.os, "ftruncate", broken)
    with pytest.raises(SaveError) as err:
        atomic_write_bytes(target, b"new")
    backup = err.value.backup
    assert backup is not None and backup.name in str(err.value)
    assert backup.read_bytes() == b"original text"


# ------------------------------------------------------ temporary files left by a kill

def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_only_stale_temporary_files_of_ours_are_removed(tmp_path: Path) -> None:
    host = atomic_write._HOST
    doc = tmp_path / "doc.txt"
    doc.write_bytes(b"text")
    names = {
        f".doc.txt.inkling-{dead_pid()}@{host}-abc123de.tmp": True,  # its process is gone
        f".doc.txt.inkling-{os.getpid()}@{host}-abc123de.tmp": False,  # a save of ours going on
        f".doc.txt.inkling-{os.getppid()}@{host}-abc123de.tmp": False,  # a live process
        f".doc.txt.inkling-{dead_pid()}@otherhost-abc123de.tmp": False,  # can't tell: recent
        ".doc.txt.inkling-1@otherhost-old123de.tmp": True,  # from another host, 2 hours old
        f".doc.txt.inkling-{dead_pid()}@{host}-abc123de.bak": True,  # same bytes as doc.txt
        f".doc.txt.inkling-{dead_pid()}@{host}-xyz123de.bak": False,  # may be the only copy
        ".doc.txt.k2j3h4.tmp": False,  # another program's (or an old Inkling's)
        "notes.tmp": False,
    }
    for name in names:
        (tmp_path / name).write_bytes(b"other" if "xyz" in name else b"text")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(tmp_path / ".doc.txt.inkling-1@otherhost-old123de.tmp", (two_hours_ago,) * 2)
    atomic_write_bytes(doc, b"new text")  # a save in that folder cleans up
    left = {p.name for p in tmp_path.iterdir()}
    assert {n for n, stale in names.items() if not stale} | {"doc.txt"} == left


KILLED_SAVER = """
import sys
from pathlib import Path
from writer_app.files.atomic_write import atomic_write_bytes
target, data = Path(sys.argv[1]), b"x" * 4_000_000
while True:
    atomic_write_bytes(target, data)
"""


def test_a_save_killed_midway_leaves_a_whole_file_and_the_next_save_cleans_up(
        tmp_path: Path) -> None:
    target = tmp_path / "novel.txt"
    target.write_bytes(b"old")
    leftover = []
    for _attempt in range(20):  # until the kill lands while a temporary file exists
        child = subprocess.Popen([sys.executable, "-c", KILLED_SAVER, str(target)],
                                 cwd=Path(__file__).parents[2])
        deadline = time.monotonic() + 60
        while not leftovers(tmp_path) and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.001)
        child.send_signal(signal.SIGKILL)
        child.wait()
        leftover = leftovers(tmp_path)
        if leftover:
            break
    assert leftover, "the saver was never caught writing"
    assert target.read_bytes() in (b"old", b"x" * 4_000_000)  # never half-written
    atomic_write_bytes(target, b"saved again")
    assert target.read_bytes() == b"saved again"
    assert leftovers(tmp_path) == []


def test_new_file_mode_reads_the_umask_without_changing_it(tmp_path: Path, monkeypatch) -> None:
    """Saving a new file must not set the process umask to 0, even for a moment: another
    thread (the autosave worker) creating a file then would make it world-writable."""
    import writer_app.files.atomic_write as aw

    calls: list[int] = []
    real_umask = os.umask
    monkeypatch.setattr(aw.os, "umask", lambda m: calls.append(m) or real_umask(m))
    old = real_umask(0o027)
    try:
        aw.atomic_write_bytes(tmp_path / "new.txt", b"x")
        assert 0 not in calls
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640
    finally:
        real_umask(old)


# ------------------------------------------- atomic_write_via and the folder variants


def test_via_writes_what_the_writer_streams_and_keeps_hard_links(tmp_path: Path) -> None:
    target = tmp_path / "weights.pt"
    atomic_write_via(target, lambda f: f.write(b"first"))
    assert target.read_bytes() == b"first" and leftovers(tmp_path) == []
    twin = tmp_path / "twin.pt"
    os.link(target, twin)  # two links: saved in place, through an in-memory buffer
    atomic_write_via(target, lambda f: (f.write(b"sec"), f.write(b"ond")))
    assert twin.read_bytes() == b"second" and os.stat(target).st_ino == os.stat(twin).st_ino


def test_via_a_writer_that_fails_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "last.pt"
    target.write_bytes(b"old checkpoint")

    def disk_fills(f) -> None:  # noqa: ANN001
        f.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(SaveError) as info:
        atomic_write_via(target, disk_fills)
    assert info.value.errno == errno.ENOSPC and "the disk is full" in str(info.value)

    def broken(f) -> None:  # noqa: ANN001
        f.write(b"half")
        raise ValueError("not serialisable")

    with pytest.raises(ValueError, match="not serialisable"):
        atomic_write_via(target, broken)
    assert target.read_bytes() == b"old checkpoint"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["last.pt"]


def test_replace_dir_moves_a_finished_folder_into_place(tmp_path: Path) -> None:
    target = tmp_path / "model"
    staged = staging_path(target)
    assert staged.parent == tmp_path and staged.name.startswith(".model.partial-")
    staged.mkdir()
    (staged / "a").write_text("new")
    replace_dir(staged, target)
    assert (target / "a").read_text() == "new" and not staged.exists()

    again = staging_path(target)
    again.mkdir()
    with pytest.raises(FileExistsError):
        replace_dir(again, target)
    (again / "a").write_text("newer")
    replace_dir(again, target, overwrite=True)
    assert (target / "a").read_text() == "newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]  # the old one is gone


def test_replace_dir_that_fails_puts_the_old_folder_back(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "model"
    target.mkdir()
    (target / "a").write_text("old")
    staged = staging_path(target)
    staged.mkdir()

    def refused(src, dst) -> None:  # noqa: ANN001
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic_write.os, "rename", refused)
    with pytest.raises(OSError):
        replace_dir(staged, target, overwrite=True)
    assert (target / "a").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["model", staged.name])


def test_remove_dir_renames_aside_then_removes(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "v1"
    folder.mkdir()
    (folder / "model.onnx").write_bytes(b"x")
    seen: list[str] = []
    real_rmtree = atomic_write.shutil.rmtree

    def rmtree(path, **kw) -> None:  # noqa: ANN001, ANN003
        seen.append(Path(path).name)
        assert not folder.exists()  # already gone from its name when the files go
        real_rmtree(path, **kw)

    monkeypatch.setattr(atomic_write.shutil, "rmtree", rmtree)
    remove_dir(folder)
    assert list(tmp_path.iterdir()) == [] and seen[0].startswith(".v1.deleting-")

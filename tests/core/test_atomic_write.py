"""Atomic saves: the old file survives any failure, permissions are kept."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from writer_app.core import atomic_write
from writer_app.core.atomic_write import SaveError, atomic_write_bytes


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
